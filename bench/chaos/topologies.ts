// The three Redis deployments firebridge supports, started from redis-server on free loopback
// ports: a single server, Sentinel (1 master + 2 replicas + 3 sentinels) and Cluster (3 masters +
// 3 replicas, `redis-cli --cluster create`). Each says which master a fault should hit and when a
// replica has taken its place, so the scenarios need not know how each topology promotes.
import type { RedisTopology } from '../../src/store/redis/connection.js';
import { Keys } from '../../src/store/keys.js';
import { spawnTracked, waitFor } from './processes.js';
import { startProxy, type PartitionProxy } from './proxy.js';
import { HOST, KEY_PREFIX } from './constants.js';
import { ask, info, startNode, type RedisNode } from './redis-nodes.js';

export const TOPOLOGIES = ['single', 'sentinel', 'cluster'] as const;
export type TopologyKind = (typeof TOPOLOGIES)[number];

/** Failure detection, fast enough for a bounded run and stated in the results. */
export const SENTINEL_DOWN_AFTER_MS = 1_000;
export const CLUSTER_NODE_TIMEOUT_MS = 1_000;
const MASTER_NAME = 'fbmaster';

export interface Topology {
  readonly kind: TopologyKind;
  readonly connection: RedisTopology;
  /** Every redis-server of the deployment (not the sentinels). */
  readonly nodes: readonly RedisNode[];
  /** The master a fault should hit: the only one, Sentinel's, or the Cluster master serving accounting. */
  master(): Promise<RedisNode>;
  /** The replicas replicating from `master` (Sentinel and Cluster). */
  replicasOf(master: RedisNode): Promise<RedisNode[]>;
  /** Resolves once a replica serves in place of `old` (bounded; throws when no promotion came). */
  promoted(old: RedisNode, timeoutMs: number): Promise<void>;
  /** Sentinel only, when started with one: the proxy in front of the first master (see ProxyUse). */
  readonly proxy?: PartitionProxy;
  stop(): Promise<void>;
}

const address = (port: number): string => `${HOST}:${port}`;

export async function startSingle(): Promise<Topology> {
  const node = await startNode({ name: 'redis' });
  return {
    kind: 'single',
    connection: { url: `redis://${address(node.port)}` },
    nodes: [node],
    master: async () => node,
    replicasOf: async () => [],
    promoted: () => Promise.reject(new Error('a single Redis has no replica to promote')),
    stop: () => node.stop(),
  };
}

function fieldsOf(flat: unknown): Map<string, string> {
  const list = Array.isArray(flat) ? flat.map(String) : [];
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) m.set(list[i]!, list[i + 1]!);
  return m;
}

/**
 * Who reaches the first master through the proxy: `all` (sentinels, replicas, firebridge — a
 * partition cuts it off from everyone) or `replication` (the replicas only — a stalled link whose
 * unsent stream dies with the master).
 */
export type ProxyUse = 'none' | 'all' | 'replication';

export async function startSentinel(use: ProxyUse): Promise<Topology> {
  const master = await startNode({ name: 'sentinel-master' });
  const proxy = use === 'none' ? undefined : await startProxy(master.port);
  const replicationPort = proxy?.port ?? master.port;
  const masterPort = use === 'all' ? replicationPort : master.port;
  const replicas = await Promise.all(
    [1, 2].map((i) => startNode({ name: `sentinel-replica${i}`, args: ['--replicaof', HOST, String(replicationPort)] })),
  );
  const nodes = [master, ...replicas];
  /** The port sentinels know a node by: with `all`, the first master's is the proxy's. */
  const advertised = (n: RedisNode): number => (n === master ? masterPort : n.port);
  await Promise.all(
    replicas.map((r) => waitFor(`${r.name} synced`, 15_000, async () => ((await info(r.port, 'replication')).get('master_link_status') === 'up' ? true : undefined))),
  );
  const sentinels = await Promise.all(
    [1, 2, 3].map((i) =>
      startNode({
        name: `sentinel${i}`,
        sentinelConfig: [
          `sentinel monitor ${MASTER_NAME} ${HOST} ${masterPort} 2`,
          `sentinel down-after-milliseconds ${MASTER_NAME} ${SENTINEL_DOWN_AFTER_MS}`,
          `sentinel failover-timeout ${MASTER_NAME} 5000`,
          `sentinel parallel-syncs ${MASTER_NAME} 2`,
        ].join('\n'),
      }),
    ),
  );
  // A failover needs a quorum that knows both replicas and the other sentinels (hello every 2 s).
  await Promise.all(
    sentinels.map((s) =>
      waitFor(`${s.name} sees 2 replicas and 2 sentinels`, 20_000, async () => {
        const m = fieldsOf(await ask(s.port, 'SENTINEL', 'MASTER', MASTER_NAME));
        return m.get('num-slaves') === '2' && m.get('num-other-sentinels') === '2' ? true : undefined;
      }),
    ),
  );
  const currentPort = async (): Promise<number> => {
    for (const s of sentinels) {
      try {
        const [, port] = (await ask(s.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
        return Number(port);
      } catch {
        // ask the next sentinel
      }
    }
    throw new Error('no sentinel answers');
  };
  return {
    kind: 'sentinel',
    connection: { sentinel: { name: MASTER_NAME, nodes: sentinels.map((s) => address(s.port)) } },
    nodes,
    proxy,
    async master() {
      const port = await currentPort();
      const node = nodes.find((n) => advertised(n) === port);
      if (!node) throw new Error(`sentinels name an unknown master on port ${port}`);
      return node;
    },
    replicasOf: async (m) => nodes.filter((n) => n !== m),
    async promoted(old, timeoutMs) {
      await waitFor(`sentinels promote a replica of ${old.name}`, timeoutMs, async () => ((await currentPort()) !== advertised(old) ? true : undefined));
    },
    async stop() {
      await Promise.all([...sentinels, ...nodes].map((n) => n.stop()));
      await proxy?.close();
    },
  };
}

/** CLUSTER SLOTS → the master port serving `slot`. */
async function slotMaster(askPort: number, slot: number): Promise<number | undefined> {
  const slots = (await ask(askPort, 'CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
  const range = slots.find(([from, to]) => slot >= from && slot <= to);
  return range ? Number(range[2][1]) : undefined;
}

export async function startCluster(): Promise<Topology> {
  const nodes = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((i) =>
      startNode({ name: `cluster${i}`, args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(CLUSTER_NODE_TIMEOUT_MS)] }),
    ),
  );
  const create = spawnTracked('redis-cli', ['--cluster', 'create', ...nodes.map((n) => address(n.port)), '--cluster-replicas', '1', '--cluster-yes']);
  await create.exit();
  if (create.child.exitCode !== 0) throw new Error(`redis-cli --cluster create failed: ${create.output().trim().split('\n').pop() ?? ''}`);
  await Promise.all(
    nodes.map((n) =>
      waitFor(`${n.name} in a healthy cluster`, 20_000, async () => {
        const state = await info(n.port, 'replication');
        const cluster = String(await ask(n.port, 'CLUSTER', 'INFO'));
        const linked = state.get('role') === 'master' || state.get('master_link_status') === 'up';
        return linked && cluster.includes('cluster_state:ok') && cluster.includes('cluster_known_nodes:6') ? true : undefined;
      }),
    ),
  );
  const live = (): RedisNode[] => nodes.filter((n) => !n.process().exited());
  // The victim: the master of accounting shard 0's hash tag (src/store/keys.ts); the other shards'
  // masters keep taking their legs meanwhile.
  const slot = Number(await ask(nodes[0]!.port, 'CLUSTER', 'KEYSLOT', new Keys(KEY_PREFIX).callRecords(0)));
  return {
    kind: 'cluster',
    connection: { cluster: { nodes: nodes.map((n) => address(n.port)) } },
    nodes,
    async master() {
      const port = await slotMaster(nodes[0]!.port, slot);
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error('no master serves accounting shard 0');
      return node;
    },
    async replicasOf(m) {
      const found: RedisNode[] = [];
      for (const n of live()) {
        const r = await info(n.port, 'replication');
        if (r.get('role') === 'slave' && Number(r.get('master_port')) === m.port) found.push(n);
      }
      return found;
    },
    async promoted(old, timeoutMs) {
      await waitFor(`the cluster promotes a replica of ${old.name}`, timeoutMs, async () => {
        const other = live().find((n) => n !== old);
        if (!other) return undefined;
        const port = await slotMaster(other.port, slot);
        if (port === undefined || port === old.port) return undefined;
        return String(await ask(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok') ? true : undefined;
      });
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

export async function startTopology(kind: TopologyKind, proxy: ProxyUse): Promise<Topology> {
  switch (kind) {
    case 'single':
      return startSingle();
    case 'sentinel':
      return startSentinel(proxy);
    case 'cluster':
      return startCluster();
  }
}
