// `npm run bench`: starts Redis, firebridge (one process, then --workers, then variants: durability
// modes, the fraud guard, the in-process store) and FreeRADIUS 3, drives each with the same generator
// and packets, prints the figures and writes bench/results.md.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseOptions, usageError as usageErrorOf } from './options.js';
import { Redis } from 'ioredis';
import type { GeneratorResult } from './generator.js';
import { runGenerator } from './generator-process.js';
import { machine } from './machine.js';
import { rssBytes } from './proc.js';
import { checkTargets, checksSection, ratioSection, targetSection, type TargetResult } from './report.js';
import {
  ROOT,
  SECRET,
  flushRedis,
  freePort,
  freeradiusAvailable,
  putSubscribers,
  seedSubscribers,
  startFirebridge,
  startFreeradius,
  startRedis,
  type RadiusRunning,
  type RedisRunning,
} from './servers.js';
import { FAX_WORKLOADS, WORKLOADS, WORKLOAD_TITLES, type WorkloadName } from './workloads.js';
import { FAX_CLIENT_ADDRESS, seedFaxAccounts, writeFaxAccounts } from './fax-accounts.js';
import { giveCallFeatures } from './call-features.js';
import { seedLcrTable, writeLcrTable } from './lcr-table.js';
import { serverApi, serverStore, subscriberWriter } from './server-store.js';
import { redisStore, type Store } from '../src/store/index.js';

const STEPS_FILE = join(ROOT, 'bench', 'steps.md');

const TARGETS = [
  'firebridge',
  'firebridge-workers',
  'firebridge-replicated',
  'firebridge-journal',
  'firebridge-fraud',
  'firebridge-memory',
  'freeradius',
] as const;
type TargetName = (typeof TARGETS)[number];

/**
 * What the in-process store costs per request (issue 20): firebridge as `npm start` runs it when no
 * Redis answers. Its data lives in the server, so it is seeded after the start through the admin API,
 * and it has no Redis CPU or memory to report.
 */
const IN_PROCESS: ReadonlySet<TargetName> = new Set(['firebridge-memory']);

/**
 * What each accounting durability mode costs (issue 15 item 9). These targets change only what
 * accounting does, so they run only the accounting workload: `replicated` waits for a replica started
 * beside the benchmark's Redis (WAIT 1 on its own connection); `journal` has a Redis that never
 * answers, so every Start and Stop is acknowledged from the local journal (write, group fdatasync).
 * Plain `firebridge` is the `stored` mode.
 */
const ACCOUNTING_ONLY: ReadonlySet<TargetName> = new Set(['firebridge-replicated', 'firebridge-journal']);

/**
 * What the fraud guard adds per INVITE (issue 17 item 5): the same server with the UK preset and
 * thresholds no call reaches, so every classed INVITE is counted and checked but none refused; run on
 * the INVITE workloads only, beside plain `firebridge` on the same ones.
 */
const INVITE_ONLY: ReadonlySet<TargetName> = new Set(['firebridge-fraud']);
const INVITE_WORKLOADS: ReadonlySet<WorkloadName> = new Set(['invite', 'invite-intl']);

/** Workloads of firebridge's call features (issue 18 item 5), which FreeRADIUS has no policy for. */
const CALL_FEATURE_WORKLOADS: ReadonlySet<WorkloadName> = new Set(['invite-features', 'invite-lcr']);

/**
 * Data a workload needs only while it runs; the returned function removes it. The callees' features
 * would otherwise route the plain INVITE (c), which calls the same extensions.
 */
async function prepareWorkload(workload: WorkloadName, store: Store): Promise<() => Promise<void>> {
  return workload === 'invite-features' ? giveCallFeatures(store) : async () => {};
}
const FRAUD_CONFIG = {
  preset: 'uk',
  thresholds: {
    international: {
      subscriber: { callsPerMinute: { warn: 1e9, block: 1e9 }, concurrent: { block: 1e9 }, minutesPerDay: { block: 1e9 } },
      source: { callsPerMinute: { block: 1e9 } },
    },
  },
};

/** Bad options end the run with one line saying why, not a stack trace. */
const usageError = (message: string): never => usageErrorOf('npm run bench', message);

const OPTIONS = {
  seconds: { type: 'string', default: '5' },
  workloads: { type: 'string', default: WORKLOADS.join(',') },
  targets: { type: 'string', default: TARGETS.join(',') },
  workers: { type: 'string', default: String(availableParallelism()) },
  window: { type: 'string', default: '128' },
  repeat: { type: 'string', default: '1' },
  'log-level': { type: 'string', default: 'info' },
  profile: { type: 'string' },
  out: { type: 'string', default: join(ROOT, 'bench', 'results.md') },
  help: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

const args = parseOptions('npm run bench', OPTIONS);

if (args.help) {
  console.log(`npm run bench -- [options]
  --seconds N        length of each measured phase (default 5)
  --workloads LIST   ${WORKLOADS.join(',')} (default: all)
  --targets LIST     ${TARGETS.join(',')} (default: all; freeradius is skipped when not installed;
                     firebridge-replicated and firebridge-journal run only the accounting workload,
                     firebridge-fraud only the INVITE workloads; firebridge-memory is one process on
                     the in-process store, seeded through its admin API, with no Redis)
  --workers N        processes for firebridge-workers (default: one per core)
  --window N         requests in flight at saturation (default 128)
  --repeat N         run each workload N times and report the run with the median throughput
                     (default 1; on a noisy VM 3 or 5 makes before/after comparisons trustworthy)
  --log-level L      firebridge log level (default info: one line per request, as in production)
  --profile DIR     write V8 CPU profiles of firebridge to DIR
  --out FILE         where to write the results (default bench/results.md)`);
  process.exit(0);
}

const seconds = Number(args.seconds);
const workers = Number(args.workers);
const workloads = args.workloads.split(',').map((w) => w.trim()) as WorkloadName[];
for (const w of workloads) if (!WORKLOADS.includes(w)) usageError(`unknown workload "${w}" (${WORKLOADS.join(', ')})`);
let targets = args.targets.split(',').map((t) => t.trim()) as TargetName[];
for (const t of targets) if (!TARGETS.includes(t)) usageError(`unknown target "${t}" (${TARGETS.join(', ')})`);
const repeat = Number(args.repeat);
if (!(seconds > 0) || !(workers >= 1) || !(Number(args.window) >= 1) || !Number.isInteger(repeat) || repeat < 1) {
  usageError('--seconds, --workers, --window and --repeat must be positive numbers');
}
if (targets.includes('freeradius') && !freeradiusAvailable()) {
  console.log('FreeRADIUS is not installed (apt-get install freeradius freeradius-redis): comparison skipped.');
  targets = targets.filter((t) => t !== 'freeradius');
}

/** A replica acknowledges no WAIT before its first full copy: wait until the master lists it online. */
async function replicaOnline(url: string): Promise<void> {
  const master = new Redis(url);
  try {
    for (let i = 0; i < 100; i++) {
      if (/slave\d+:.*state=online/.test(await master.info('replication'))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the replica did not come online within 10 s');
  } finally {
    master.disconnect();
  }
}

interface StartedTarget {
  readonly server: RadiusRunning;
  readonly description: string;
  /** Its own store when it has no Redis (IN_PROCESS), already seeded. */
  readonly store?: Store;
}

async function startTarget(name: TargetName, redis: RedisRunning): Promise<StartedTarget> {
  switch (name) {
    case 'firebridge':
      return {
        server: await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['log-level'], ...(args.profile ? { profileDir: args.profile } : {}) }),
        description: `firebridge, one process, log level ${args['log-level']}.`,
      };
    case 'firebridge-workers':
      return {
        server: await startFirebridge({ redisUrl: redis.url, workers, logLevel: args['log-level'] }),
        description: `firebridge --workers ${workers} (one process per core sharing the UDP ports), log level ${args['log-level']}.`,
      };
    case 'firebridge-replicated': {
      const replica = await startRedis({ replicaOf: redis.port });
      await replicaOnline(redis.url);
      const server = await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['log-level'], accounting: { durability: 'replicated', replicas: 1 } });
      return {
        server: { ...server, stop: async () => (await server.stop(), await replica.stop()) },
        description: `firebridge, one process, accounting.durability replicated (WAIT for 1 replica, a second local redis-server), log level ${args['log-level']}.`,
      };
    }
    case 'firebridge-journal': {
      const dir = mkdtempSync(join(tmpdir(), 'firebridge-bench-journal-'));
      const nowhere = `redis://127.0.0.1:${await freePort()}`;
      const server = await startFirebridge({ redisUrl: nowhere, workers: 1, logLevel: args['log-level'], accounting: { journal: { dir } } });
      return {
        server: { ...server, stop: async () => (await server.stop(), rmSync(dir, { recursive: true, force: true })) },
        description: `firebridge, one process, Redis down: every accounting request acknowledged from accounting.journal.dir after fdatasync (group commit), log level ${args['log-level']}.`,
      };
    }
    case 'firebridge-fraud':
      return {
        server: await startFirebridge({ redisUrl: redis.url, workers: 1, logLevel: args['log-level'], fraud: FRAUD_CONFIG }),
        description: `firebridge, one process, fraud guard on (UK preset, thresholds no call reaches), log level ${args['log-level']}.`,
      };
    case 'firebridge-memory': {
      const server = await startFirebridge({ workers: 1, logLevel: args['log-level'] });
      const api = await serverApi(server);
      if (api.kind !== 'memory') throw new Error(`firebridge-memory runs on a ${api.kind} store, not the in-process one`);
      const store = serverStore(api);
      await putSubscribers(subscriberWriter(api));
      await writeFaxAccounts(store);
      await writeLcrTable(store);
      return {
        server,
        store,
        description:
          `firebridge, one process, no Redis: the in-process store (redis.probeLocal false), seeded through the admin API as \`subscriber add\` ` +
          `would (with the number index the Redis targets' seeding leaves out), log level ${args['log-level']}.`,
      };
    }
    case 'freeradius':
      return {
        server: await startFreeradius(redis.port, 4),
        description: 'FreeRADIUS 3 with the unlang digest policy and rlm_redis in bench/freeradius/ (no per-request log).',
      };
  }
}

/** The run whose saturation throughput is the median: one whole run, so its figures stay consistent. */
function medianRun(runs: GeneratorResult[]): GeneratorResult {
  const sorted = [...runs].sort((a, b) => a.saturation.rate - b.saturation.rate);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const redis = await startRedis();
const results: TargetResult[] = [];
try {
  await seedSubscribers(redis.url);
  for (const target of targets) {
    const inProcess = IN_PROCESS.has(target);
    if (!inProcess) {
      await flushRedis(redis.url, true);
      await seedFaxAccounts(redis.url);
      await seedLcrTable(redis.url);
    }
    const started = await startTarget(target, redis);
    const { server, description } = started;
    const store = started.store ?? redisStore(new Redis(redis.url, { enableAutoPipelining: true }), 'fb:');
    const done: GeneratorResult[] = [];
    try {
      for (const workload of workloads) {
        if (ACCOUNTING_ONLY.has(target) && workload !== 'accounting') continue;
        if (INVITE_ONLY.has(target) && !INVITE_WORKLOADS.has(workload)) continue;
        // FreeRADIUS has no FaxBack policy to compare with (yet): the workload reports firebridge's own figures.
        if (target === 'freeradius' && (FAX_WORKLOADS.has(workload) || CALL_FEATURE_WORKLOADS.has(workload) || workload === 'invite-intl')) continue;
        process.stdout.write(`${target}: ${WORKLOAD_TITLES[workload]} … `);
        const runs: GeneratorResult[] = [];
        const restore = await prepareWorkload(workload, store);
        for (let i = 0; i < repeat; i++) {
          runs.push(
            await runGenerator({
              host: '127.0.0.1',
              authPort: server.authPort,
              acctPort: server.acctPort,
              secret: SECRET,
              workload,
              seconds,
              loads: [0.25, 0.5, 0.8],
              window: Number(args.window),
              serverPid: server.pid,
              ...(inProcess ? {} : { redisPid: redis.pid }),
              ...(FAX_WORKLOADS.has(workload) ? { bindAddress: FAX_CLIENT_ADDRESS } : {}),
            }),
          );
        }
        await restore();
        const result = medianRun(runs);
        const p99 = result.loads.find((l) => l.fraction === 0.5)?.latencyMs.p99;
        console.log(`${Math.round(result.saturation.rate)} req/s, p99 at 50 % ${p99?.toFixed(2)} ms`);
        done.push(result);
      }
      results.push({ name: target, description, results: done, rssBytes: rssBytes(server.pid), ...(inProcess ? {} : { redisBytes: await redis.usedMemory() }) });
    } finally {
      await store.close();
      await server.stop();
    }
  }
} finally {
  await redis.stop();
}

const READING = `## Reading these figures

- One run on one machine: the generator, the server and Redis share the cores, so every figure includes
  the others' contention. On the 2-vCPU VM these were first taken on, repeated runs varied by ±30–40 %
  in throughput; compare targets within one run, use \`--repeat 3\` (the median run is kept), and run
  \`npm run bench\` again before trusting a change.
- "server CPU µs/req" is user+system time of the server's process tree (all workers) over the
  saturation run, divided by the requests answered: the figure least disturbed by contention.
- Latency is measured by the generator from send to reply, in an open loop paced in 1 ms ticks; on a
  VM whose idle vCPUs sleep, a round trip to an idle Redis costs ~0.5 ms (redis-cli --latency), which
  sets the floor of p50 for every request that touches Redis, for both servers.
- FreeRADIUS does the nearest equivalent work, not the same: no replay protection, no lockout guard,
  one Redis SET per registration (firebridge: bindings hash, expiry set, limit check), no per-request
  log line (firebridge: one JSON line at the default level \`info\`), and no metrics.`;

const reference = results.find((r) => r.name === 'freeradius');
const checks = checkTargets(
  results.find((r) => r.name === 'firebridge'),
  results.find((r) => r.name === 'firebridge-workers'),
  reference,
  results.filter((r) => r.name !== 'firebridge' && r.name !== 'freeradius'),
);
const report = [
  '# firebridge benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Each workload: a closed-loop run with ${args.window} requests in flight for ${seconds} s (saturation), then ${seconds} s open-loop at 25 %, 50 % and 80 % of that rate for latency${repeat > 1 ? `; each run ${repeat} times, the run with the median throughput reported` : ''}. 10,000 subscribers; every digest request has a fresh nonce; the generator is a separate process sending pre-signed packets.`,
  '',
  '## Machine',
  '',
  machine(),
  '',
  '## Targets',
  '',
  checksSection(checks),
  '',
  '## Results',
  '',
  ...results.map((t) => `${targetSection(t)}\n`),
  '## Against FreeRADIUS',
  '',
  ratioSection(results, reference),
  '',
  READING,
  '',
  // What each optimisation step bought, measured by A/B runs (ab.ts): kept by hand in bench/steps.md,
  // carried into every report so the figures and their history sit together.
  ...(existsSync(STEPS_FILE) ? [readFileSync(STEPS_FILE, 'utf8').trimEnd(), ''] : []),
].join('\n');
writeFileSync(args.out, report);
console.log(`\n${report}`);
console.log(`written to ${args.out}`);
