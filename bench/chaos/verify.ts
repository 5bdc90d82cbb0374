// After a scenario: read what Redis holds through firebridge's own store code (so the read follows
// whatever key schema and sharding the store uses) and hold it against the load's list of what was
// acknowledged. A Stop is kept when its call record exists; a Start when its leg is still active or
// its record exists (the record carries the Start's facts); a registration when its number still
// has a binding with the Contact that was accepted.
import { redisStore } from '../../src/store/store.js';
import { connectRedis, waitUntilReady, type RedisTopology } from '../../src/store/redis/connection.js';
import { KEY_PREFIX } from './constants.js';
import type { LoadTally } from './load.js';

export interface Missing {
  readonly accountingAcknowledged: number;
  readonly accountingMissing: number;
  readonly registrationsAccepted: number;
  readonly registrationsMissing: number;
  /** Call records beyond the first for one leg. */
  readonly duplicateRecords: number;
}

const BATCH = 500;

async function inBatches<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(...(await Promise.all(items.slice(i, i + BATCH).map(each))));
  return out;
}

export async function readBack(connection: RedisTopology, tally: LoadTally, tag: string): Promise<Missing> {
  const redis = connectRedis({ ...connection, commandTimeoutMs: 5_000 });
  redis.on('error', () => {});
  const store = redisStore(redis, KEY_PREFIX);
  try {
    await waitUntilReady(redis, 15_000);
    const records = await store.calls.records(0, 10_000_000);
    const perLeg = new Map<string, number>();
    for (const r of records) {
      const id = r.fields.session_id;
      if (id?.startsWith(`chaos-${tag}-`)) perLeg.set(id, (perLeg.get(id) ?? 0) + 1);
    }
    let acknowledged = 0;
    let missing = 0;
    const startsOnly: string[] = [];
    for (const [id, statuses] of tally.acknowledged) {
      acknowledged += statuses.size;
      const recorded = perLeg.has(id);
      if (statuses.has('stop') && !recorded) missing++;
      if (statuses.has('start') && !recorded) startsOnly.push(id);
    }
    const legs = await inBatches(startsOnly, (id) => store.calls.leg(id));
    missing += legs.filter((l) => l === undefined).length;
    const numbers = [...tally.accepted];
    const bindings = await inBatches(numbers, ([number]) => store.registrations.bindings(number));
    const registrationsMissing = numbers.filter(([, contact], i) => !bindings[i]!.some((b) => b.contact === contact)).length;
    return {
      accountingAcknowledged: acknowledged,
      accountingMissing: missing,
      registrationsAccepted: numbers.length,
      registrationsMissing,
      duplicateRecords: [...perLeg.values()].reduce((sum, n) => sum + n - 1, 0),
    };
  } finally {
    redis.disconnect();
  }
}
