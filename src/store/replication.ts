// What the store can say about its own durability (issue 15 items 1 and 8): whether a write has
// reached replicas, and how the Redis in use persists. The in-process store has neither.
import { StoreUnavailableError } from './unavailable.js';

/** One Redis master's persistence and replication, as INFO reports them. */
export interface PersistenceFacts {
  /** host:port of the master asked. */
  readonly node: string;
  /** appendonly yes: without it a Redis crash loses what was acknowledged since the last snapshot. */
  readonly aofEnabled: boolean;
  /** `appendfsync`, when readable (CONFIG GET may be renamed away): `always`, `everysec` or `no`. */
  readonly appendfsync?: string | undefined;
  /** Replicas connected and done with their first sync (`state=online`): those WAIT can count. */
  readonly connectedReplicas: number;
}

export interface StoreReplication {
  /**
   * Redis WAIT on the connection that wrote the call records: how many replicas acknowledged every
   * write that connection made so far, within `timeoutMs`.
   */
  waitForReplicas(replicas: number, timeoutMs: number): Promise<number>;
}

/**
 * A write the master took but too few replicas confirmed in time: not to be acknowledged. For the
 * request waiting on it the store is unavailable (redis.failurePolicy decides).
 */
export class NotReplicatedError extends StoreUnavailableError {
  override name = 'NotReplicatedError';
  constructor(
    readonly acknowledged: number,
    readonly required: number,
    readonly timeoutMs: number,
  ) {
    super(`${acknowledged} of ${required} replicas acknowledged within ${timeoutMs} ms`);
  }
}

/**
 * Resolves once `replicas` replicas have every write the replication's connection made so far;
 * rejects with NotReplicatedError when fewer confirm within `timeoutMs` (or with the WAIT's own error).
 */
export async function confirmReplicated(replication: StoreReplication, replicas: number, timeoutMs: number): Promise<void> {
  const acknowledged = await replication.waitForReplicas(replicas, timeoutMs);
  if (acknowledged < replicas) throw new NotReplicatedError(acknowledged, replicas, timeoutMs);
}
