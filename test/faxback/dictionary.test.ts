// The FaxBack dictionary: the built-in table of spec §8.1, the FreeRADIUS-format file of spec §8.2
// (good file, every bad line placed as file:line:column), the merge where the file wins and each
// conflict is a warning naming both (spec §8.3), and the startup reports of spec §8.4.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/text/yaml-validation.js';
import { FAXBACK_ATTRIBUTES } from '../../src/faxback/attributes.js';
import { parseDictionaryFile, type DictionaryFile } from '../../src/faxback/dictionary-file.js';
import { BUILT_IN_DICTIONARY, loadDictionary, profileRequirementProblems, unnumberedReplyAttributes } from '../../src/faxback/dictionary.js';
import { DEFAULT_FAXBACK_PROFILE } from '../../src/config/schema.js';

/** Spec §8's minimal dictionary, verbatim. */
const SPEC_DICTIONARY = `VENDOR          FaxBack                         30694
BEGIN-VENDOR    FaxBack
ATTRIBUTE       FB-Command                      1       integer
ATTRIBUTE       FB-Context                      2       integer
ATTRIBUTE       FB-Account-Type                 10      integer
ATTRIBUTE       FB-Rcv-Email                    14      string
ATTRIBUTE       FB-Snd-ANI                      19      string
ATTRIBUTE       FB-Dial-Number                  34      string
ATTRIBUTE       FB-Client-Info                  45      string
ATTRIBUTE       FB-Queue-Profile                57      string
ATTRIBUTE       FB-Transfer-Type                58      integer
ATTRIBUTE       FB-Call-Ahead-Mode              61      integer
ATTRIBUTE       FB-Fax-ATA-Type                 66      integer
ATTRIBUTE       FB-DID                          75      string
VALUE   FB-Command      Get-Account                             1
VALUE   FB-Command      Get-Account-From-DID                    2
VALUE   FB-Command      Get-Account-From-Sender-Email-Address   3
VALUE   FB-Command      Get-Load-Balance-Group-Members          4
VALUE   FB-Command      Get-Call-Ahead-Mode                     5
VALUE   FB-Command      Get-Account-From-Serial-Number          6
VALUE   FB-Command      Get-Account-From-MAC-Address            7
VALUE   FB-Command      Get-DID                                 8
VALUE   FB-Command      Get-DIDs-For-Account                    9
VALUE   FB-Context      Account-Login           1
VALUE   FB-Context      Account-Validate        2
VALUE   FB-Context      Pre-Send-Session        3
VALUE   FB-Context      Pre-Receive-Session     4
VALUE   FB-Context      For-External-Module     5
VALUE   FB-Transfer-Type        Real-time       1
VALUE   FB-Transfer-Type        Queue           2
END-VENDOR      FaxBack
`;

function parsed(text: string, file = 'faxback.dict'): DictionaryFile {
  const r = parseDictionaryFile(text, file);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.dictionary;
}

function problems(text: string): string[] {
  const r = parseDictionaryFile(text, 'fb.dict');
  return r.ok ? [] : r.problems.map(formatProblem);
}

const wrap = (body: string): string => `VENDOR FaxBack 30694\nBEGIN-VENDOR FaxBack\n${body}\nEND-VENDOR FaxBack\n`;

describe('built-in table (spec §3.1, §8.1)', () => {
  it('numbers exactly the twelve decoded attributes', () => {
    const numbered = Object.entries(FAXBACK_ATTRIBUTES).filter(([, s]) => 'number' in s).map(([n, s]) => [n, (s as { number: number }).number]);
    expect(Object.fromEntries(numbered)).toEqual({
      'FB-Command': 1, 'FB-Context': 2, 'FB-Account-Type': 10, 'FB-Rcv-Email': 14, 'FB-Snd-ANI': 19, 'FB-Dial-Number': 34,
      'FB-Client-Info': 45, 'FB-Queue-Profile': 57, 'FB-Transfer-Type': 58, 'FB-Call-Ahead-Mode': 61, 'FB-Fax-ATA-Type': 66, 'FB-DID': 75,
    });
  });

  it('knows the 25 Access-side and 28 accounting-only attributes without numbers by name and type (spec §8)', () => {
    const unnumbered = Object.entries(FAXBACK_ATTRIBUTES).filter(([, s]) => !('number' in s));
    expect(unnumbered).toHaveLength(53);
    const accountingOnly = unnumbered.filter(([, s]) => s.use.length === 1 && s.use[0] === 'accounting');
    expect(accountingOnly).toHaveLength(28);
    expect(BUILT_IN_DICTIONARY.attribute('fb-page-count')).toEqual({ name: 'FB-Page-Count', number: undefined, type: 'integer', use: ['accounting'] });
    expect(BUILT_IN_DICTIONARY.attribute('FB-Start-Time')?.type).toBe('date');
  });

  it('answers numbers, names, types and value names', () => {
    const d = BUILT_IN_DICTIONARY;
    expect(d.numberOf('FB-DID')).toBe(75);
    expect(d.numberOf('FB-Snd-From-Account')).toBeUndefined();
    expect(d.byNumber(58)).toMatchObject({ name: 'FB-Transfer-Type', type: 'integer' });
    expect(d.byNumber(3)).toBeUndefined();
    expect(d.valueName('FB-Command', 9)).toBe('Get-DIDs-For-Account');
    expect(d.valueOf('fb-context', 'pre-receive-session')).toBe(4);
    expect(d.valueName('FB-Transfer-Type', 2)).toBe('Queue');
    expect(d.valueName('FB-Account-Type', 4)).toBe('Queue-Private');
    expect(d.valueName('FB-Call-Ahead-Mode', 2)).toBe('Always');
    expect(d.valueName('FB-CDR-Type', 6)).toBe('SendStageCompleted');
    expect(d.valueName('FB-Called-Number-Result', 2)).toBe('VoiceError');
  });

  it('the spec §8 dictionary, as a file, agrees with the built-in table: no warnings', () => {
    const loaded = loadDictionary(parsed(SPEC_DICTIONARY));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.dictionary.numberOf('FB-Queue-Profile')).toBe(57);
  });
});

describe('parseDictionaryFile (spec §8.2)', () => {
  it('reads attributes, values, comments, blank lines, hex numbers and the older vendor-field form', () => {
    const d = parsed(`# FaxBack, converted\n\nVENDOR FaxBack 30694 format=1,1\nBEGIN-VENDOR FaxBack\nATTRIBUTE FB-Snd-From-Account 0x20 integer # send flag\nATTRIBUTE FB-Page-Count 90 integer\nVALUE FB-Snd-From-Account Disabled 0\nEND-VENDOR FaxBack\nATTRIBUTE FB-Msg-Type 91 integer FaxBack\n`);
    expect(d.attributes.map((a) => [a.name, a.number, a.type, a.at.line])).toEqual([
      ['FB-Snd-From-Account', 32, 'integer', 5],
      ['FB-Page-Count', 90, 'integer', 6],
      ['FB-Msg-Type', 91, 'integer', 9],
    ]);
    expect(d.values).toEqual([{ attribute: 'FB-Snd-From-Account', name: 'Disabled', value: 0, at: { line: 7, column: 1 } }]);
  });

  it('places every bad line as file:line:column', () => {
    expect(problems('VENDOR Other 9\n')).toEqual([`fb.dict:1:14: vendor 9 is not FaxBack's 30694: this file may define only FaxBack attributes`]);
    expect(problems('ATTRIBUTE FB-X 5 integer\n')).toEqual(['fb.dict:1:1: ATTRIBUTE outside BEGIN-VENDOR FaxBack: this file may define only FaxBack attributes']);
    expect(problems(wrap('ATTRIBUTE FB-X 256 integer'))).toEqual(['fb.dict:3:16: attribute number "256" is not 1..255 (a vendor sub-attribute type is one octet, RFC 2865 §5.26)']);
    expect(problems(wrap('ATTRIBUTE FB-X 5 tlv'))).toEqual(['fb.dict:3:18: type "tlv" is not one of integer, string, octets, date, ipaddr, byte, short, signed']);
    expect(problems(wrap('  ATTRIBUTE FB-X 5'))).toEqual(['fb.dict:3:19: ATTRIBUTE takes 3 fields: ATTRIBUTE name number type']);
    expect(problems(wrap('ATTRIBUTE FB-X 5 string encrypt=1'))).toEqual(['fb.dict:3:25: attribute flags ("encrypt=1") are not supported: a FaxBack attribute is sent as is']);
    expect(problems(wrap('ATTRIBUTE FB-X 5 string\nATTRIBUTE FB-Y 5 string'))).toEqual(['fb.dict:4:16: number 5 is already FB-X on line 3']);
    expect(problems(wrap('ATTRIBUTE FB-X 5 string\nATTRIBUTE fb-x 6 string'))).toEqual(['fb.dict:4:11: fb-x is already 5 string on line 3']);
    expect(problems(wrap('VALUE FB-Nothing A 1'))).toEqual(['fb.dict:3:7: VALUE for FB-Nothing, which neither this file (above) nor the built-in table defines']);
    expect(problems(wrap('VALUE FB-DID A 1'))).toEqual(['fb.dict:3:7: VALUE for FB-DID, which is string: value names are for integer attributes']);
    expect(problems(wrap('VALUE FB-Command A -1'))).toEqual(['fb.dict:3:20: value "-1" is not a 32-bit unsigned number']);
    expect(problems(wrap('$INCLUDE other'))).toEqual(['fb.dict:3:1: $INCLUDE is not supported: put the FaxBack definitions in this one file']);
    expect(problems(wrap('FLAGS internal'))).toEqual(['fb.dict:3:1: "FLAGS" is not VENDOR, BEGIN-VENDOR, END-VENDOR, ATTRIBUTE or VALUE']);
    expect(problems('VENDOR FaxBack 30694\nBEGIN-VENDOR FaxBack\n')).toEqual(['fb.dict:2:1: BEGIN-VENDOR FaxBack is never closed by END-VENDOR']);
    expect(problems('BEGIN-VENDOR FaxBack\n')).toEqual(['fb.dict:1:14: vendor FaxBack is not declared by a VENDOR line above']);
    expect(problems('VENDOR FaxBack 30694\nEND-VENDOR FaxBack\n')).toEqual(['fb.dict:2:1: END-VENDOR without BEGIN-VENDOR']);
  });

  it('reports every problem of a file at once, in line order', () => {
    expect(problems(wrap('ATTRIBUTE A 0 string\nATTRIBUTE B 2 nonsense\n# fine\nWHAT')).map((p) => p.split(':').slice(0, 3).join(':'))).toEqual([
      'fb.dict:3:13',
      'fb.dict:4:15',
      'fb.dict:6:1',
    ]);
  });
});

describe('loadDictionary: the file wins, each conflict a warning (spec §8.3)', () => {
  it('numbers the unknown attributes and adds attributes only the file knows', () => {
    const { dictionary, warnings } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Snd-From-Account 80 integer\nATTRIBUTE FB-Vendor-Extra 81 string')));
    expect(warnings).toEqual([]);
    expect(dictionary.numberOf('FB-Snd-From-Account')).toBe(80);
    expect(dictionary.byNumber(81)).toEqual({ name: 'FB-Vendor-Extra', number: 81, type: 'string', use: [] });
    expect(dictionary.numberOf('FB-DID')).toBe(75);
  });

  it('a different number for a built-in attribute: the file wins, the warning names both', () => {
    const { dictionary, warnings } = loadDictionary(parsed(wrap('ATTRIBUTE fb-did 76 string'), 'vendor.dict'));
    expect(dictionary.numberOf('FB-DID')).toBe(76);
    expect(dictionary.byNumber(75)).toBeUndefined();
    expect(warnings.map(formatProblem)).toEqual(['vendor.dict:3:1: FB-DID is 76 here but 75 built in (decoded from the manual\'s packets); using 76']);
  });

  it('a built-in number taken by another name unnumbers the built-in attribute, with a warning', () => {
    const { dictionary, warnings } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Line-Id 75 string')));
    expect(dictionary.byNumber(75)?.name).toBe('FB-Line-Id');
    expect(dictionary.numberOf('FB-DID')).toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual(['number 75 is FB-Line-Id here but FB-DID built in; using FB-Line-Id, so FB-DID has no number']);
  });

  it('a different type or value number: the file wins, with a warning', () => {
    const { dictionary, warnings } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Msg-Type 90 integer\nVALUE FB-Transfer-Type Queue 3\nVALUE FB-Transfer-Type Queued 2')));
    expect(dictionary.attribute('FB-Msg-Type')?.type).toBe('integer');
    expect(dictionary.valueOf('FB-Transfer-Type', 'Queue')).toBe(3);
    expect(dictionary.valueName('FB-Transfer-Type', 2)).toBe('Queued');
    expect(warnings.map((w) => w.message)).toEqual([
      'FB-Msg-Type is integer here but string built in; using integer',
      'FB-Transfer-Type Queue is 3 here but 2 built in; using 3',
    ]);
  });
});

describe('startup reports (spec §8.4, §6)', () => {
  it('lists the reply attributes still unnumbered', () => {
    const built = unnumberedReplyAttributes(BUILT_IN_DICTIONARY);
    expect(built).toHaveLength(24);
    expect(built).toContain('FB-Snd-From-Account');
    expect(built).not.toContain('FB-Snd-Email');
    const { dictionary } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Snd-From-Account 80 integer')));
    expect(unnumberedReplyAttributes(dictionary)).toHaveLength(23);
  });

  it('UUID mode without FB-Account-UUID and FB-Rcv-Failover-Account-UUID is refused, naming attribute and setting', () => {
    expect(profileRequirementProblems(DEFAULT_FAXBACK_PROFILE, BUILT_IN_DICTIONARY)).toEqual([]);
    const uuid = { ...DEFAULT_FAXBACK_PROFILE, uuidMode: true };
    expect(profileRequirementProblems(uuid, BUILT_IN_DICTIONARY).map((p) => [p.setting, p.attribute])).toEqual([
      ['uuidMode', 'FB-Account-UUID'],
      ['uuidMode', 'FB-Rcv-Failover-Account-UUID'],
    ]);
    const { dictionary } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Account-UUID 90 octets\nATTRIBUTE FB-Rcv-Failover-Account-UUID 91 octets')));
    expect(profileRequirementProblems(uuid, dictionary)).toEqual([]);
  });

  it('a file that takes FB-DID\'s or FB-Command\'s number is refused for the settings that need them', () => {
    const { dictionary } = loadDictionary(parsed(wrap('ATTRIBUTE FB-Line-Id 75 string\nATTRIBUTE FB-Line-Num 1 integer')));
    expect(profileRequirementProblems(DEFAULT_FAXBACK_PROFILE, dictionary).map((p) => [p.setting, p.attribute])).toEqual([
      ['dictionary', 'FB-Command'],
      ['answer.getDidsForAccount', 'FB-DID'],
    ]);
    const off = { ...DEFAULT_FAXBACK_PROFILE, answer: { ...DEFAULT_FAXBACK_PROFILE.answer, getDidsForAccount: false } };
    expect(profileRequirementProblems(off, dictionary).map((p) => p.attribute)).toEqual(['FB-Command']);
  });
});
