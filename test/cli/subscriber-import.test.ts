// The CSV import's validation, as a pure function: every refusal names line, column and value.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENABLED_SPELLINGS, IMPORT_COLUMNS, parseSubscriberImport, type ImportResult } from '../../src/app/subscriber-import.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function problems(result: ImportResult): string[] {
  if (result.ok) throw new Error(`expected refusal, got ${result.subscribers.length} subscribers`);
  return result.problems.map((p) => `${p.line}: ${p.message}`);
}

function accepted(result: ImportResult) {
  if (!result.ok) throw new Error(`refused: ${result.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  return result.subscribers;
}

describe('subscriber import: enabled', () => {
  it.each(ENABLED_SPELLINGS.false.flatMap((s) => [s, s.toUpperCase()]))('"%s" imports a disabled account', (spelling) => {
    const [s] = accepted(parseSubscriberImport(`username,password,enabled\nbob,pw,${spelling}\n`, 'office', false));
    expect(s?.enabled).toBe(false);
  });

  it.each(ENABLED_SPELLINGS.true)('"%s" imports an enabled account', (spelling) => {
    const [s] = accepted(parseSubscriberImport(`username,password,enabled\nbob,pw,${spelling}\n`, 'office', false));
    expect(s?.enabled).toBe(true);
  });

  it('an empty cell means enabled', () => {
    const [s] = accepted(parseSubscriberImport('username,password,enabled\nbob,pw,\n', 'office', false));
    expect(s?.enabled).toBe(true);
  });

  it.each(['flase', 'disable', 'nope', '2', '-'])('"%s" is refused with line, column and value', (spelling) => {
    expect(problems(parseSubscriberImport(`username,password,enabled\nbob,pw,${spelling}\n`, 'office', false))).toEqual([
      expect.stringMatching(new RegExp(`^2: column "enabled": "${spelling}" is neither true \\(1, true.*\\) nor false \\(0, false.*\\)$`)),
    ]);
  });
});

describe('subscriber import: header', () => {
  it('an unknown column is refused, naming it and its position', () => {
    expect(problems(parseSubscriberImport('username,password,max_call\nbob,pw,2\n', 'office', false))).toEqual([
      expect.stringMatching(/^1: header column 3: unknown column "max_call" \(columns: username, password, /),
    ]);
  });

  it('"user,password" says which column is unknown and that username is missing, not "username is empty"', () => {
    const got = problems(parseSubscriberImport('user,password\nbob,pw\n', 'office', false));
    expect(got).toEqual([expect.stringMatching(/^1: header column 1: unknown column "user"/), '1: header: no "username" column']);
    expect(got.join('\n')).not.toContain('is empty');
  });

  it('a column twice is refused, naming both positions', () => {
    expect(problems(parseSubscriberImport('username,password,number,Number\nbob,pw,1,2\n', 'office', false))).toEqual([
      '1: header column 4: column "number" again (also column 3)',
    ]);
  });

  it('no credential column is refused at the header', () => {
    expect(problems(parseSubscriberImport('username,number\nbob,201\n', 'office', false))).toEqual([
      '1: header: no "password" column (or ha1_md5, ha1_sha256, ha1_sha512_256)',
    ]);
  });

  it('header names are case-insensitive and a UTF-8 byte-order mark is ignored', () => {
    const [s] = accepted(parseSubscriberImport('\ufeffUserName,Password\nbob,pw\n', 'office', false));
    expect(s?.username).toBe('bob');
  });

  it('an empty file and a header alone are refused', () => {
    expect(problems(parseSubscriberImport('', 'office', false))).toEqual([expect.stringMatching(/^1: empty file/)]);
    expect(problems(parseSubscriberImport('username,password\n', 'office', false))).toEqual(['1: no subscribers after the header row']);
  });

  it('every documented column is accepted together', () => {
    const header = Object.keys(IMPORT_COLUMNS).filter((c) => !c.startsWith('ha1_'));
    const [s] = accepted(parseSubscriberImport(`${header.join(',')}\nbob,pw,other,+44201,cust-9,3,2,"02071234500, +14155550123",3600,yes\n`, 'office', true));
    expect(s).toEqual({
      username: 'bob',
      realm: 'other',
      ha1: expect.objectContaining({ MD5: md5('bob:other:pw') }),
      password: 'pw',
      number: '+44201',
      cui: 'cust-9',
      maxRegistrations: 3,
      maxCalls: 2,
      present: ['+442071234500', '+14155550123'],
      maxDuration: 3600,
      enabled: true,
    });
  });
});

describe('subscriber import: rows', () => {
  it('the same username twice in one realm is refused, naming both lines', () => {
    const csv = 'username,password,realm\nbob,pw1,\n# a comment\n\ncarol,pw2,\nbob,pw3,\nbob,pw4,other\n';
    expect(problems(parseSubscriberImport(csv, 'office', false))).toEqual(['6: subscriber bob@office again (first at line 2)']);
  });

  it('a repeated subscriber is reported also when a row of it has another problem, in one pass', () => {
    expect(problems(parseSubscriberImport('username,password,enabled\nbob,pw,flase\nbob,pw2,yes\n', 'office', false))).toEqual([
      expect.stringMatching(/^2: column "enabled": "flase" is neither true/),
      '3: subscriber bob@office again (first at line 2)',
    ]);
  });

  it('the default realm and an explicit one naming the same realm are the same subscriber', () => {
    expect(problems(parseSubscriberImport('username,password,realm\nbob,pw1,\nbob,pw2,office\n', 'office', false))).toEqual([
      '3: subscriber bob@office again (first at line 2)',
    ]);
  });

  it('line numbers count comments, blank lines and quoted line breaks', () => {
    const csv = 'username,password,max_calls\n# staff\n\n"bob","multi\nline",1\ncarol,pw,x\n';
    expect(problems(parseSubscriberImport(csv, 'office', false))).toEqual(['6: column "max_calls": "x" is not a whole number ≥ 0']);
  });

  it('present: caller IDs stored in E.164, a value that is no number refused, an empty cell none', () => {
    const csv = 'username,password,present\nann,pw,"442071234500,02071234500"\nbea,pw,\ncid,pw,"02071234500,020 7123"\n';
    expect(problems(parseSubscriberImport(csv, 'office', false))).toEqual(['4: column "present": "02071234500,020 7123" has "020 7123", which is not a telephone number']);
    const [ann, bea] = accepted(parseSubscriberImport(csv.split('\n').slice(0, 3).join('\n'), 'office', false));
    expect(ann!.present).toEqual(['+442071234500']);
    expect(bea!.present).toBeUndefined();
  });

  it('reports every problem of every row in one pass', () => {
    const csv = 'username,password,number,max_calls,max_registrations\n,pw,201,,\ncarol,pw,2O4,lots,-1\ndave,pw,205\n';
    expect(problems(parseSubscriberImport(csv, 'office', false))).toEqual([
      '2: column "username" is empty',
      '3: column "number": "2O4" is not a number (digits, optionally a leading +)',
      '3: column "max_registrations": "-1" is not a whole number ≥ 0',
      '3: column "max_calls": "lots" is not a whole number ≥ 0',
      '4: 3 fields, the header has 5',
    ].sort((a, b) => parseInt(a) - parseInt(b)));
  });

  it('ha1 columns: exact hex length, lower-cased, not together with a password', () => {
    const ha1 = md5('bob:office:pw').toUpperCase();
    const [s] = accepted(parseSubscriberImport(`username,ha1_md5\nbob,${ha1}\n`, 'office', false));
    expect(s?.ha1).toEqual({ MD5: ha1.toLowerCase() });
    expect(problems(parseSubscriberImport(`username,ha1_md5\nbob,${ha1.slice(1)}\n`, 'office', false))).toEqual([
      `2: column "ha1_md5": "${ha1.slice(1)}" is not 32 hex digits`,
    ]);
    expect(problems(parseSubscriberImport(`username,password,ha1_md5\nbob,pw,${ha1}\n`, 'office', false))).toEqual([
      '2: has both "password" and an ha1 column: give one, so there is no doubt which is meant',
    ]);
    expect(problems(parseSubscriberImport('username,password,ha1_sha256\nbob,,\n', 'office', false))).toEqual([
      '2: needs a "password" (or an ha1_md5 / ha1_sha256 / ha1_sha512_256)',
    ]);
  });

  it('passwords are stored in clear only when asked', () => {
    const [plain] = accepted(parseSubscriberImport('username,password\nbob,pw\n', 'office', false));
    expect(plain?.password).toBeUndefined();
    const [kept] = accepted(parseSubscriberImport('username,password\nbob,pw\n', 'office', true));
    expect(kept?.password).toBe('pw');
  });

  it('an unclosed quote is refused with its line, not a crash', () => {
    expect(problems(parseSubscriberImport('username,password\nbob,"pw\n', 'office', false))).toEqual([expect.stringMatching(/^\d+: .*quote/i)]);
  });
});
