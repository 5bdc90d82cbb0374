// `npm run bench:memory`: what a subscriber, a registered phone and an active call leg cost in memory
// (issue 20), on Redis (server RSS and Redis used_memory) and on the in-process store (server RSS and
// V8 heap). Seeds 100,000 subscribers, registers each one's phone with a real digest REGISTER, opens
// 10,000 call legs with accounting Starts (no Stop), and reads the memory after each step; prints the
// figures and writes bench/results-memory.md.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseOptions, usageError as usageErrorOf } from './options.js';
import { Redis } from 'ioredis';
import { Code, serializeRequest } from '../src/radius/index.js';
import { redisStore, type Store } from '../src/store/index.js';
import { gcProbeFile, SETTLE_MS, type GcProbeReading } from './gc-probe.js';
import { sendBatch, type BatchResult } from './generator.js';
import { machine } from './machine.js';
import { ROOT, SECRET, putSubscribers, startFirebridge, startRedis, type FirebridgeRunning, type RedisRunning } from './servers.js';
import { serverApi, serverStore, subscriberWriter } from './server-store.js';
import { EXTENSIONS, subscriber } from './subscribers.js';
import { legAttributes, registerAttributes, type BuiltPacket } from './workloads.js';

const STORES = ['redis', 'memory'] as const;
type StoreKind = (typeof STORES)[number];

/** The shortest nonce lifetime the configuration allows: the REGISTERs' replay claims expire within the run. */
const NONCE_LIFETIME_S = 10;
/** The in-process store sweeps expired claims on every 1,024th claim (store/memory/expiring-map.ts). */
const SWEEP_REGISTERS = 1_024;
const WINDOW = 128;

const OPTIONS = {
  registrations: { type: 'string', default: '100000' },
  legs: { type: 'string', default: '10000' },
  stores: { type: 'string', default: STORES.join(',') },
  out: { type: 'string', default: join(ROOT, 'bench', 'results-memory.md') },
  help: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

const usageError = (message: string): never => usageErrorOf('npm run bench:memory', message);

const args = parseOptions('npm run bench:memory', OPTIONS);

if (args.help) {
  console.log(`npm run bench:memory -- [options]
  --registrations N  subscribers seeded, each with one phone registered (default 100000)
  --legs N           call legs opened with an accounting Start and left open (default 10000)
  --stores LIST      ${STORES.join(',')} (default: both; redis: firebridge on a private redis-server,
                     memory: firebridge on its in-process store, seeded through its admin API)
  --out FILE         where to write the results (default bench/results-memory.md)`);
  process.exit(0);
}

const registrations = Number(args.registrations);
const legs = Number(args.legs);
const stores = args.stores.split(',').map((s) => s.trim()) as StoreKind[];
for (const s of stores) if (!STORES.includes(s)) usageError(`unknown store "${s}" (${STORES.join(', ')})`);
if (!Number.isInteger(registrations) || registrations < SWEEP_REGISTERS || !Number.isInteger(legs) || legs < 1) {
  usageError(`--registrations must be a whole number ≥ ${SWEEP_REGISTERS}, --legs a positive whole number`);
}

/** Memory at one point of the run; `redis` only where there is one. */
interface Reading {
  readonly rss: number;
  readonly heapUsed: number;
  readonly redis?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks the server's GC probe for a collection and waits for its reading (gc-probe.ts). */
async function probe(pid: number, last: number): Promise<GcProbeReading> {
  process.kill(pid, 'SIGUSR2');
  const file = gcProbeFile(pid);
  const until = Date.now() + SETTLE_MS + 10_000;
  while (Date.now() < until) {
    await sleep(100);
    if (!existsSync(file)) continue;
    const reading = JSON.parse(readFileSync(file, 'utf8')) as GcProbeReading;
    if (reading.sequence > last) return reading;
  }
  throw new Error(`the server's GC probe did not answer (${file})`);
}

/** Expired keys leave Redis in its background expiry cycle: wait until the key count stops falling. */
async function expiredKeysGone(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let before = await redis.dbsize();
    for (let i = 0; i < 60; i++) {
      await sleep(500);
      const now = await redis.dbsize();
      if (now === before) return;
      before = now;
    }
  } finally {
    redis.disconnect();
  }
}

const register = (index: number, identifier: number): BuiltPacket => ({
  port: 'auth',
  wire: serializeRequest(Code.AccessRequest, identifier, registerAttributes(subscriber(index)), Buffer.from(SECRET)),
});

function legStart(tag: string): (index: number, identifier: number) => BuiltPacket {
  return (index, identifier) => {
    const leg = { id: `mem-${tag}-${index}`, caller: subscriber(index % registrations).number, called: String(200 + (index % EXTENSIONS)) };
    return { port: 'acct', wire: serializeRequest(Code.AccountingRequest, identifier, legAttributes(leg, 'start'), Buffer.from(SECRET)) };
  };
}

/** How many of a batch got the expected reply; the rest (if any) are said, and left out of the division. */
function answered(what: string, batch: BatchResult, code: number, sent: number): number {
  const n = batch.replies[code] ?? 0;
  const rate = Math.round(sent / batch.seconds);
  console.log(`  ${what}: ${n.toLocaleString('en-GB')} of ${sent.toLocaleString('en-GB')} answered ${code === Code.AccessAccept ? 'Access-Accept' : 'Accounting-Response'} in ${batch.seconds.toFixed(1)} s (${rate.toLocaleString('en-GB')}/s)`);
  if (n !== sent) console.log(`  (replies ${JSON.stringify(batch.replies)}, lost ${batch.lost})`);
  return n;
}

interface StoreRun {
  readonly kind: StoreKind;
  readonly points: ReadonlyArray<{ readonly label: string; readonly reading: Reading }>;
  readonly subscribers: number;
  readonly registered: number;
  readonly claims: number;
  readonly legs: number;
  readonly seconds: number;
}

/**
 * One store, start to end: empty → subscribers → phones registered (bindings and their replay
 * claims) → claims expired → legs open. The claims' own cost is read from their going: after the
 * nonce lifetime the first 1,024 phones register again, which sweeps the in-process store (and in
 * Redis only adds their claims), so 1,024 claims remain in both.
 */
async function measure(kind: StoreKind): Promise<StoreRun> {
  const t0 = Date.now();
  console.log(`${kind === 'redis' ? 'Redis' : 'in-process'} store:`);
  const redis: RedisRunning | undefined = kind === 'redis' ? await startRedis() : undefined;
  let server: FirebridgeRunning | undefined;
  let store: Store | undefined;
  try {
    server = await startFirebridge({
      ...(redis ? { redisUrl: redis.url } : {}),
      workers: 1,
      // No line per request: the measured state is the same, and the run stays short.
      logLevel: 'warn',
      digest: { nonceLifetimeSeconds: NONCE_LIFETIME_S },
      nodeArgs: ['--expose-gc', '--import', join(import.meta.dirname, 'gc-probe.js')],
    });
    const pid = server.pid;
    // Subscribers go in as `subscriber add` writes them: on Redis directly, else through the admin API.
    let writer: Parameters<typeof putSubscribers>[0];
    if (redis) {
      store = writer = redisStore(new Redis(redis.url, { enableAutoPipelining: true }), 'fb:');
    } else {
      const api = await serverApi(server);
      store = serverStore(api);
      writer = subscriberWriter(api);
    }
    if (store.kind !== kind) throw new Error(`expected the ${kind} store, the server runs on ${store.kind}`);
    const target = { host: '127.0.0.1', authPort: server.authPort, acctPort: server.acctPort };

    const points: Array<{ label: string; reading: Reading }> = [];
    let sequence = 0;
    const read = async (label: string): Promise<void> => {
      const r = await probe(pid, sequence);
      sequence = r.sequence;
      const reading = { rss: r.rss, heapUsed: r.heapUsed, ...(redis ? { redis: await redis.usedMemory() } : {}) };
      points.push({ label, reading });
      const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
      console.log(`  ${label}: RSS ${mb(reading.rss)}, heap used ${mb(reading.heapUsed)}${reading.redis !== undefined ? `, Redis used_memory ${mb(reading.redis)}` : ''}`);
    };

    await read('started');
    const seeding = Date.now();
    await putSubscribers(writer, registrations);
    console.log(`  ${registrations.toLocaleString('en-GB')} subscribers seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    await read(`${registrations.toLocaleString('en-GB')} subscribers`);

    const registered = answered('REGISTER', await sendBatch(target, registrations, register, WINDOW), Code.AccessAccept, registrations);
    const lastRegister = Date.now();
    await read(`${registered.toLocaleString('en-GB')} phones registered`);

    await sleep(Math.max(0, lastRegister + NONCE_LIFETIME_S * 1000 + 1_000 - Date.now()));
    const again = answered('REGISTER again (sweep)', await sendBatch(target, SWEEP_REGISTERS, register, WINDOW), Code.AccessAccept, SWEEP_REGISTERS);
    if (redis) await expiredKeysGone(redis.url);
    await read(`claims expired (${again.toLocaleString('en-GB')} fresh)`);

    const tag = Date.now().toString(36);
    const open = answered('accounting Start', await sendBatch(target, legs, legStart(tag), WINDOW), Code.AccountingResponse, legs);
    await read(`${open.toLocaleString('en-GB')} legs open`);
    return { kind, points, subscribers: registrations, registered, claims: registered, legs: open, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await store?.close();
    await server?.stop();
    await redis?.stop();
    if (server) rmSync(gcProbeFile(server.pid), { force: true });
  }
}

const runs: StoreRun[] = [];
for (const kind of stores) runs.push(await measure(kind));

type Figure = 'rss' | 'heapUsed' | 'redis';
const FIGURE_NAMES: Record<Figure, string> = { rss: 'server RSS', heapUsed: 'server V8 heap used', redis: 'Redis used_memory' };

/** Bytes per item between two points, or '–' when the figure is not measured there. */
function per(run: StoreRun, figure: Figure, from: number, to: number, items: number, minus = 0): string {
  const a = run.points[from]?.reading[figure];
  const b = run.points[to]?.reading[figure];
  if (a === undefined || b === undefined || items <= 0) return '–';
  return Math.round((b - a - minus) / items).toLocaleString('en-GB');
}

function perItemRows(run: StoreRun): string[][] {
  const figures: Figure[] = run.kind === 'redis' ? ['rss', 'heapUsed', 'redis'] : ['rss', 'heapUsed'];
  return figures.map((figure) => {
    const at = (i: number): number => run.points[i]!.reading[figure]!;
    // Points: 0 started, 1 subscribers, 2 registered (bindings + claims), 3 claims expired (bindings + 1,024 claims), 4 legs.
    const claims = run.claims - SWEEP_REGISTERS;
    const perClaim = (at(2) - at(3)) / claims;
    const binding = per(run, figure, 1, 3, run.registered, perClaim * SWEEP_REGISTERS);
    return [
      run.kind === 'redis' ? 'Redis' : 'in-process',
      FIGURE_NAMES[figure],
      per(run, figure, 0, 1, run.subscribers),
      binding,
      Math.round(perClaim).toLocaleString('en-GB'),
      per(run, figure, 3, 4, run.legs),
    ];
  });
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i < 2 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const mb = (n: number | undefined): string => (n === undefined ? '–' : `${(n / 2 ** 20).toFixed(1)} MB`);
const pointsTable = (run: StoreRun): string =>
  table(
    ['store', 'after', 'server RSS', 'V8 heap used', 'Redis used_memory'],
    run.points.map((p) => [run.kind === 'redis' ? 'Redis' : 'in-process', p.label, mb(p.reading.rss), mb(p.reading.heapUsed), mb(p.reading.redis)]),
  );

const report = [
  '# firebridge memory per registration and per call',
  '',
  `Written by \`npm run bench:memory\` on ${new Date().toISOString().slice(0, 10)}: ${registrations.toLocaleString('en-GB')} subscribers, one phone registered each, ${legs.toLocaleString('en-GB')} call legs open.`,
  '',
  '## Machine',
  '',
  machine(),
  '',
  '## Method',
  '',
  `- One firebridge process (\`--workers 1\`, log level warn) per store: on a private redis-server, then on its in-process store (no Redis; \`redis.probeLocal: false\`). Each starts empty.`,
  `- Subscribers are written through the store's own \`put\`, as \`subscriber add\` writes them (the subscriber hash and the number index): pipelined on Redis, through the admin API with the local commands' token for the in-process store. Then each subscriber's phone sends one digest REGISTER (fresh nonce, one Contact: one binding each), ${WINDOW} in flight; then ${legs.toLocaleString('en-GB')} accounting Starts of distinct legs, with no Stop.`,
  `- Before each reading the server runs a full garbage collection (a probe loaded with \`node --expose-gc --import bench/gc-probe.js\` collects on SIGUSR2), then ${SETTLE_MS / 1000} s settle; RSS and V8 heap used are \`process.memoryUsage()\` then. Redis used_memory is INFO memory.`,
  `- Every REGISTER leaves a replay claim of its (nonce, nc) for the nonce lifetime, here ${NONCE_LIFETIME_S} s (\`digest.nonceLifetimeSeconds\`, default 300). After it the first ${SWEEP_REGISTERS.toLocaleString('en-GB')} phones register again (the in-process store sweeps expired claims on every ${SWEEP_REGISTERS.toLocaleString('en-GB')}th claim; in Redis they expire in the background, waited for), so a binding's cost is read without the claims and a claim's from their going. In service the claims held are REGISTERs and INVITEs per second × the nonce lifetime.`,
  '- Per item: the difference between two readings divided by the items added (subscribers seeded, REGISTERs and Starts answered). With Redis the server keeps none of this state: its RSS and heap move only with buffers and caches, and those figures are noise.',
  '',
  '## Bytes per item',
  '',
  table(['store', 'figure', 'per subscriber', 'per registered phone (binding)', 'per replay claim', 'per active call leg'], runs.flatMap(perItemRows)),
  '',
  '## Readings',
  '',
  ...runs.map((r) => `${pointsTable(r)}\n\n(${r.seconds.toFixed(0)} s)\n`),
].join('\n');

writeFileSync(args.out, report);
console.log(`\n${report}`);
console.log(`written to ${args.out}`);
