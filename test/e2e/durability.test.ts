// accounting.durability end to end against real Redis servers (issue 15 items 1 and 8): a master
// with a replica (`--replicaof`), WAIT after the write, the journal when replicas do not answer, and
// the start-up warnings about AOF and missing replicas.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { allCallRecords, uniquePrefix } from '../support/stores.js';
import { until } from '../support/wait.js';

function acct(status: number, session: string): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, status],
    [Attr.AcctSessionId, session],
    [Attr.AcctMultiSessionId, `${session}@call`],
    [Attr.NasIdentifier, 'fb2500.example'],
    [Attr.EventTimestamp, 1_763_800_000],
    ...(status === 2 ? ([[Attr.AcctSessionTime, 30]] as OutgoingAttribute[]) : []),
  ];
}

async function connectedReplicas(url: string): Promise<number> {
  const c = new Redis(url);
  try {
    // Online, not just connected: a replica still loading its first copy acknowledges no WAIT.
    return (await c.info('replication')).split('\n').filter((l) => /^slave\d+:.*state=online/.test(l)).length;
  } finally {
    c.disconnect();
  }
}

const REALM = 'firebridge';

/** A subscriber with number `number`, and a REGISTER of it through the FireBrick stand-in. */
async function register(server: TestServer, fb: FirebrickStandIn, user: string, number: string) {
  await server.store.subscribers.put({ username: user, realm: REALM, ha1: { MD5: createHash('md5').update(`${user}:${REALM}:${user}-pw`).digest('hex') }, number, enabled: true });
  const extra: OutgoingAttribute[] = [
    [Attr.SipAor, `sip:${user}@192.0.2.50:5060`],
    [Attr.SessionTimeout, 300],
  ];
  return fb.authenticate({ method: 'REGISTER', username: user, password: `${user}-pw`, extra });
}

const outcomes = (server: TestServer): string[] => server.logs.filter((l) => l.msg === 'request').map((l) => String(l.outcome));
const warnings = (server: TestServer): string[] => server.logs.filter((l) => l.level === 40).map((l) => String(l.msg));

describe('accounting durability (issue 15)', () => {
  let master: RedisServerHandle;
  let replica: RedisServerHandle;
  const servers: TestServer[] = [];
  const fbs: FirebrickStandIn[] = [];

  beforeAll(async () => {
    master = await startRedisServer(['--appendonly', 'yes']);
    replica = await startRedisServer(['--replicaof', '127.0.0.1', String(master.port)]);
    await until('the replica', async () => ((await connectedReplicas(master.url)) === 1 ? true : undefined));
  });
  afterAll(async () => {
    for (const fb of fbs) fb.close();
    for (const s of servers) await s.stop();
    await replica?.stop();
    await master?.stop();
  });

  async function server(accounting: Record<string, unknown>, url = master.url, redis: Record<string, unknown> = {}): Promise<{ server: TestServer; fb: FirebrickStandIn }> {
    const s = await startTestServer({ redis: { url, keyPrefix: uniquePrefix(), ...redis }, accounting });
    servers.push(s);
    const fb = new FirebrickStandIn('127.0.0.1', s.authPort, s.acctPort);
    fbs.push(fb);
    return { server: s, fb };
  }

  it('replicated: acknowledges once the replica has the record, and warns of nothing on a sound deployment', async () => {
    // Budgets well above a WAIT's round trip on a loaded machine (the default 100 ms made this test
    // depend on timing); still below the stand-in's 1.5 s wait for an answer.
    const { server: s, fb } = await server({ durability: 'replicated', replicas: 1, replicaTimeoutMs: 1_000 }, master.url, { commandTimeoutMs: 1_400 });
    for (const status of [1, 2]) expect((await fb.send(Code.AccountingRequest, acct(status, 'rep-1')))?.code).toBe(Code.AccountingResponse);
    expect(outcomes(s)).toEqual(['acct:start', 'acct:stop']);
    // A REGISTER is accepted once its binding is on the replica too.
    expect((await register(s, fb, 'rita', '251')).reply?.code).toBe(Code.AccessAccept);
    const onReplica = new Redis(replica.url);
    try {
      expect(await onReplica.hlen(`${s.config.redis.keyPrefix}reg:{251}`)).toBe(1);
      expect(await allCallRecords(onReplica, s.config.redis.keyPrefix)).toHaveLength(1);
    } finally {
      onReplica.disconnect();
    }
    expect(warnings(s)).toEqual([]);
  });

  it('warns at start when replicated asks for more replicas than are connected, and when Redis has no AOF', async () => {
    const { server: s } = await server({ durability: 'replicated', replicas: 2 });
    const lonely = await startRedisServer();
    try {
      const { server: noAof } = await server({}, lonely.url);
      await until('the warnings', async () => (warnings(s).length && warnings(noAof).length ? true : undefined));
      expect(warnings(s)).toEqual([
        `accounting.durability is replicated with 2 replicas, but Redis 127.0.0.1:${master.port} has 1 connected: no accounting will be acknowledged until enough replicas connect`,
      ]);
      expect(warnings(noAof)).toEqual([
        `Redis 127.0.0.1:${lonely.port} has no append-only file (appendonly no): a Redis crash loses the call records and registrations acknowledged since its last snapshot; set appendonly yes`,
      ]);
    } finally {
      await lonely.stop();
    }
  });

  it('replicated without a replica: silence without a journal; with one, acknowledged and kept until the replica has it', async () => {
    const bare = await server({ durability: 'replicated', replicas: 1, replicaTimeoutMs: 50 });
    const dir = join(mkdtempSync(join(tmpdir(), 'firebridge-journal-')), 'j');
    const journalled = await server({ durability: 'replicated', replicas: 1, replicaTimeoutMs: 50, journal: { dir } });
    const segments = (): string[] => readdirSync(join(dir, 'instance-0')).filter((f) => f.endsWith('.journal') && statSync(join(dir, 'instance-0', f)).size > 0);
    await replica.kill();
    await until('the replica gone', async () => ((await connectedReplicas(master.url)) === 0 ? true : undefined));

    expect(await bare.fb.send(Code.AccountingRequest, acct(2, 'rep-bare'), 1_000)).toBeUndefined();
    expect(outcomes(bare.server)).toEqual(['acct:not-replicated']);
    const metrics = await (await fetch(`http://127.0.0.1:${bare.server.running.metricsPort()}/metrics`)).text();
    expect(metrics).toMatch(/^firebridge_store_errors_total\{kind="accounting"\} 1$/m);
    expect(metrics).not.toMatch(/firebridge_journal_/);
    // A REGISTER whose binding no replica confirms is not accepted (failurePolicy drop: no answer).
    const unconfirmed = await register(bare.server, bare.fb, 'ruth', '252');
    expect(unconfirmed.challenge?.code).toBe(Code.AccessChallenge);
    expect(unconfirmed.reply).toBeUndefined();
    expect(bare.server.logs.some((l) => l.msg === 'cannot decide: store unavailable' && /0 of 1 replicas acknowledged/.test(String(l.err)))).toBe(true);
    expect(outcomes(bare.server)).toContain('store-unavailable');

    expect((await journalled.fb.send(Code.AccountingRequest, acct(2, 'rep-j')))?.code).toBe(Code.AccountingResponse);
    expect(outcomes(journalled.server)).toEqual(['acct:stop:journalled']);
    // Replayed (a duplicate on the master) but kept: WAIT does not confirm it while the replica is away.
    await until('a replay attempt', async () => (journalled.server.logs.some((l) => String(l.msg).startsWith('accounting journal replay paused')) ? true : undefined));
    expect(segments()).toHaveLength(1);

    await replica.restart();
    await until('the replica back', async () => ((await connectedReplicas(master.url)) === 1 ? true : undefined));
    await until('the journal replayed', async () => (journalled.server.logs.some((l) => l.msg === 'accounting journal replayed into the store') ? true : undefined));
    const onReplica = new Redis(replica.url);
    try {
      await until('the record on the replica', async () => ((await allCallRecords(onReplica, journalled.server.config.redis.keyPrefix)).length === 1 ? true : undefined));
    } finally {
      onReplica.disconnect();
    }
    expect(segments()).toEqual([]);
    const withJournal = await (await fetch(`http://127.0.0.1:${journalled.server.running.metricsPort()}/metrics`)).text();
    expect(withJournal).toMatch(/^firebridge_journal_bytes 0$/m);
    expect(withJournal).toMatch(/^firebridge_journal_records_total\{action="appended"\} 1$/m);
  });
});
