// The fax imports' validation and the option parsers they share, as pure functions: every refusal
// names line, column and value; a key given twice names both lines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_IMPORT_COLUMNS, DID_IMPORT_COLUMNS, parseAccountImport, parseDidImport, type FaxImportResult } from '../../src/cli/fax-import.js';
import { accountName, accountType, applyFields, mac } from '../../src/cli/fax-fields.js';
import { ACCOUNT_DEFAULTS, ACCOUNT_FIELDS, describeAccount } from '../../src/app/fax-settings.js';
import { ON_OFF_SPELLINGS } from '../../src/app/on-off.js';

function problems<R>(result: FaxImportResult<R>): string[] {
  if (result.problems.length === 0) throw new Error(`expected refusal, got ${result.rows.length} rows`);
  return result.problems.map((p) => `${p.line}: ${p.message}`);
}

function rows<R>(result: FaxImportResult<R>): readonly R[] {
  if (result.problems.length) throw new Error(`refused: ${result.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  return result.rows;
}

describe('fax account import', () => {
  it('a row is the whole account: empty cells are the port server defaults', () => {
    const [row] = rows(parseAccountImport('name,password,customer\nBob,pw,\n', false));
    expect(row).toEqual({ line: 2, name: 'Bob', password: 'pw', settings: { ...ACCOUNT_DEFAULTS } });
  });

  it('every documented column is accepted together', () => {
    const header = Object.keys(ACCOUNT_IMPORT_COLUMNS);
    const values = [
      'bob', 'pw', '05A32765-C400-4993-90D8-35289F96988A', 'shared-send-only', 'off', 'yes', 'always', '*SALES', 'intl', 'Acme', 'web', 'ref 7',
      '"<QPXml Rf=""0"" />"', 'fax@example.com', '2', 'ACME', '5551119999', 'ACME TSI', 'gateway', 'always', '1', 'no', 'on', 'off', 'after-errors',
    ];
    expect(values).toHaveLength(header.length);
    const [row] = rows(parseAccountImport(`${header.join(',')}\n${values.join(',')}\n`, false));
    expect(row).toEqual({
      line: 2,
      name: 'bob',
      password: 'pw',
      uuid: '05a32765c400499390d835289f96988a',
      settings: {
        type: 1,
        send: false,
        receive: true,
        callAhead: 'always',
        loginGroup: '*SALES',
        ruleGroup: 'intl',
        customer: 'Acme',
        source: 'web',
        cdrInfo: 'ref 7',
        queueProfile: '<QPXml Rf="0" />',
        receiveEmail: 'fax@example.com',
        receiveFormat: 2,
        receiveCsid: 'ACME',
        sendAni: '5551119999',
        sendTsid: 'ACME TSI',
        failoverAccount: 'gateway',
        failoverMode: 'always',
        sendTimeExpired: true,
        receiveTimeExpired: false,
        sendOnBehalfOf: true,
        saveCdr: false,
        uploadLogs: 'after-errors',
      },
    });
  });

  it('the header: unknown, repeated and missing columns are refused at line 1, naming them', () => {
    expect(problems(parseAccountImport('name,pasword\nbob,x\n', false))).toEqual([expect.stringMatching(/^1: header column 2: unknown column "pasword" \(columns: name, password, uuid, type, /)]);
    expect(problems(parseAccountImport('name,send,Send\nbob,on,off\n', false))).toEqual(['1: header column 3: column "send" again (also column 2)']);
    expect(problems(parseAccountImport('password\npw\n', false))).toEqual(['1: header: no "name" column']);
    expect(problems(parseAccountImport('', false))).toEqual([expect.stringMatching(/^1: empty file/)]);
    expect(problems(parseAccountImport('name\n', false))).toEqual(['1: no accounts after the header row']);
  });

  it('every problem of every row in one pass, with real line numbers', () => {
    const csv = 'name,type,send,call_ahead,receive_format\n# staff\n\nok,private,on,never,0\n,0,on,,\nbad,group-random,maybe,sometimes,x\nshort,0\n';
    expect(problems(parseAccountImport(csv, false))).toEqual([
      '5: column "name" is empty',
      expect.stringMatching(/^6: column "type": "group-random" is a load-balance group, which firebridge does not host/),
      `6: column "send": "maybe" is neither true (${ON_OFF_SPELLINGS.true.join(', ')}) nor false (${ON_OFF_SPELLINGS.false.join(', ')})`,
      '6: column "call_ahead": "sometimes" is not one of never, dynamic, always',
      '6: column "receive_format": "x" is not a whole number from 0 to 4294967295',
      '7: 2 fields, the header has 5',
    ]);
  });

  it('the rows without a problem come back too, for the checks against the store', () => {
    const result = parseAccountImport('name,send\nbob,on\ncarol,maybe\ndave,off\n', false);
    expect(result.rows.map((r) => [r.line, r.name])).toEqual([[2, 'bob'], [4, 'dave']]);
    expect(problems(result)).toEqual([expect.stringMatching(/^3: column "send"/)]);
  });

  it('the same name twice, in any case, names both lines — also when a row has another problem', () => {
    expect(problems(parseAccountImport('name,send\nBob,on\ncarol,on\nBOB,flase\n', false))).toEqual([
      expect.stringMatching(/^4: column "send": "flase" is neither/),
      '4: account "BOB" again (first at line 2; names compare case-insensitively)',
    ]);
  });

  it('names: 16 bytes, or 64 characters only when a client is in UUID mode', () => {
    const long = 'a'.repeat(17);
    expect(problems(parseAccountImport(`name\n${long}\n`, false))).toEqual([
      `2: column "name": "${long}" is not an account name: an account name is at most 16 bytes (spec §1.4; 64 characters with UUID mode); no faxback client in the configuration has uuidMode: true`,
    ]);
    expect(rows(parseAccountImport(`name\n${long}\n`, true))[0]?.name).toBe(long);
    expect(problems(parseAccountImport(`name\n${'ü'.repeat(9)}\n`, false))[0]).toMatch(/at most 16 bytes/);
    expect(problems(parseAccountImport(`name\n${'a'.repeat(65)}\n`, true))[0]).toMatch(/at most 64 characters in UUID mode \(spec §6\)$/);
  });

  it('an account cannot fail over to itself; a UUID must be one', () => {
    expect(problems(parseAccountImport('name,failover,uuid\nBob,bob,\ncarol,,0x123\n', false))).toEqual([
      '2: column "failover": "bob" is the account itself',
      '3: column "uuid": "0x123" is not a UUID (32 hex digits, dashes allowed)',
    ]);
  });

  it('passwords and texts keep to the spec limits', () => {
    expect(problems(parseAccountImport(`name,password,send_tsid\nbob,${'p'.repeat(65)},${'t'.repeat(21)}\n`, false))).toEqual([
      '2: column "password": the password is longer than 64 bytes (User-Password, spec §3.2)',
      `2: column "send_tsid": "${'t'.repeat(21)}" is longer than 20 bytes (FB-Snd-TSID, spec §3.2)`,
    ]);
  });
});

describe('fax did import', () => {
  it('reads DIDs, the catch-all * included, with defaults for empty cells', () => {
    expect(rows(parseDidImport('did,account,enabled,line_num,send_ani\n5551231234,Bob,,,\n*,bob,off,2,5551119999\n'))).toEqual([
      { line: 2, did: { did: '5551231234', account: 'Bob', enabled: true } },
      { line: 3, did: { did: '*', account: 'bob', enabled: false, lineNum: 2, sendAni: '5551119999' } },
    ]);
    expect(Object.keys(DID_IMPORT_COLUMNS)).toEqual(['did', 'account', 'enabled', 'send_ani', 'queue_profile', 'line_num', 'line_id']);
  });

  it('refuses a missing account column at the header, empty cells and repeated DIDs at their rows', () => {
    expect(problems(parseDidImport('did\n555\n'))).toEqual(['1: header: no "account" column']);
    expect(problems(parseDidImport('did,account,line_num\n555,,\n,bob,\n555,carol,-1\n5 5,bob,\n'))).toEqual([
      '2: column "account" is empty',
      '3: column "did" is empty',
      '4: column "line_num": "-1" is not a whole number from 0 to 4294967295',
      '4: DID "555" again (first at line 2)',
      '5: column "did": "5 5" is not a DID: it contains white space',
    ]);
  });
});

describe('fax option parsers', () => {
  it('account types by number or name, never a load-balance group', () => {
    expect(accountType('Shared-Send-Only')).toEqual({ ok: true, value: 1 });
    expect(accountType('5')).toEqual({ ok: true, value: 5 });
    expect(accountType('9')).toMatchObject({ ok: false, why: expect.stringMatching(/load-balance group/) });
    expect(accountType('3')).toEqual({ ok: false, why: 'is not an account type (0 private, 1 shared-send-only, 4 queue-private, 5 queue-shared-send-only)' });
  });

  it('MAC addresses with ":" or "-" separators are normalised', () => {
    expect(mac('00:90:8f:1d:37:f0')).toEqual({ ok: true, value: '00908F1D37F0' });
    expect(mac('00-90-8F-1D-37-F0')).toEqual({ ok: true, value: '00908F1D37F0' });
    expect(mac('00908F1D37')).toMatchObject({ ok: false });
  });

  it('a control character is never a name', () => {
    expect(accountName(true)('bo\tb')).toEqual({ ok: false, why: 'contains a control character' });
  });

  it('an empty value sets a setting back to its default, or removes it', () => {
    const base = { ...ACCOUNT_DEFAULTS, send: false, customer: 'Acme' };
    const given: Record<string, string> = { send: '', customer: '' };
    expect(applyFields(ACCOUNT_FIELDS, base, ACCOUNT_DEFAULTS, (f) => given[f.key]).value).toEqual(ACCOUNT_DEFAULTS);
  });

  it('show never prints the password or its hash', () => {
    const d = describeAccount({ name: 'bob', uuid: '0'.repeat(32), passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', password: 'pw', ...ACCOUNT_DEFAULTS, modifiedAt: 0 });
    expect(d.password).toBe('clear-text');
    expect(JSON.stringify(d)).not.toMatch(/scrypt|"pw"/);
  });
});

describe('README → Fax commands', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('### Fax commands'), readme.indexOf('\n## ', readme.indexOf('### Fax commands')));

  it.each([
    ['account', ACCOUNT_IMPORT_COLUMNS, ACCOUNT_FIELDS.map((f) => f.flags!.split(' ')[0]!)],
    ['DID', DID_IMPORT_COLUMNS, ['--send-ani', '--queue-profile', '--line-num', '--line-id']],
  ] as const)('lists every %s column and option', (_what, columns, options) => {
    for (const c of Object.keys(columns)) expect(section, c).toContain(`\`${c}\``);
    for (const o of options) expect(section, o).toContain(`\`${o}\``);
  });
});
