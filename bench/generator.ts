// The load generator: its own process, so its CPU is not the server's, sending pre-built packets
// (workloads.ts) from several UDP sockets. Phases: a closed-loop run at saturation (a fixed number
// of requests in flight), then open-loop runs at fixed fractions of that rate for latency, since a
// closed loop measures latency at whatever queue depth it creates.
// Usage: node generator.js '<GeneratorJob JSON>'; prints one GeneratorResult JSON line.
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './latency.js';
import { cpuSeconds } from './proc.js';
import { PacketFactory, type BuiltPacket, type WorkloadName } from './workloads.js';

/** Where the packets go, and from which address. */
export interface GeneratorTarget {
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  /** The address the generator's sockets send from (the client the server knows it as); any when absent. */
  readonly bindAddress?: string;
}

export interface GeneratorJob extends GeneratorTarget {
  readonly secret: string;
  readonly workload: WorkloadName;
  readonly seconds: number;
  readonly loads: readonly number[];
  /** Requests in flight during the saturation run. */
  readonly window: number;
  readonly serverPid: number;
  readonly redisPid?: number;
}

export interface LoadResult {
  readonly fraction: number;
  readonly targetRate: number;
  readonly achievedRate: number;
  readonly latencyMs: LatencySummary;
  readonly lost: number;
}

export interface GeneratorResult {
  readonly workload: WorkloadName;
  readonly saturation: { rate: number; completed: number; lost: number; serverCpuUs: number; redisCpuUs?: number };
  readonly loads: LoadResult[];
  /** Reply codes seen, so a misconfigured server (rejects instead of accepts) shows in the report. */
  readonly replies: Record<string, number>;
}

const SOCKETS = 4;
const TIMEOUT_MS = 2_000;

class Engine {
  private readonly sockets: Socket[] = [];
  private readonly sentAt: Float64Array[] = [];
  private readonly record: Uint8Array[] = [];
  private packets: BuiltPacket[] = [];
  next = 0;
  inFlight = 0;
  completed = 0;
  lost = 0;
  recording = false;
  samples: number[] = [];
  readonly replies: Record<string, number> = {};
  onReply: () => void = () => {};

  constructor(private readonly job: GeneratorTarget) {
    for (let s = 0; s < SOCKETS; s++) {
      const socket = createSocket(job.host.includes(':') ? 'udp6' : 'udp4');
      const sentAt = new Float64Array(256);
      const record = new Uint8Array(256);
      socket.on('message', (msg) => {
        const id = msg[1]!;
        const t = sentAt[id]!;
        if (t === 0) return;
        sentAt[id] = 0;
        this.inFlight--;
        this.completed++;
        if (record[id]) this.samples.push(performance.now() - t);
        this.replies[msg[0]!] = (this.replies[msg[0]!] ?? 0) + 1;
        this.onReply();
      });
      this.sockets.push(socket);
      this.sentAt.push(sentAt);
      this.record.push(record);
    }
    setInterval(() => this.expire(), 250).unref();
  }

  async open(): Promise<void> {
    await Promise.all(this.sockets.map((s) => new Promise<void>((resolve) => s.bind(0, this.job.bindAddress, resolve))));
    for (const s of this.sockets) {
      s.setSendBufferSize(4 << 20);
      s.setRecvBufferSize(4 << 20);
    }
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }

  /**
   * Packet j goes out on socket j % SOCKETS with identifier ⌊j / SOCKETS⌋ mod 256 (fixed when signed);
   * `build` gets the packet's place in this batch and that identifier.
   */
  load(build: (k: number, identifier: number) => BuiltPacket, count: number): void {
    const base = this.next;
    this.packets = new Array<BuiltPacket>(count);
    for (let k = 0; k < count; k++) {
      const j = base + k;
      this.packets[k] = build(k, Math.floor(j / SOCKETS) % 256);
    }
    this.packetBase = base;
  }
  private packetBase = 0;

  get remaining(): number {
    return this.packetBase + this.packets.length - this.next;
  }

  /** Sends the next packet unless its identifier is still in flight or the pool is spent. */
  trySend(): boolean {
    const j = this.next;
    const packet = this.packets[j - this.packetBase];
    if (!packet) return false;
    const s = j % SOCKETS;
    const id = Math.floor(j / SOCKETS) % 256;
    if (this.sentAt[s]![id] !== 0) return false;
    this.sentAt[s]![id] = performance.now();
    this.record[s]![id] = this.recording ? 1 : 0;
    this.next++;
    this.inFlight++;
    this.sockets[s]!.send(packet.wire, packet.port === 'auth' ? this.job.authPort : this.job.acctPort, this.job.host);
    return true;
  }

  private expire(): void {
    const now = performance.now();
    for (const sentAt of this.sentAt) {
      for (let id = 0; id < 256; id++) {
        if (sentAt[id] !== 0 && now - sentAt[id]! > TIMEOUT_MS) {
          sentAt[id] = 0;
          this.inFlight--;
          this.lost++;
        }
      }
    }
  }

  async drain(): Promise<void> {
    const until = performance.now() + TIMEOUT_MS + 500;
    while (this.inFlight > 0 && performance.now() < until) await sleep(20);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps `window` requests in flight for `seconds`; returns completions per second. */
async function closedLoop(engine: Engine, window: number, seconds: number): Promise<number> {
  const startCompleted = engine.completed;
  const t0 = performance.now();
  let running = true;
  engine.onReply = () => {
    while (running && engine.inFlight < window && engine.trySend());
  };
  while (engine.inFlight < window && engine.trySend());
  while (running) {
    await sleep(10);
    // identifiers freed by timeouts, or a stall on a busy identifier
    while (engine.inFlight < window && engine.trySend());
    if (performance.now() - t0 >= seconds * 1000 || engine.remaining === 0) running = false;
  }
  const elapsed = (performance.now() - t0) / 1000;
  engine.onReply = () => {};
  return (engine.completed - startCompleted) / elapsed;
}

/** Sends at `rate` per second for `seconds`, in 1 ms ticks; latency recorded after a short warm-up. */
async function openLoop(engine: Engine, rate: number, seconds: number): Promise<{ achieved: number; samples: number[] }> {
  engine.samples = [];
  engine.recording = false;
  const warmup = Math.min(0.5, seconds / 4);
  const t0 = performance.now();
  const first = engine.next;
  let measureStart = -1;
  let measureFirst = 0;
  for (;;) {
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= warmup + seconds) break;
    if (measureStart < 0 && elapsed >= warmup) {
      engine.recording = true;
      measureStart = performance.now();
      measureFirst = engine.next;
    }
    const due = Math.floor(elapsed * rate) - (engine.next - first);
    for (let k = 0; k < due && engine.trySend(); k++);
    await sleep(1);
  }
  engine.recording = false;
  const achieved = (engine.next - measureFirst) / ((performance.now() - measureStart) / 1000);
  await engine.drain();
  return { achieved, samples: engine.samples };
}

export async function runJob(job: GeneratorJob): Promise<GeneratorResult> {
  const factory = new PacketFactory(Buffer.from(job.secret));
  const build = (_k: number, identifier: number): BuiltPacket => factory.build(job.workload, identifier);
  const engine = new Engine(job);
  await engine.open();

  // Warm-up, which also estimates the rate so the saturation run's packets can be signed up front.
  const warmup = Math.min(1, job.seconds);
  engine.load(build, Math.ceil(40_000 * warmup));
  const estimate = await closedLoop(engine, job.window, warmup);
  await engine.drain();

  engine.load(build, Math.ceil(estimate * 1.6 * job.seconds) + 10_000);
  const lostBefore = engine.lost;
  const cpu0 = cpuSeconds(job.serverPid);
  const redis0 = job.redisPid ? cpuSeconds(job.redisPid) : 0;
  const completed0 = engine.completed;
  const rate = await closedLoop(engine, job.window, job.seconds);
  const completed = engine.completed - completed0;
  const serverCpuUs = ((cpuSeconds(job.serverPid) - cpu0) / completed) * 1e6;
  const redisCpuUs = job.redisPid ? ((cpuSeconds(job.redisPid) - redis0) / completed) * 1e6 : undefined;
  await engine.drain();
  const saturationLost = engine.lost - lostBefore;

  const loads: LoadResult[] = [];
  for (const fraction of job.loads) {
    const target = rate * fraction;
    engine.load(build, Math.ceil(target * (job.seconds + 1) * 1.1) + 1_000);
    const lost0 = engine.lost;
    const { achieved, samples } = await openLoop(engine, target, job.seconds);
    loads.push({
      fraction,
      targetRate: target,
      achievedRate: achieved,
      latencyMs: summarize(Float64Array.from(samples)),
      lost: engine.lost - lost0,
    });
  }
  engine.close();
  return {
    workload: job.workload,
    saturation: { rate, completed, lost: saturationLost, serverCpuUs, ...(redisCpuUs !== undefined ? { redisCpuUs } : {}) },
    loads,
    replies: engine.replies,
  };
}

export interface BatchResult {
  readonly replies: Record<string, number>;
  readonly lost: number;
  readonly seconds: number;
}

/**
 * Sends `count` packets once each, `window` in flight, and waits for the last answers: for putting
 * state into a server (bench:memory's registrations and calls) rather than timing it. `build` gets
 * each packet's index and the RADIUS identifier to sign it with.
 */
export async function sendBatch(target: GeneratorTarget, count: number, build: (index: number, identifier: number) => BuiltPacket, window: number): Promise<BatchResult> {
  const engine = new Engine(target);
  await engine.open();
  engine.load(build, count);
  const t0 = performance.now();
  await closedLoop(engine, window, Infinity);
  await engine.drain();
  engine.close();
  return { replies: engine.replies, lost: engine.lost, seconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const job = JSON.parse(process.argv[2] ?? '{}') as GeneratorJob;
  runJob(job).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
