// Redis WAIT and INFO for accounting durability (issue 15 items 1 and 8).
//
// WAIT counts the replicas that have the last write *of the connection it is sent on*, so it goes
// on the connection that ran the accounting script. That connection is the accounting store's own
// (store.ts): a WAIT blocks its connection until the replicas answer or the timeout passes, and on
// the shared connection every REGISTER and INVITE queued behind it would wait too. With a single
// Redis or Sentinel the connection is one master's. Redis Cluster is refused for `replicated` at
// configuration load: ioredis sends a keyless WAIT to an arbitrary node, and a MOVED between the
// write and the WAIT would make it count another node's writes.
import { Cluster, type Redis } from 'ioredis';
import type { PersistenceFacts, StoreReplication } from '../replication.js';
import type { RedisClient } from './connection.js';

export class RedisReplication implements StoreReplication {
  constructor(private readonly connection: Redis) {}

  waitForReplicas(replicas: number, timeoutMs: number): Promise<number> {
    return this.connection.wait(replicas, timeoutMs);
  }
}

/** The `key:value` lines of an INFO reply. Pure. */
export function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Replicas in state `online`: `connected_slaves` also counts replicas still loading their first
 * copy, and those acknowledge no WAIT yet. Pure.
 */
export function onlineReplicas(fields: ReadonlyMap<string, string>): number {
  let online = 0;
  for (const [key, value] of fields) if (/^slave\d+$/.test(key) && /(^|,)state=online(,|$)/.test(value)) online++;
  return online;
}

async function nodeFacts(node: Redis): Promise<PersistenceFacts> {
  const fields = infoFields(`${await node.info('persistence')}\n${await node.info('replication')}`);
  let appendfsync: string | undefined;
  try {
    const reply = (await node.config('GET', 'appendfsync')) as string[];
    appendfsync = reply[1];
  } catch {
    // CONFIG may be renamed or forbidden on managed Redis: the AOF flag alone still tells the risk
  }
  return {
    node: node.options.sentinels ? `sentinel master ${node.options.name ?? ''}` : `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`,
    aofEnabled: fields.get('aof_enabled') === '1',
    appendfsync,
    connectedReplicas: onlineReplicas(fields),
  };
}

/** The persistence of every master in use: the one server, Sentinel's current master, or each Cluster master. */
export async function readPersistence(redis: RedisClient): Promise<PersistenceFacts[]> {
  const masters: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  return Promise.all(masters.map(nodeFacts));
}
