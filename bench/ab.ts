// `npm run bench:ab -- --a DIST [--b DIST]`: what a change bought, as server CPU per request, with
// the old and the new build against one Redis. On a shared VM the machine's speed moves by ±25 % from
// one few-second turn to the next (steal, the neighbours), so turns taken one after the other compare
// two different machines: an A/A run that way gave 0.83× and 1.12×. By default both builds are under
// load at the same time, each from its own generator, so whatever the machine does it does to both,
// and both are started afresh every round (one process keeps its own speed for its life). A/A this
// way: 0.94–1.00×. Beside the CPU, the heap bytes each build allocates per request (alloc-probe.ts),
// which the machine does not move at all: 40.1 against 40.0 KB in the same A/A run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions, usageError as usageErrorOf } from './options.js';
import { allocProbeFile, type AllocReading } from './alloc-probe.js';
import { runGenerator } from './generator-process.js';
import { FAX_CLIENT_ADDRESS, seedFaxAccounts } from './fax-accounts.js';
import { seedLcrTable } from './lcr-table.js';
import { freeradiusAvailable, ROOT, SECRET, seedSubscribers, startFirebridge, startFreeradius, startRedis, type RadiusRunning } from './servers.js';
import { FAX_WORKLOADS, WORKLOADS, WORKLOAD_TITLES, type WorkloadName } from './workloads.js';

const COMMAND = 'npm run bench:ab';
const usageError = (message: string): never => usageErrorOf(COMMAND, message);
const args = parseOptions(COMMAND, {
  a: { type: 'string' },
  /** A dist directory, or `freeradius`: FreeRADIUS as in `npm run bench`, loaded at the same time as A. */
  b: { type: 'string', default: join(ROOT, 'dist') },
  workloads: { type: 'string', default: 'register,invite,accounting,mix' },
  rounds: { type: 'string', default: '5' },
  seconds: { type: 'string', default: '3' },
  'log-level': { type: 'string', default: 'info' },
  /** B at another log level (e.g. warn against A's info): what the per-request log line costs. */
  'b-log-level': { type: 'string' },
  /** Node options for B only (space-separated, e.g. "--single-threaded-gc"): what a runtime flag buys. */
  'b-node-args': { type: 'string', default: '' },
  /** One process per build for the whole run instead of fresh ones every round (faster; see the note at the top). */
  'keep-servers': { type: 'boolean', default: false },
  /** Turns one after the other instead of both builds under load at once (see the note at the top). */
  'in-turns': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
});
if (args.help) {
  console.log(`${COMMAND} -- --a DIST [options]
  --a DIST             the build before the change (bench/ab-build REF makes .ab/REF/dist)
  --b DIST|freeradius  the build after it (default: this checkout's dist), or FreeRADIUS (bench/freeradius/)
  --workloads LIST     ${WORKLOADS.join(',')} (default register,invite,accounting,mix)
  --rounds N           rounds, each a turn of both (default 5)
  --seconds N          saturation time of a turn (default 3)
  --log-level L        both builds' log level (default info); --b-log-level L: B's only
  --b-node-args "…"    Node options for B only (e.g. --b-node-args=--single-threaded-gc)
  --keep-servers       one process per build for the whole run, not fresh ones every round
  --in-turns           A and B one after the other (also gives each one's Redis CPU), not at once`);
  process.exit(0);
}
if (!args.a || !existsSync(join(args.a, 'cli', 'main.js'))) usageError('--a DIST (a built dist directory; bench/ab-build REF makes one) is required');
const workloads = args.workloads.split(',') as WorkloadName[];
for (const w of workloads) if (!WORKLOADS.includes(w)) usageError(`unknown workload "${w}" (${WORKLOADS.join(', ')})`);
// The benchmark's FreeRADIUS beside A: its ratio without the drift between targets run minutes apart.
const bIsFreeradius = args.b === 'freeradius';
if (bIsFreeradius && !freeradiusAvailable()) usageError('--b freeradius, but FreeRADIUS is not installed (apt-get install freeradius freeradius-redis)');
if (bIsFreeradius && workloads.some((w) => FAX_WORKLOADS.has(w))) usageError('FreeRADIUS has no FaxBack policy in bench/freeradius/');
const rounds = Number(args.rounds);
const restarts = !args['keep-servers'];
const together = !args['in-turns'];

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)]!;

/** The quartiles of `xs`, as the spread of a set of ratios. */
function quartiles(xs: number[]): [number, number] {
  const sorted = [...xs].sort((x, y) => x - y);
  const at = (q: number): number => sorted[Math.round(q * (sorted.length - 1))]!;
  return [at(0.25), at(0.75)];
}

/** Redis CPU is one build's only when the two take turns; FreeRADIUS has no heap probe. */
const orDash = (x: number, digits = 0): string => (Number.isNaN(x) ? '–' : x.toFixed(digits));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const lastReading = new Map<number, number>();

/** The server's heap bytes allocated so far, from its probe (alloc-probe.ts). */
async function allocated(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  const file = allocProbeFile(pid);
  const last = lastReading.get(pid) ?? 0;
  for (const until = Date.now() + 5_000; Date.now() < until; ) {
    await sleep(20);
    if (!existsSync(file)) continue;
    const reading = JSON.parse(readFileSync(file, 'utf8')) as AllocReading;
    if (reading.sequence > last) {
      lastReading.set(pid, reading.sequence);
      return reading.allocatedBytes;
    }
  }
  throw new Error(`the server's allocation probe did not answer (${file})`);
}

const PROBE = ['--import', join(import.meta.dirname, 'alloc-probe.js')];
const bNodeArgs = args['b-node-args'].split(' ').filter(Boolean);

const redis = await startRedis();
const builds = { A: args.a, B: args.b };
try {
  await seedSubscribers(redis.url);
  await seedFaxAccounts(redis.url);
  await seedLcrTable(redis.url);
  type Side = 'A' | 'B';
  const start = (side: Side): Promise<RadiusRunning> =>
    side === 'A'
      ? startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['log-level'], dist: builds.A, nodeArgs: PROBE })
      : bIsFreeradius
        ? startFreeradius(redis.port, 4)
        : startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['b-log-level'] ?? args['log-level'], dist: builds.B, nodeArgs: [...PROBE, ...bNodeArgs] });
  const servers: Partial<Record<Side, RadiusRunning>> = {};
  // One process can keep its own speed for its life (the JIT's choices, where its memory landed), so
  // every round starts both afresh, in alternating order, and the medians are over as many processes.
  const restart = async (first: Side): Promise<void> => {
    for (const side of [first, first === 'A' ? 'B' : 'A'] as const) {
      await servers[side]?.stop();
      servers[side] = await start(side);
    }
  };
  if (!restarts) await restart('A');
  console.log(`A = ${builds.A}, log level ${args['log-level']}\nB = ${bIsFreeradius ? 'FreeRADIUS (bench/freeradius/)' : `${builds.B}, log level ${args['b-log-level'] ?? args['log-level']}`}${bNodeArgs.length ? `, node ${bNodeArgs.join(' ')}` : ''}\n${rounds} turns each of ${args.seconds} s, ${together ? 'A and B at once' : 'A and B alternating'}${restarts ? ', both restarted every round' : ''}\n`);
  // B/A is the ratio of the medians; the quartiles are those of each round's own B/A, the spread to
  // read it against (an A/A run shows what this machine gives for no change).
  console.log('| workload | A µs/req | B µs/req | B/A | B/A quartiles | A KB/req | B KB/req | A Redis µs/req | B Redis µs/req | A req/s | B req/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  try {
    for (const workload of workloads) {
      const cpu = { A: [] as number[], B: [] as number[] };
      const rate = { A: [] as number[], B: [] as number[] };
      const redisCpu = { A: [] as number[], B: [] as number[] };
      const kb = { A: [] as number[], B: [] as number[] };
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
        if (restarts) await restart(order[0]);
        const turn = async (side: Side): Promise<void> => {
          const s = servers[side]!;
          const probed = !(side === 'B' && bIsFreeradius);
          const heap0 = probed ? await allocated(s.pid) : NaN;
          const r = await runGenerator({
            host: '127.0.0.1',
            authPort: s.authPort,
            acctPort: s.acctPort,
            secret: SECRET,
            workload,
            seconds: Number(args.seconds),
            loads: [],
            window: 128,
            serverPid: s.pid,
            // Both loads at once share Redis: its CPU is not one build's.
            ...(together ? {} : { redisPid: redis.pid }),
            ...(FAX_WORKLOADS.has(workload) ? { bindAddress: FAX_CLIENT_ADDRESS } : {}),
          });
          // Over the whole turn (warm-up, saturation, drain), per reply.
          const replies = Object.values(r.replies).reduce((n, c) => n + c, 0);
          const heap1 = probed ? await allocated(s.pid) : NaN;
          kb[side].push(replies > 0 ? (heap1 - heap0) / replies / 1024 : NaN);
          cpu[side].push(r.saturation.serverCpuUs);
          rate[side].push(r.saturation.rate);
          redisCpu[side].push(r.saturation.redisCpuUs ?? NaN);
        };
        if (together) await Promise.all([turn(order[0]), turn(order[1])]);
        else for (const side of order) await turn(side);
      }
      const [a, b] = [median(cpu.A), median(cpu.B)];
      const [q1, q3] = quartiles(cpu.B.map((x, i) => x / cpu.A[i]!));
      console.log(
        `| ${WORKLOAD_TITLES[workload]} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} | ${q1.toFixed(2)}–${q3.toFixed(2)} | ` +
          `${orDash(median(kb.A), 1)} | ${orDash(median(kb.B), 1)} | ${orDash(median(redisCpu.A))} | ${orDash(median(redisCpu.B))} | ${median(rate.A).toFixed(0)} | ${median(rate.B).toFixed(0)} |`,
      );
    }
  } finally {
    await servers.A?.stop();
    await servers.B?.stop();
  }
} finally {
  await redis.stop();
}
