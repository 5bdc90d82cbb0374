// The benchmark must measure what it claims: every packet it sends is a valid FireBrick request that
// firebridge accepts (a generator whose REGISTERs were rejected would report reject throughput).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../bench/generator.js';
import { SECRET, seedSubscribers, startFirebridge, startRedis, type RadiusRunning, type RedisRunning } from '../../bench/servers.js';
import { FAX_WORKLOADS, type WorkloadName } from '../../bench/workloads.js';
import { FAX_CLIENT_ADDRESS, seedFaxAccounts } from '../../bench/fax-accounts.js';
import { expectedFeatureLegs, seedCallFeatures } from '../../bench/call-features.js';
import { lcrCalledNumber, seedLcrTable } from '../../bench/lcr-table.js';
import { inviteAttributes } from '../../bench/workloads.js';
import { subscriber } from '../../bench/subscribers.js';
import { Attr, Code, sendRequest } from '../../src/radius/index.js';

let redis: RedisRunning;
let server: RadiusRunning;

beforeAll(async () => {
  redis = await startRedis();
  await seedSubscribers(redis.url);
  await seedFaxAccounts(redis.url);
  await seedLcrTable(redis.url);
  await seedCallFeatures(redis.url);
  server = await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: 'warn' });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

describe('benchmark generator against firebridge', () => {
  it.each<[WorkloadName, string[]]>([
    ['status', ['2']],
    ['register', ['2']],
    ['invite', ['2']],
    ['invite-intl', ['2']],
    ['invite-features', ['2']],
    ['invite-lcr', ['2']],
    ['accounting', ['5']],
    ['mix', ['2', '5']],
    ['fax', ['2', '5']],
  ])('%s: every request answered, with the expected reply code', async (workload, codes) => {
    const result = await runJob({
      host: '127.0.0.1',
      authPort: server.authPort,
      acctPort: server.acctPort,
      secret: SECRET,
      workload,
      seconds: 0.3,
      loads: [0.25],
      window: 16,
      serverPid: server.pid,
      redisPid: redis.pid,
      ...(FAX_WORKLOADS.has(workload) ? { bindAddress: FAX_CLIENT_ADDRESS } : {}),
    });
    expect(Object.keys(result.replies).sort()).toEqual(codes);
    expect(result.saturation.lost + result.loads[0]!.lost).toBe(0);
    expect(result.saturation.rate).toBeGreaterThan(0);
    expect(result.saturation.serverCpuUs).toBeGreaterThan(0);
    expect(result.loads[0]!.latencyMs.count).toBeGreaterThan(0);
  }, 30_000);
});

describe('the call-feature workloads route as their titles say', () => {
  const legs = async (called: string): Promise<string[]> => {
    const reply = await sendRequest(Code.AccessRequest, inviteAttributes(subscriber(5_000), called), {
      host: '127.0.0.1',
      port: server.authPort,
      secret: Buffer.from(SECRET),
    });
    expect(reply.code).toBe(Code.AccessAccept);
    return reply.attributes.filter((a) => a.type === Attr.CalledStationId).map((a) => a.value.toString());
  };

  it("(c'') a callee with features: its phones, the follow-me leg, the no-answer forward", async () => {
    expect(await legs('242')).toEqual(expectedFeatureLegs('242', subscriber(42).username));
  });

  it("(c''') a number of the LCR table: three carriers, the later ones as fallbacks", async () => {
    const called = lcrCalledNumber(() => 0.5);
    const routed = await legs(called);
    expect(routed).toHaveLength(3);
    expect(routed.map((l) => l.replace(/^\d+\+/, ''))).toEqual(expect.arrayContaining(['alpha', 'bravo', 'charlie'].map((c) => `${called.slice(2)}@${c}`)));
    expect(routed.map((l) => /^(\d+)\+/.exec(l)?.[1])).toEqual([undefined, '998', '999']);
  });
});
