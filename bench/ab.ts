// `npm run bench:ab -- --base REF`: what a change bought, as server CPU per request, with the old
// and the new build run in turns against one Redis under the same load. On a shared VM the machine's
// speed drifts by tens of per cent within minutes; turns of a few seconds each, A B A B …, see the
// same drift, so the ratio of their medians is the figure to trust (issue 20: A/B every step).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GeneratorJob, GeneratorResult } from './generator.js';
import { FAX_CLIENT_ADDRESS, seedFaxAccounts } from './fax-accounts.js';
import { seedLcrTable } from './lcr-table.js';
import { ROOT, SECRET, seedSubscribers, startFirebridge, startRedis } from './servers.js';
import { FAX_WORKLOADS, WORKLOADS, WORKLOAD_TITLES, type WorkloadName } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: join(ROOT, 'dist') },
    workloads: { type: 'string', default: 'register,invite,accounting,mix' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    'log-level': { type: 'string', default: 'info' },
    /** B at another log level (e.g. warn against A's info): what the per-request log line costs. */
    'b-log-level': { type: 'string' },
  },
});
if (!args.a || !existsSync(join(args.a, 'cli', 'main.js'))) {
  console.error('npm run bench:ab: --a DIST (a built dist directory; bench/ab-build REF makes one) is required');
  process.exit(2);
}
const workloads = args.workloads.split(',') as WorkloadName[];
for (const w of workloads) if (!WORKLOADS.includes(w)) throw new Error(`unknown workload ${w}`);
const rounds = Number(args.rounds);

function generate(job: GeneratorJob): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'generator.js'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as GeneratorResult) : reject(new Error(`generator exited with ${code}`))));
  });
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)]!;

const redis = await startRedis();
const builds = { A: args.a, B: args.b };
try {
  await seedSubscribers(redis.url);
  await seedFaxAccounts(redis.url);
  await seedLcrTable(redis.url);
  const servers = {
    A: await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['log-level'], dist: builds.A }),
    B: await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['b-log-level'] ?? args['log-level'], dist: builds.B }),
  };
  console.log(`A = ${builds.A}, log level ${args['log-level']}\nB = ${builds.B}, log level ${args['b-log-level'] ?? args['log-level']}\n${rounds} turns each of ${args.seconds} s, A and B alternating\n`);
  console.log('| workload | A µs/req | B µs/req | B/A | A Redis µs/req | B Redis µs/req | A req/s | B req/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  try {
    for (const workload of workloads) {
      const cpu = { A: [] as number[], B: [] as number[] };
      const rate = { A: [] as number[], B: [] as number[] };
      const redisCpu = { A: [] as number[], B: [] as number[] };
      for (let i = 0; i < rounds; i++) {
        for (const side of i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
          const s = servers[side];
          const r = await generate({
            host: '127.0.0.1',
            authPort: s.authPort,
            acctPort: s.acctPort,
            secret: SECRET,
            workload,
            seconds: Number(args.seconds),
            loads: [],
            window: 128,
            serverPid: s.pid,
            redisPid: redis.pid,
            ...(FAX_WORKLOADS.has(workload) ? { bindAddress: FAX_CLIENT_ADDRESS } : {}),
          });
          cpu[side].push(r.saturation.serverCpuUs);
          rate[side].push(r.saturation.rate);
          redisCpu[side].push(r.saturation.redisCpuUs ?? NaN);
        }
      }
      const [a, b] = [median(cpu.A), median(cpu.B)];
      console.log(`| ${WORKLOAD_TITLES[workload]} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} | ${median(redisCpu.A).toFixed(0)} | ${median(redisCpu.B).toFixed(0)} | ${median(rate.A).toFixed(0)} | ${median(rate.B).toFixed(0)} |`);
    }
  } finally {
    await servers.A.stop();
    await servers.B.stop();
  }
} finally {
  await redis.stop();
}
