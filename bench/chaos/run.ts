// One chaos run: for each durability mode the build knows, each scenario on a fresh deployment —
// seed subscribers, start firebridge, steady load, the fault at 30 % of the load, the recovery,
// load on until the end (and at least 2 s after the recovery), every retry settled, then the
// read-back. Every process is ended after each scenario; a scenario past its time bound is ended
// and reported as such.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectRedis, waitUntilReady } from '../../src/store/redis/connection.js';
import { SECRET, writeSubscribers } from '../servers.js';
import { RefusedToStart, startChaosFirebridge, type ChaosFirebridge } from './firebridge.js';
import { SteadyLoad, type LoadTally } from './load.js';
import { MODES, type ConfigOverrides } from './modes.js';
import type { ChaosOptions } from './options.js';
import { cleanUp, sleep, tempDir } from './processes.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { startTopology, type Topology } from './topologies.js';
import { readBack, type Missing } from './verify.js';

export interface ScenarioRow {
  readonly scenario: string;
  readonly run: number;
  readonly runs: number;
  readonly topology: string;
  readonly fault: string;
  readonly recovery: string;
  readonly tally?: Omit<LoadTally, 'acknowledged' | 'accepted'>;
  readonly missing?: Missing;
  readonly notes: readonly string[];
  readonly error?: string;
}

export type ModeReport =
  | { readonly mode: string; readonly available: true; readonly rows: readonly ScenarioRow[] }
  | { readonly mode: string; readonly available: false; readonly reason: string };

const RECOVERED_LOAD_MS = 2_000;
/** Beyond the load itself: starting a deployment, the fault's own bounded waits, the last retries, the read-back. */
const SCENARIO_SLACK_MS = 75_000;

/**
 * Whether this build's configuration takes these settings: undefined when the server starts with
 * them, else why it refused (it refuses a setting it does not know).
 */
export async function refusal(overrides: ConfigOverrides): Promise<string | undefined> {
  try {
    // No Redis needed: the configuration is checked before any connection matters.
    const fb = await startChaosFirebridge({ url: 'redis://127.0.0.1:1' }, overrides, tempDir('probe'));
    await fb.stop();
    return undefined;
  } catch (err) {
    // The file's path says nothing here; the setting and why it was refused do.
    if (err instanceof RefusedToStart) return err.message.replace(/^\S+:\d+:\d+: /, '');
    throw err;
  } finally {
    await cleanUp();
  }
}

async function seed(topology: Topology): Promise<void> {
  const redis = connectRedis({ ...topology.connection, commandTimeoutMs: 5_000 });
  try {
    await waitUntilReady(redis, 10_000);
    await writeSubscribers(redis);
  } finally {
    redis.disconnect();
  }
}

interface Live {
  load?: SteadyLoad;
}

async function runScenario(s: Scenario, mode: string, o: ChaosOptions, live: Live): Promise<Omit<ScenarioRow, 'run' | 'runs' | 'scenario' | 'topology' | 'fault' | 'recovery'>> {
  const topology = await startTopology(s.topology, s.proxy ?? 'none');
  await seed(topology);
  const dir = tempDir('firebridge');
  const firebridge: ChaosFirebridge = await startChaosFirebridge(topology.connection, MODES[mode]!({ dir }), dir);
  const tag = randomBytes(4).toString('hex');
  const load = new SteadyLoad({ authPort: firebridge.authPort, acctPort: firebridge.acctPort, secret: Buffer.from(SECRET) }, o.rate, tag);
  live.load = load;
  const notes: string[] = [];
  const t0 = performance.now();
  load.start();
  await sleep(o.seconds * 300);
  const faultAt = performance.now();
  await s.inject({ topology, firebridge, note: (text) => notes.push(`${text} ${signed((performance.now() - faultAt) / 1000)} s`) });
  const end = Math.max(t0 + o.seconds * 1000, performance.now() + RECOVERED_LOAD_MS);
  await sleep(end - performance.now());
  const tally = await load.stop();
  notes.unshift(`longest gap from ${signed((tally.longestGapAt - faultAt) / 1000)} s`);
  // What a journal acknowledged reaches Redis by its replay: read back once it is empty (bounded), so
  // "missing" means lost, not "still on its way".
  const drained = await journalDrained(join(dir, 'journal'), JOURNAL_DRAIN_MS);
  if (drained !== undefined) notes.push(drained < 0 ? `journal not empty after ${JOURNAL_DRAIN_MS / 1000} s` : `journal drained ${(drained / 1000).toFixed(1)} s after the load`);
  const missing = await readBack(topology.connection, tally, tag);
  const { acknowledged: _a, accepted: _b, ...counts } = tally;
  return { tally: counts, missing, notes };
}

const JOURNAL_DRAIN_MS = 30_000;

/** ms until no journal under `dir` holds a record (-1: not within `boundMs`); undefined: no journal. */
async function journalDrained(dir: string, boundMs: number): Promise<number | undefined> {
  if (!existsSync(dir)) return undefined;
  const started = performance.now();
  const held = (): boolean =>
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .some((d) => readdirSync(join(dir, d.name)).some((f) => f.endsWith('.journal') && statSync(join(dir, d.name, f)).size > 0));
  while (held()) {
    if (performance.now() - started > boundMs) return -1;
    await sleep(200);
  }
  return performance.now() - started;
}

export async function runChaos(o: ChaosOptions, say: (line: string) => void): Promise<ModeReport[]> {
  const reports: ModeReport[] = [];
  for (const mode of o.modes) {
    const refused = await refusal(MODES[mode]!({ dir: tempDir(`probe-${mode}`) }));
    if (refused !== undefined) {
      say(`${mode}: not available (${refused})`);
      reports.push({ mode, available: false, reason: refused });
      continue;
    }
    const rows: ScenarioRow[] = [];
    for (const s of SCENARIOS.filter((x) => o.scenarios.includes(x.id))) {
      for (let run = 1; run <= s.runs; run++) {
        const head = { scenario: s.id, run, runs: s.runs, topology: s.topology, fault: s.fault, recovery: s.recovery };
        const live: Live = {};
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${Math.round(o.seconds + SCENARIO_SLACK_MS / 1000)} s`)), o.seconds * 1000 + SCENARIO_SLACK_MS);
        });
        let row: ScenarioRow;
        try {
          row = { ...head, ...(await Promise.race([runScenario(s, mode, o, live), bound])) };
        } catch (err) {
          row = { ...head, notes: [], error: (err as Error).message.split('\n')[0]! };
        } finally {
          clearTimeout(timer);
          void live.load?.stop();
          await cleanUp();
        }
        rows.push(row);
        say(`${mode} ${s.id}${s.runs > 1 ? ` #${run}` : ''}: ${summary(row)}`);
      }
    }
    reports.push({ mode, available: true, rows });
  }
  return reports;
}

const signed = (s: number): string => `${s > -0.05 ? '+' : '−'}${Math.abs(s).toFixed(1)}`;

function summary(r: ScenarioRow): string {
  if (r.error || !r.tally || !r.missing) return `failed: ${r.error ?? 'no figures'}`;
  const m = r.missing;
  return `longest gap ${r.tally.longestGapSeconds.toFixed(1)} s, accounting missing ${m.accountingMissing}/${m.accountingAcknowledged}, registrations missing ${m.registrationsMissing}/${m.registrationsAccepted}, duplicates ${m.duplicateRecords}`;
}
