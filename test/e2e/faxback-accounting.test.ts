// FaxBack accounting end to end (spec §4): radclient sends Start, Alive and Stop as the port server's
// BillingDb does, `firebridge fax cdr --json` reads back what was kept — resent Stops once, a Stop
// without Start, nothing for an FB-Save-CDR = 0 account, unnamed sub-attributes as number:hex — and
// with the test's own redis-server killed a Stop is acknowledged only from the journal, which replays
// it into the fax-record stream once Redis is back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILT_IN_DICTIONARY } from '../../src/faxback/index.js';
import { Code } from '../../src/radius/index.js';
import { account } from '../faxback/support.js';
import { configFileFor, jsonLines, runCli, stderrBesideContext } from '../support/cli.js';
import { PortServerStandIn, radclientDictionaryDir, startFaxbackServer } from '../support/port-server.js';
import { radclient } from '../support/radclient.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';
import { available } from '../support/tools.js';
import { until } from '../support/wait.js';

/** `firebridge fax cdr --json` against the server's store: every record kept. */
async function faxRecords(server: TestServer): Promise<Array<Record<string, unknown>>> {
  const r = await runCli(['fax', 'cdr', '--json', '--config', configFileFor(server.config)]);
  expect(stderrBesideContext(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return jsonLines(r.stdout);
}

const ofSession = (records: Array<Record<string, unknown>>, session: string): Array<Record<string, unknown>> => records.filter((r) => r.session_id === session);

describe.skipIf(!available('radclient'))('fax accounting from radclient', () => {
  let server: TestServer;
  let raddb: string;
  beforeAll(async () => {
    server = await startFaxbackServer();
    raddb = radclientDictionaryDir(BUILT_IN_DICTIONARY);
  });
  afterAll(() => server?.stop());

  /** One Accounting-Request from radclient (its Identifier is new each run, as a resent Stop's may be). */
  async function acct(lines: readonly string[]): Promise<string | undefined> {
    const r = await radclient(`127.0.0.1:${server.acctPort}`, 'acct', TEST_SECRET, lines, { raddb, timeoutSeconds: 3 });
    expect(r.stderr, r.stdout).not.toMatch(/error/i);
    return r.replyCode;
  }
  const packet = (status: 'Start' | 'Interim-Update' | 'Stop', session: string, user: string, ...more: string[]): string[] => [
    `Acct-Status-Type = ${status}`,
    `Acct-Session-Id = "${session}"`,
    `User-Name = "${user}"`,
    'FB-Dial-Number = "5551231234"',
    ...more,
  ];

  it('Start, Alive and Stop are each acknowledged and kept once; a Stop resent with a new Identifier is acknowledged again and not stored twice', async () => {
    const session = randomUUID().replace(/-/g, '');
    expect(await acct(packet('Start', session, 'AcmeFax'))).toBe('Accounting-Response');
    expect(await acct(packet('Interim-Update', session, 'AcmeFax'))).toBe('Accounting-Response');
    const stop = packet('Stop', session, 'AcmeFax', 'Acct-Session-Time = 42', 'NAS-Identifier = "portserver-1"');
    expect(await acct(stop)).toBe('Accounting-Response');
    expect(await acct(stop)).toBe('Accounting-Response');
    const records = ofSession(await faxRecords(server), session);
    expect(records.map((r) => r.status)).toEqual(['start', 'alive', 'stop']);
    expect(records[2]).toMatchObject({
      account: 'AcmeFax',
      port_server: 'fax1',
      radius_source: '127.0.0.1',
      dial_number: '5551231234',
      acct_session_time: '42',
      nas_identifier: 'portserver-1',
    });
    const outcomes = server.logs.filter((l) => l.msg === 'request' && (l as { session?: string }).session === session).map((l) => l.outcome);
    expect(outcomes).toEqual(['fax-acct:start', 'fax-acct:alive', 'fax-acct:stop', 'fax-acct:stop:duplicate']);
  });

  it('a Stop without a Start is stored', async () => {
    const session = randomUUID().replace(/-/g, '');
    expect(await acct(packet('Stop', session, 'LateFax'))).toBe('Accounting-Response');
    expect(ofSession(await faxRecords(server), session)).toEqual([expect.objectContaining({ status: 'stop', account: 'LateFax' })]);
  });

  it('an account with FB-Save-CDR = 0: acknowledged, not kept', async () => {
    await server.store.fax.putAccount(account({ name: 'Quiet', saveCdr: false }));
    const session = randomUUID().replace(/-/g, '');
    expect(await acct(packet('Start', session, 'quiet'))).toBe('Accounting-Response');
    expect(await acct(packet('Stop', session, 'QUIET'))).toBe('Accounting-Response');
    expect(ofSession(await faxRecords(server), session)).toEqual([]);
  });

  it('sub-attributes no dictionary names are kept as number:hex in `unknown`', async () => {
    const session = randomUUID().replace(/-/g, '');
    // 150 and 151: numbers the built-in table does not know (FB-Page-Count, FB-Caller-ID, … are unnumbered without the vendor file).
    expect(await acct(packet('Stop', session, 'AcmeFax', 'Attr-26.30694.150 = 0x00000003', 'Attr-26.30694.151 = 0x4163'))).toBe('Accounting-Response');
    expect(ofSession(await faxRecords(server), session)).toEqual([expect.objectContaining({ status: 'stop', dial_number: '5551231234', unknown: '150:00000003,151:4163' })]);
  });
});

describe.skipIf(!available('radclient'))('fax accounting that cannot be a record', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startFaxbackServer();
  });
  afterAll(() => server?.stop());

  it('an Acct-Session-Id over 48 characters, and a status other than Start/Alive/Stop, are acknowledged and ignored, the log saying why', async () => {
    const raddb = radclientDictionaryDir(BUILT_IN_DICTIONARY);
    const send = (lines: string[]): Promise<string | undefined> =>
      radclient(`127.0.0.1:${server.acctPort}`, 'acct', TEST_SECRET, lines, { raddb, timeoutSeconds: 3 }).then((r) => r.replyCode);
    const long = 'x'.repeat(49);
    expect(await send(['Acct-Status-Type = Stop', `Acct-Session-Id = "${long}"`, 'User-Name = "AcmeFax"'])).toBe('Accounting-Response');
    expect(await send(['Acct-Status-Type = Accounting-On', 'Acct-Session-Id = "on-1"', 'User-Name = "AcmeFax"'])).toBe('Accounting-Response');
    expect(await faxRecords(server)).toEqual([]);
    const ignored = server.logs.filter((l) => l.msg === 'request' && l.outcome === 'fax-acct:ignored').map((l) => l.reason);
    expect(ignored).toEqual(['Acct-Session-Id of 49 characters (at most 48, spec §7 #13)', 'Acct-Status-Type 7 is not Start, Alive (Interim-Update) or Stop']);
  });
});

describe('a port server listing several firebridge instances (README: its ordered server list)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('a Stop resent through another instance sharing the Redis is acknowledged by both and stored once', async () => {
    const redis = { url: inject('redisUrl'), keyPrefix: uniquePrefix() };
    servers.push(...(await Promise.all([startFaxbackServer({ overrides: { redis } }), startFaxbackServer({ overrides: { redis } })])));
    const [first, second] = servers.map((s) => new PortServerStandIn('127.0.0.1', s.authPort, s.acctPort));
    try {
      const stop = { status: 'stop', sessionId: randomUUID().replace(/-/g, ''), account: 'AcmeFax', attributes: [['FB-Dial-Number', '5551231234']] } as const;
      expect((await first!.accounting(stop))?.code).toBe(Code.AccountingResponse);
      expect((await second!.accounting(stop))?.code).toBe(Code.AccountingResponse);
      expect(ofSession(await faxRecords(servers[1]!), stop.sessionId)).toHaveLength(1);
      expect(servers[1]!.logs.find((l) => l.msg === 'request')).toMatchObject({ outcome: 'fax-acct:stop:duplicate' });
    } finally {
      first?.close();
      second?.close();
    }
  });
});

describe('fax accounting while Redis is down', () => {
  let redis: RedisServerHandle;
  let bare: TestServer;
  let journalled: TestServer;
  const stands: PortServerStandIn[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const journalDir = join(mkdtempSync(join(tmpdir(), 'firebridge-fax-journal-')), 'journal');
    [bare, journalled] = await Promise.all([
      startFaxbackServer({ overrides: { redis: { url: redis.url, keyPrefix: uniquePrefix() } } }),
      startFaxbackServer({ overrides: { redis: { url: redis.url, keyPrefix: uniquePrefix() }, accounting: { journal: { dir: journalDir } } } }),
    ]);
  });
  afterAll(async () => {
    for (const s of stands) s.close();
    await Promise.all([bare?.stop(), journalled?.stop()]);
    await redis?.stop();
  });

  function portServer(server: TestServer): PortServerStandIn {
    const s = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort);
    stands.push(s);
    return s;
  }
  const requestLines = (server: TestServer, session: string): Array<Record<string, unknown>> =>
    server.logs.filter((l) => l.msg === 'request' && (l as { session?: string }).session === session);

  it('a Stop is not acknowledged without a journal, acknowledged from the journal with one, and replayed into the fax records once Redis is back', async () => {
    const stop = { status: 'stop', sessionId: 'outage-stop-1', account: 'AcmeFax', attributes: [['FB-Dial-Number', '5551231234']] } as const;
    const toBare = portServer(bare);
    const toJournalled = portServer(journalled);
    await redis.kill();

    // No journal: silence (the port server resends the Stop until answered, spec §4.2), and the log says why.
    expect(await toBare.accounting(stop, 3_000)).toBeUndefined();
    expect(requestLines(bare, stop.sessionId).map((l) => [l.reply, String(l.outcome)])).toEqual([['none', 'fax-acct:store-unavailable']]);

    // With the journal: acknowledged, the resend (a new Identifier) too.
    expect((await toJournalled.accounting(stop, 5_000))?.code).toBe(Code.AccountingResponse);
    expect((await toJournalled.accounting(stop, 5_000))?.code).toBe(Code.AccountingResponse);
    expect(requestLines(journalled, stop.sessionId).map((l) => l.outcome)).toEqual(['fax-acct:stop:journalled', 'fax-acct:stop:journalled']);

    await redis.restart();
    await until('the journal replayed', () => (journalled.logs.some((l) => l.msg === 'accounting journal replayed into the store') ? true : undefined));
    expect(ofSession(await faxRecords(journalled), stop.sessionId)).toEqual([expect.objectContaining({ status: 'stop', account: 'AcmeFax', dial_number: '5551231234' })]);
    // Resent once more after the replay: acknowledged, still one record.
    expect((await toJournalled.accounting(stop, 5_000))?.code).toBe(Code.AccountingResponse);
    expect(ofSession(await faxRecords(journalled), stop.sessionId)).toHaveLength(1);

    // The server without a journal takes the resent Stop once Redis answers.
    const ack = await until('the bare server storing again', async () => ((await toBare.accounting(stop, 3_000))?.code === Code.AccountingResponse ? true : undefined));
    expect(ack).toBe(true);
    expect(ofSession(await faxRecords(bare), stop.sessionId)).toHaveLength(1);
  }, 60_000);
});
