// The in-process target (bench firebridge-memory) measures what it claims only if its seeding reached
// the server's own store: a subscriber missing there would turn every REGISTER into a reject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../bench/generator.js';
import { SECRET, putSubscribers, startFirebridge, type FirebridgeRunning } from '../../bench/servers.js';
import { serverApi, serverStore, subscriberWriter } from '../../bench/server-store.js';
import { FAX_CLIENT_ADDRESS, writeFaxAccounts } from '../../bench/fax-accounts.js';
import { FAX_WORKLOADS, type WorkloadName } from '../../bench/workloads.js';

let server: FirebridgeRunning;

beforeAll(async () => {
  server = await startFirebridge({ workers: 1, logLevel: 'warn' });
  const api = await serverApi(server);
  expect(api.kind).toBe('memory');
  await putSubscribers(subscriberWriter(api));
  await writeFaxAccounts(serverStore(api));
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('benchmark generator against firebridge on its in-process store', () => {
  it.each<[WorkloadName, string[]]>([
    ['register', ['2']],
    ['invite', ['2']],
    ['accounting', ['5']],
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
      ...(FAX_WORKLOADS.has(workload) ? { bindAddress: FAX_CLIENT_ADDRESS } : {}),
    });
    expect(Object.keys(result.replies).sort()).toEqual(codes);
    expect(result.saturation.lost + result.loads[0]!.lost).toBe(0);
    expect(result.saturation.redisCpuUs).toBeUndefined();
  }, 30_000);
});
