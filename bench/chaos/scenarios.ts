// The faults, one description each: which deployment, what breaks, how it recovers. `inject`
// applies the fault under load and resolves once the recovery is done; it notes the moments worth
// printing (when the promotion came). Waits are bounded, so a promotion that never comes fails
// the scenario instead of hanging the run.
import { askWithin } from './redis-nodes.js';
import { sleep } from './processes.js';
import type { ChaosFirebridge } from './firebridge.js';
import type { ProxyUse, Topology, TopologyKind } from './topologies.js';

export interface ScenarioContext {
  readonly topology: Topology;
  readonly firebridge: ChaosFirebridge;
  /** Adds to the row's notes, stamped with the seconds since the fault began. */
  note(text: string): void;
}

export interface Scenario {
  readonly id: string;
  readonly topology: TopologyKind;
  /** Sentinel only: who reaches the first master through the proxy. */
  readonly proxy?: ProxyUse;
  readonly fault: string;
  readonly recovery: string;
  /** Runs of it in a default run (a fault whose outcome varies is repeated). */
  readonly runs: number;
  inject(c: ScenarioContext): Promise<void>;
}

const PROMOTION_TIMEOUT_MS = 30_000;
/** The hung or cut-off master stays so this long after the promotion, then returns (a demoted master). */
const AFTER_PROMOTION_MS = 1_000;
const STALL_MS = 3_000;

async function promoted(c: ScenarioContext, old: Awaited<ReturnType<Topology['master']>>): Promise<void> {
  await c.topology.promoted(old, PROMOTION_TIMEOUT_MS);
  c.note('replica promoted');
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'sentinel-kill',
    topology: 'sentinel',
    fault: 'master kill -9',
    recovery: 'sentinels promote a replica',
    runs: 3,
    async inject(c) {
      const master = await c.topology.master();
      master.signal('SIGKILL');
      await promoted(c, master);
    },
  },
  {
    id: 'sentinel-sigstop',
    topology: 'sentinel',
    fault: 'master SIGSTOP (hung)',
    recovery: `promotion; SIGCONT ${AFTER_PROMOTION_MS / 1000} s later`,
    runs: 1,
    async inject(c) {
      const master = await c.topology.master();
      master.signal('SIGSTOP');
      await promoted(c, master);
      await sleep(AFTER_PROMOTION_MS);
      master.signal('SIGCONT');
      c.note('old master resumed');
    },
  },
  {
    // The replicas replicate through the proxy, which stops reading: the master goes on acknowledging
    // (replication is asynchronous) and its unsent stream dies with it. Measured first: SIGSTOPped
    // replicas or CLIENT PAUSE do not stall replication on loopback — the stream waits in their
    // sockets or query buffers and is applied once they run again.
    id: 'sentinel-stall-kill',
    topology: 'sentinel',
    proxy: 'replication',
    fault: `replication stalled ${STALL_MS / 1000} s (replication link held), then master kill -9`,
    recovery: 'sentinels promote a replica',
    runs: 1,
    async inject(c) {
      const master = await c.topology.master();
      const link = c.topology.proxy!;
      link.partition();
      await sleep(STALL_MS);
      master.signal('SIGKILL');
      await master.process().exit();
      link.drop();
      link.heal();
      c.note('master killed');
      await promoted(c, master);
    },
  },
  {
    id: 'sentinel-partition',
    topology: 'sentinel',
    proxy: 'all',
    fault: 'master partitioned from sentinels, replicas and firebridge (TCP proxy holds all traffic)',
    recovery: `promotion; partition heals ${AFTER_PROMOTION_MS / 1000} s later`,
    runs: 1,
    async inject(c) {
      const master = await c.topology.master();
      c.topology.proxy!.partition();
      await promoted(c, master);
      await sleep(AFTER_PROMOTION_MS);
      c.topology.proxy!.heal();
      c.note('healed');
    },
  },
  {
    id: 'cluster-kill',
    topology: 'cluster',
    fault: 'kill -9 of the master serving accounting',
    recovery: 'its replica is promoted',
    runs: 1,
    async inject(c) {
      const master = await c.topology.master();
      master.signal('SIGKILL');
      await promoted(c, master);
    },
  },
  {
    id: 'cluster-sigstop',
    topology: 'cluster',
    fault: 'SIGSTOP of the master serving accounting',
    recovery: `promotion; SIGCONT ${AFTER_PROMOTION_MS / 1000} s later`,
    runs: 1,
    async inject(c) {
      const master = await c.topology.master();
      master.signal('SIGSTOP');
      await promoted(c, master);
      await sleep(AFTER_PROMOTION_MS);
      master.signal('SIGCONT');
      c.note('old master resumed');
    },
  },
  {
    id: 'redis-sigterm',
    topology: 'single',
    fault: 'Redis SIGTERM',
    recovery: 'restarted at once (AOF)',
    runs: 1,
    async inject(c) {
      const redis = await c.topology.master();
      redis.signal('SIGTERM');
      await redis.process().exit();
      c.note('exited');
      await redis.restart();
      c.note('restarted');
    },
  },
  {
    id: 'redis-kill',
    topology: 'single',
    fault: 'Redis kill -9',
    recovery: 'restarted at once (AOF, fsync every second)',
    runs: 1,
    async inject(c) {
      const redis = await c.topology.master();
      redis.signal('SIGKILL');
      await redis.process().exit();
      await redis.restart();
      c.note('restarted');
    },
  },
  {
    id: 'redis-debug-sleep',
    topology: 'single',
    fault: 'Redis DEBUG SLEEP 2 (stalled)',
    recovery: 'answers again after 2 s',
    runs: 1,
    async inject(c) {
      const redis = await c.topology.master();
      await askWithin(10_000, redis.port, 'DEBUG', 'SLEEP', '2');
      c.note('awake');
    },
  },
  {
    id: 'firebridge-kill',
    topology: 'single',
    fault: 'firebridge kill -9 while the client retransmits',
    recovery: 'firebridge restarted at once',
    runs: 1,
    async inject(c) {
      c.firebridge.signal('SIGKILL');
      await c.firebridge.restart();
      c.note('answering again');
    },
  },
];

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);
