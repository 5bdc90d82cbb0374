// `firebridge fax …` as an operator runs it: the built command against the test Redis, read back
// through the store the server uses.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createProgram } from '../../src/cli/program.js';
import { verifyPassword } from '../../src/faxback/password.js';
import { redisStore, type Store } from '../../src/store/index.js';
import { jsonLines, runCli, stderrBesideContext, type CliResult } from '../support/cli.js';
import { connectTest, redisTopology, uniquePrefix, type RedisKind } from '../support/stores.js';

function configFile(kind: RedisKind, prefix: string, extra: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fb-fax-')), 'c.yaml');
  writeFileSync(file, stringify({ redis: { ...redisTopology(kind), keyPrefix: prefix }, ...extra }));
  return file;
}

function csvFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fb-fax-csv-')), name);
  writeFileSync(file, text);
  return file;
}

function everyCommand(cmd: Command, path: string[] = []): Array<[string, Command]> {
  return cmd.commands.flatMap((c) => {
    const here = [...path, c.name()];
    return [[here.join(' '), c] as [string, Command], ...everyCommand(c, here)];
  });
}

describe('firebridge fax commands', () => {
  it('every word takes --config and --json, so they may stand anywhere', () => {
    const fax = createProgram().commands.find((c) => c.name() === 'fax')!;
    const all = [['fax', fax] as [string, Command], ...everyCommand(fax, ['fax'])].filter(([name]) => !name.endsWith(' help'));
    expect(all.length).toBeGreaterThan(20);
    for (const [name, c] of all) {
      expect(c.options.map((o) => o.long), name).toEqual(expect.arrayContaining(['--config', '--json']));
    }
  });
});

describe('firebridge fax', () => {
  const prefix = uniquePrefix();
  let cfg: string;
  let store: Store;

  /** Runs `fax …` with the test config; `@` in args stands for it (else it goes last). */
  function fax(args: string[], input?: string): Promise<CliResult> {
    const full = args.includes('@') ? args.map((a) => (a === '@' ? cfg : a)) : [...args, '--config', cfg];
    return runCli(['fax', ...full], input);
  }

  /** A command that must succeed with nothing on stderr beside the context line. */
  async function ok(args: string[], input?: string): Promise<string> {
    const r = await fax(args, input);
    expect(stderrBesideContext(r.stderr), args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    return r.stdout;
  }

  /** A command that must be refused: exit status 1, the one line after the context line returned. */
  async function refused(args: string[], input?: string): Promise<string> {
    const r = await fax(args, input);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stdout).toBe('');
    return stderrBesideContext(r.stderr);
  }

  beforeAll(async () => {
    cfg = configFile('redis', prefix);
    store = redisStore(await connectTest('redis'), prefix);
  });
  afterAll(() => store.close());

  describe('account', () => {
    it('adds with the password from stdin, kept as a scrypt hash only, with a new UUID', async () => {
      expect(await ok(['account', 'add', 'Bob', '--password-stdin', '--customer', 'Acme', '--send', 'off', '--type', 'shared-send-only'], 's3cret\n')).toBe('added fax account "Bob"\n');
      const bob = await store.fax.account('bob');
      expect(bob).toMatchObject({ name: 'Bob', customer: 'Acme', send: false, receive: true, type: 1, callAhead: 'dynamic', saveCdr: true });
      expect(bob?.uuid).toMatch(/^[0-9a-f]{32}$/);
      expect(bob?.password).toBeUndefined();
      expect(await verifyPassword('s3cret', bob!.passwordHash!)).toBe(true);
      expect(Math.abs(bob!.modifiedAt - Date.now() / 1000)).toBeLessThan(60);
    });

    it('names compare case-insensitively: the stored spelling is shown, a second add is refused', async () => {
      expect(await refused(['account', 'add', 'BOB', '--password', 'x'])).toBe(
        'firebridge: fax account add BOB: fax account "Bob" exists (names compare case-insensitively); use "firebridge fax account set"\n',
      );
      const [shown] = jsonLines(await ok(['account', 'show', 'bOB', '--json']));
      expect(shown).toMatchObject({ name: 'Bob', password: 'set', type: 'shared-send-only', send: false, customer: 'Acme', dids: [], atas: [] });
    });

    it('show never prints the password or its hash', async () => {
      const bob = await store.fax.account('bob');
      for (const args of [['account', 'show', 'bob'], ['account', 'show', 'bob', '--json'], ['account', 'list', '--json'], ['account', 'list']]) {
        const out = await ok(args);
        expect(out).not.toContain(bob!.passwordHash!);
        expect(out).not.toContain('s3cret');
        expect(out).not.toContain('scrypt');
      }
      expect(await ok(['account', 'show', 'bob'])).toMatch(/^password +set$/m);
    });

    it('--json in any position, one line for one account, one per account for a listing', async () => {
      await ok(['account', 'add', 'carol', '--store-clear-password', '--password', 'pw']);
      for (const args of [
        ['account', 'show', 'carol', '--json', '--config', '@'],
        ['account', 'show', '--json', 'carol', '--config', '@'],
        ['account', '--json', 'show', 'carol', '--config', '@'],
        ['--json', 'account', 'show', 'carol', '--config', '@'],
        ['--config', '@', 'account', 'show', 'carol', '--json'],
      ]) {
        const lines = jsonLines(await ok(args));
        expect(lines, args.join(' ')).toHaveLength(1);
        expect(lines[0]).toMatchObject({ name: 'carol', password: 'clear-text' });
      }
      for (const args of [['account', 'list', '--json'], ['account', '--json', 'list'], ['--json', 'account', 'list']]) {
        expect(jsonLines(await ok(args)).map((a) => a.name)).toEqual(['Bob', 'carol']);
      }
      expect(await ok(['account', 'list'])).toMatch(/\n2 rows\n$/);
    });

    it('set changes only what is given; the UUID stays; "" is the default; --no-password removes it', async () => {
      const before = (await store.fax.account('bob'))!;
      const [after] = jsonLines(await ok(['account', 'set', 'BOB', '--send', 'ON', '--customer', '', '--call-ahead', 'never', '--failover', 'CAROL', '--json']));
      expect(after).toMatchObject({ name: 'Bob', uuid: before.uuid, send: true, customer: null, callAhead: 'never', failoverAccount: 'carol', type: 'shared-send-only', password: 'set' });
      const stored = (await store.fax.account('bob'))!;
      expect(stored.passwordHash).toBe(before.passwordHash);
      expect(stored.customer).toBeUndefined();
      await ok(['account', 'set', 'bob', '--no-password']);
      expect(await store.fax.account('bob')).not.toHaveProperty('passwordHash');
      expect(await refused(['account', 'set', 'bob'])).toBe('firebridge: fax account set bob: nothing to change (see --help)\n');
      expect(await refused(['account', 'set', 'nobody', '--send', 'on'])).toBe('firebridge: fax account set nobody: no fax account "nobody"\n');
    });

    it('refuses bad values, naming each option, and writes nothing', async () => {
      const before = await store.fax.account('bob');
      expect(await refused(['account', 'set', 'bob', '--send', 'maybe', '--type', '9', '--send-tsid', 'x'.repeat(21)])).toMatch(
        /^firebridge: fax account set bob: --type: "9" is a load-balance group.*; --send: "maybe" is neither true \(.*\) nor false \(.*\); --send-tsid: "x{21}" is longer than 20 bytes \(FB-Snd-TSID, spec §3\.2\)\n$/,
      );
      expect(await refused(['account', 'add', 'dave', '--failover', 'nobody'])).toBe('firebridge: fax account add dave: --failover: no fax account "nobody"\n');
      expect(await store.fax.account('dave')).toBeUndefined();
      expect(await store.fax.account('bob')).toEqual(before);
    });

    it('a name longer than 16 bytes only when a faxback client is in UUID mode', async () => {
      const long = 'accounts-department-north';
      expect(await refused(['account', 'add', long])).toBe(
        `firebridge: fax account add ${long}: "${long}" is not an account name: an account name is at most 16 bytes (spec §1.4; 64 characters with UUID mode); no faxback client in the configuration has uuidMode: true\n`,
      );
      const uuidCfg = configFile('redis', prefix, { clients: [{ kind: 'faxback', name: 'ps1', address: '127.0.0.1', secret: 'fax-secret', faxback: { uuidMode: true } }] });
      const r = await runCli(['fax', 'account', 'add', long, '--config', uuidCfg]);
      expect(r.code).toBe(0);
      expect((await store.fax.account(long))?.name).toBe(long);
      await ok(['account', 'del', long]);
    });
  });

  describe('did', () => {
    it('refuses a DID for an account that does not exist, naming it', async () => {
      expect(await refused(['did', 'add', '5551231234', '--account', 'nobody'])).toBe('firebridge: fax did add 5551231234: no fax account "nobody"\n');
      expect(await store.fax.did('5551231234')).toBeUndefined();
    });

    it('adds, with the account spelled as stored, and the catch-all *', async () => {
      const [added] = jsonLines(await ok(['did', 'add', '5551231234', '--account', 'BOB', '--line-num', '2', '--json']));
      expect(added).toEqual({ did: '5551231234', account: 'Bob', enabled: true, sendAni: null, queueProfile: null, lineNum: 2, lineId: null });
      expect(await ok(['did', 'add', '*', '--account', 'carol', '--disabled'])).toBe('added DID "*" → fax account "carol"\n');
      expect(await store.fax.did('*')).toEqual({ did: '*', account: 'carol', enabled: false });
      expect(await refused(['did', 'add', '*', '--account', 'bob'])).toMatch(/^firebridge: fax did add \*: DID "\*" exists \(account "carol"\)/);
    });

    it('sets, shows, lists (all or one account\'s) and deletes', async () => {
      await ok(['did', 'set', '*', '--enable', '--send-ani', '5551119999', '--account', 'bob']);
      expect(await store.fax.did('*')).toEqual({ did: '*', account: 'Bob', enabled: true, sendAni: '5551119999' });
      expect(jsonLines(await ok(['did', 'show', '*', '--json']))).toEqual([expect.objectContaining({ did: '*', account: 'Bob', sendAni: '5551119999' })]);
      await ok(['did', 'add', '5550000001', '--account', 'carol']);
      expect(jsonLines(await ok(['did', 'list', '--json'])).map((d) => d.did)).toEqual(['*', '5550000001', '5551231234']);
      expect(jsonLines(await ok(['did', '--json', 'list', '--account', 'BOB'])).map((d) => d.did)).toEqual(['*', '5551231234']);
      expect(await ok(['did', 'del', '5550000001'])).toBe('deleted DID "5550000001" (was fax account "carol")\n');
      expect(await refused(['did', 'show', '5550000001'])).toBe('firebridge: fax did show 5550000001: no DID "5550000001"\n');
    });
  });

  describe('email and ata', () => {
    it('sender addresses: lower-cased, listed, refused for an unknown account, deleted', async () => {
      expect(await ok(['email', 'add', 'Fax@Example.COM', '--account', 'bob'])).toBe('added sender address "fax@example.com" → fax account "Bob"\n');
      expect(await refused(['email', 'add', 'x@example.com', '--account', 'nobody'])).toBe('firebridge: fax email add x@example.com: no fax account "nobody"\n');
      expect(await refused(['email', 'add', 'not-an-address', '--account', 'bob'])).toMatch(/is not an e-mail address/);
      await ok(['email', 'add', 'c@example.com', '--account', 'carol']);
      expect(jsonLines(await ok(['email', 'list', '--json']))).toEqual([
        { email: 'c@example.com', account: 'carol' },
        { email: 'fax@example.com', account: 'Bob' },
      ]);
      expect(jsonLines(await ok(['email', 'list', '--account', 'Carol', '--json']))).toEqual([{ email: 'c@example.com', account: 'carol' }]);
      await ok(['email', 'del', 'C@example.com']);
      expect(await store.fax.senderEmail('c@example.com')).toBeUndefined();
    });

    it('ATAs by MAC (":" or "-" separators, normalised) or serial', async () => {
      expect(await ok(['ata', 'add', '--mac', '00:90:8f:1d:37:f0', '--serial', '27482734', '--account', 'bob', '--provisioning-arg', 'line=1'])).toBe(
        'added ATA MAC 00908F1D37F0, serial 27482734 → fax account "Bob"\n',
      );
      expect(await store.fax.ataByMac('00908F1D37F0')).toEqual({ mac: '00908F1D37F0', serial: '27482734', account: 'Bob', provisioningArg: 'line=1' });
      expect(jsonLines(await ok(['ata', 'show', '--mac', '00-90-8F-1D-37-F0', '--json']))).toEqual([
        { mac: '00908F1D37F0', serial: '27482734', account: 'Bob', provisioningArg: 'line=1', queueProfile: null },
      ]);
      expect(await refused(['ata', 'add', '--serial', '27482734', '--account', 'carol'])).toMatch(/an ATA with serial 27482734 exists/);
      expect(await refused(['ata', 'show', '--mac', '00:90:8f'])).toMatch(/--mac: "00:90:8f" is not a MAC address/);
      await ok(['ata', 'add', '--serial', 'S-2', '--account', 'carol']);
      expect(jsonLines(await ok(['ata', 'list', '--json'])).map((a) => a.account)).toEqual(['Bob', 'carol']);
      expect(jsonLines(await ok(['ata', 'list', '--account', 'carol', '--json'])).map((a) => a.serial)).toEqual(['S-2']);
      await ok(['ata', 'del', '--serial', 'S-2']);
      expect(await refused(['ata', 'show', '--serial', 'S-2'])).toBe('firebridge: fax ata show: no ATA with serial S-2\n');
    });
  });

  describe('account del', () => {
    it('is refused while DIDs and ATAs point at the account, naming them; nothing is deleted', async () => {
      expect(await refused(['account', 'del', 'bob'])).toBe(
        'firebridge: fax account del bob: 2 DIDs (*, 5551231234) and 1 ATA (MAC 00908F1D37F0, serial 27482734) point at it: move or delete them first, or give --force to delete the DIDs and ATAs and clear the failovers\n',
      );
      expect(await store.fax.account('bob')).toBeDefined();
      expect(await store.fax.did('*')).toBeDefined();
    });

    it('--force deletes them too, clears failovers to it, and says so', async () => {
      await ok(['account', 'set', 'carol', '--failover', 'bob']);
      const [out] = jsonLines(await ok(['account', 'del', 'BOB', '--force', '--json']));
      expect(out).toEqual({ deleted: 'Bob', dids: ['*', '5551231234'], atas: ['MAC 00908F1D37F0, serial 27482734'], senderEmails: ['fax@example.com'], failoverCleared: ['carol'] });
      expect(await store.fax.account('bob')).toBeUndefined();
      expect(await store.fax.dids()).toEqual([]);
      expect(await store.fax.atas()).toEqual([]);
      expect(await store.fax.senderEmail('fax@example.com')).toBeUndefined();
      expect((await store.fax.account('carol'))?.failoverAccount).toBeUndefined();
      expect(await ok(['account', 'del', 'carol'])).toBe('deleted fax account "carol"\n');
      expect(await ok(['account', 'list', '--json'])).toBe('');
    });
  });

  describe('import', () => {
    it('a bad row refuses the whole file with its line, a repeated name names both lines; nothing written', async () => {
      const file = csvFile('accounts.csv', 'name,password,send,failover\n# office\nAnn,pw1,on,\n\nben,pw2,maybe,\nANN,pw3,off,\neve,pw4,on,nobody\n');
      const stderr = await refused(['account', 'import', file]);
      expect(stderr).toBe(
        [
          `firebridge: fax account import ${file}: import refused, nothing written (3 problems):`,
          `${file}:5: column "send": "maybe" is neither true (1, true, yes, y, on, enabled) nor false (0, false, no, n, off, disabled)`,
          `${file}:6: account "ANN" again (first at line 3; names compare case-insensitively)`,
          `${file}:7: column "failover": "nobody" is not a fax account (in the store or this file)`,
          '',
        ].join('\n'),
      );
      expect(await store.fax.accounts()).toEqual([]);
      const header = csvFile('header.csv', 'name,pasword\nann,x\n');
      expect(await refused(['account', 'import', header])).toMatch(new RegExp(`\n${header}:1: header column 2: unknown column "pasword"`));
    });

    it('--dry-run writes nothing; an import creates, and replaces keeping spelling and UUID', async () => {
      const file = csvFile('accounts.csv', 'name,password,type,failover,uuid\nAnn,pw1,queue-private,ben,05A32765-C400-4993-90D8-35289F96988A\nben,,,ann,\n');
      expect(await ok(['account', 'import', file, '--dry-run'])).toBe(`${file}: 2 accounts (2 new, 0 replaced) valid; nothing written (--dry-run)\n`);
      expect(await store.fax.accounts()).toEqual([]);
      expect(await ok(['account', 'import', file])).toBe(`imported 2 accounts (2 new, 0 replaced) from ${file}\n`);
      const ann = (await store.fax.account('ann'))!;
      expect(ann).toMatchObject({ name: 'Ann', uuid: '05a32765c400499390d835289f96988a', type: 4, failoverAccount: 'ben' });
      expect(await verifyPassword('pw1', ann.passwordHash!)).toBe(true);
      expect(await store.fax.account('ben')).toMatchObject({ name: 'ben', failoverAccount: 'Ann' });
      expect((await store.fax.account('ben'))?.passwordHash).toBeUndefined();
      const again = csvFile('again.csv', 'name,send\nANN,off\n');
      expect(jsonLines(await ok(['account', 'import', again, '--json']))).toEqual([{ file: again, accounts: 1, written: 1 }]);
      expect(await store.fax.account('ann')).toMatchObject({ name: 'Ann', uuid: ann.uuid, send: false, type: 0 });
      const otherUuid = csvFile('uuid.csv', 'name,uuid\nann,00000000000000000000000000000001\n');
      expect(await refused(['account', 'import', otherUuid])).toMatch(/:2: column "uuid": "00000000000000000000000000000001" is not the UUID of the existing account "Ann"/);
    });

    it('DIDs: an unknown account and a repeated DID are refused with their lines; then imported with stored spellings', async () => {
      const bad = csvFile('dids.csv', 'did,account,line_num\n5551231234,ann,1\n5551231234,ben,\n*,nobody,\n');
      expect(await refused(['did', 'import', bad])).toBe(
        [
          `firebridge: fax did import ${bad}: import refused, nothing written (2 problems):`,
          `${bad}:3: DID "5551231234" again (first at line 2)`,
          `${bad}:4: column "account": "nobody" is not a fax account`,
          '',
        ].join('\n'),
      );
      expect(await store.fax.dids()).toEqual([]);
      const good = csvFile('dids.csv', 'did,account,enabled,line_num\n5551231234,ANN,,1\n*,Ben,off,\n');
      expect(await ok(['did', 'import', good])).toBe(`imported 2 DIDs (2 new, 0 replaced) from ${good}\n`);
      expect(await store.fax.dids()).toEqual([
        { did: '*', account: 'ben', enabled: false },
        { did: '5551231234', account: 'Ann', enabled: true, lineNum: 1 },
      ]);
    });
  });

  describe('cdr', () => {
    it('lists fax records, oldest first; nothing at all with --json when there are none', async () => {
      expect(await ok(['cdr', '--json'])).toBe('');
      const event = { account: 'Ann', portServer: 'ps1', radiusSource: '127.0.0.1', unknown: [], receivedAt: Date.now() } as const;
      await store.fax.recordFax({ ...event, status: 'start', sessionId: 'fax-1', fields: { dial_number: '5551112345' } });
      await store.fax.recordFax({ ...event, status: 'stop', sessionId: 'fax-1', fields: { dial_number: '5551112345', page_count: '3' } });
      for (const args of [['cdr', '--json'], ['--json', 'cdr', '--since', '1h'], ['cdr', '--limit', '5', '--json']]) {
        const lines = jsonLines(await ok(args));
        expect(lines.map((l) => [l.session_id, l.status]), args.join(' ')).toEqual([['fax-1', 'start'], ['fax-1', 'stop']]);
        expect(lines[1]).toMatchObject({ id: expect.any(String), account: 'Ann', port_server: 'ps1', page_count: '3' });
      }
      expect(jsonLines(await ok(['cdr', '--limit', '1', '--json']))).toHaveLength(1);
      expect(await ok(['cdr'])).toMatch(/fax-1[\s\S]*\n2 rows\n$/);
      expect(await refused(['cdr', '--limit', 'lots'])).toBe('firebridge: fax cdr: --limit: "lots" is not a whole number ≥ 1\n');
    });
  });
});

describe('firebridge fax on a Redis Cluster', () => {
  it('adds, lists and deletes under one hash tag', async () => {
    const prefix = uniquePrefix();
    const cfg = configFile('cluster', prefix);
    expect((await runCli(['fax', 'account', 'add', 'zed', '--config', cfg])).code).toBe(0);
    expect((await runCli(['fax', 'did', 'add', '555', '--account', 'zed', '--config', cfg])).code).toBe(0);
    expect(jsonLines((await runCli(['fax', 'did', 'list', '--json', '--config', cfg])).stdout).map((d) => d.account)).toEqual(['zed']);
    expect((await runCli(['fax', 'account', 'del', 'zed', '--force', '--config', cfg])).code).toBe(0);
    expect((await runCli(['fax', 'account', 'list', '--json', '--config', cfg])).stdout).toBe('');
  });
});
