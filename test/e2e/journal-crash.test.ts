// The journal end to end (issue 15 item 1): a firebridge process with a journal acknowledges
// accounting while its Redis is down, is killed with SIGKILL, and once Redis and firebridge are back
// every acknowledged record is in the call-record stream exactly once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { TEST_SECRET } from '../support/server.js';
import { allCallRecords } from '../support/stores.js';
import { until } from '../support/wait.js';

function acct(status: number, session: string): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, status],
    [Attr.AcctSessionId, session],
    [Attr.AcctMultiSessionId, `${session}@call`],
    [Attr.CalledStationId, '01632960123'],
    [Attr.CallingStationId, '201'],
    [Attr.NasIdentifier, 'fb2500.example'],
    [Attr.EventTimestamp, 1_763_800_000],
    ...(status === 2 ? ([[Attr.AcctSessionTime, 42]] as OutgoingAttribute[]) : []),
  ];
}

describe('accounting journal across kill -9 (issue 15)', () => {
  let redis: RedisServerHandle;
  let config: string;
  let journalDir: string;
  const prefix = `jc${process.pid}:`;
  const running: RunningCli[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const dir = mkdtempSync(join(tmpdir(), 'firebridge-journal-e2e-'));
    journalDir = join(dir, 'journal');
    config = join(dir, 'firebridge.yaml');
    writeFileSync(
      config,
      stringify({
        listen: { host: '127.0.0.1', auth: 0, acct: 0 },
        clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
        redis: { url: redis.url, keyPrefix: prefix },
        accounting: { journal: { dir: journalDir } },
        rules: { dir: mkdtempSync(join(tmpdir(), 'firebridge-rules-')), watch: false },
        metrics: { enabled: false },
        api: { enabled: false },
        log: { level: 'info', format: 'json' },
      }),
    );
  });
  afterAll(async () => {
    for (const r of running) r.child.kill('SIGKILL');
    await redis?.stop();
  });

  async function serve(): Promise<{ cli: RunningCli; acctPort: number }> {
    const cli = startCli(['serve', '--config', config]);
    running.push(cli);
    const [line] = await cli.waitFor('stdout', /^.*"firebridge listening".*$/m);
    return { cli, acctPort: (JSON.parse(line) as { acct: number }).acct };
  }

  it('acknowledges from the journal while Redis is down; after kill -9 and restarts each record is stored once', async () => {
    const first = await serve();
    await redis.kill();
    const fb = new FirebrickStandIn('127.0.0.1', 0, first.acctPort);
    const legs = Array.from({ length: 10 }, (_, i) => `crash-leg-${i}`);
    const acknowledged: string[] = [];
    try {
      // Concurrent, as a FireBrick under load sends them: the appends share syncs.
      await Promise.all(
        legs.map(async (leg) => {
          expect((await fb.send(Code.AccountingRequest, acct(1, leg), 5_000))?.code).toBe(Code.AccountingResponse);
          if ((await fb.send(Code.AccountingRequest, acct(2, leg), 5_000))?.code === Code.AccountingResponse) acknowledged.push(leg);
        }),
      );
    } finally {
      fb.close();
    }
    expect(acknowledged.sort()).toEqual([...legs].sort());
    await first.cli.waitFor('stdout', /acct:stop:journalled/); // the log is written in batches

    first.cli.child.kill('SIGKILL');
    await new Promise((r) => first.cli.child.once('exit', r));
    await redis.restart();

    const second = await serve();
    await second.cli.waitFor('stdout', /accounting journal replayed into the store/, 15_000);
    const client = new Redis(redis.url);
    try {
      const entries = await until('the call records', async () => {
        const e = await allCallRecords(client, prefix);
        return e.length >= legs.length ? e : undefined;
      });
      const sessions = entries.map(([, fields]) => fields[fields.indexOf('session_id') + 1]);
      expect(sessions.sort()).toEqual([...legs].sort());
      // A Stop retransmitted after the replay (new Identifier, as the FireBrick does) adds nothing.
      const again = new FirebrickStandIn('127.0.0.1', 0, second.acctPort);
      expect((await again.send(Code.AccountingRequest, acct(2, legs[0]!), 5_000))?.code).toBe(Code.AccountingResponse);
      again.close();
      expect(await allCallRecords(client, prefix)).toHaveLength(legs.length);
    } finally {
      client.disconnect();
    }
    expect(await second.cli.stop()).toBe(0);
  }, 60_000);

  it('an unusable journal directory stops the start with one line naming the setting', async () => {
    const blocked = join(mkdtempSync(join(tmpdir(), 'firebridge-journal-file-')), 'a-file');
    writeFileSync(blocked, '');
    const file = join(mkdtempSync(join(tmpdir(), 'firebridge-cfg-')), 'firebridge.yaml');
    writeFileSync(
      file,
      stringify({
        listen: { host: '127.0.0.1', auth: 0, acct: 0 },
        redis: { url: redis.url, keyPrefix: prefix },
        accounting: { journal: { dir: blocked } },
        rules: { dir: mkdtempSync(join(tmpdir(), 'firebridge-rules-')), watch: false },
        metrics: { enabled: false },
        api: { enabled: false },
        log: { level: 'silent' },
      }),
    );
    const r = await runCli(['serve', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^firebridge: accounting\\.journal\\.dir ${blocked}: EEXIST: file already exists, mkdir '${blocked}'\n$`));
  });
});
