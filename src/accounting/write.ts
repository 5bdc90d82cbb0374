// What accounting writes to the store, as a value: the handler applies it at once, the journal
// keeps it (as JSON) when the store cannot take it in time, and the replayer applies it later by
// exactly the same function — so a journalled record reaches the store by the path every other
// record takes, with the store's idempotence on (Acct-Session-Id, status) (spec §7, §8.6; FaxBack
// spec §4.2).
import type { FaxEvent } from '../faxback/fax-event.js';
import type { FaxWriteResult, LegEvent, LegWriteResult, Store } from '../store/index.js';

/** The parts of the store accounting writes to. */
export type AccountingStores = Pick<Store, 'calls' | 'fax'>;

export type AccountingWrite =
  | { readonly op: 'leg'; readonly event: LegEvent }
  /** Accounting-On/Off: close the FireBrick's open legs, as of `at` (ms). */
  | { readonly op: 'close-all'; readonly firebrick: string; readonly cause: string; readonly at: number }
  /** A FaxBack port server's Start, Alive or Stop (FaxBack spec §4). */
  | { readonly op: 'fax'; readonly event: FaxEvent };

export type AppliedWrite =
  | { readonly op: 'leg'; readonly result: LegWriteResult }
  | { readonly op: 'close-all'; readonly closed: number }
  | { readonly op: 'fax'; readonly result: FaxWriteResult };

export async function applyWrite(stores: AccountingStores, write: AccountingWrite): Promise<AppliedWrite> {
  switch (write.op) {
    case 'leg':
      return { op: 'leg', result: await stores.calls.record(write.event) };
    case 'close-all':
      return { op: 'close-all', closed: await stores.calls.closeAll(write.firebrick, write.cause, write.at) };
    case 'fax':
      return { op: 'fax', result: await stores.fax.recordFax(write.event) };
  }
}

export function encodeWrite(write: AccountingWrite): Buffer {
  return Buffer.from(JSON.stringify(write));
}

/** A journalled write, or undefined when the bytes (checksummed, so written by us) are not one. */
export function decodeWrite(payload: Buffer): AccountingWrite | undefined {
  try {
    const value = JSON.parse(payload.toString('utf8')) as Partial<AccountingWrite> | null;
    if (value?.op === 'leg' && typeof value.event?.sessionId === 'string') return value as AccountingWrite;
    if (value?.op === 'close-all' && typeof value.firebrick === 'string') return value as AccountingWrite;
    if (value?.op === 'fax' && isFaxEvent(value.event)) return value as AccountingWrite;
  } catch {
    // falls through: not a write
  }
  return undefined;
}

/**
 * Whether a journalled value has every part of a FaxEvent that recording it reads: a write that
 * failed for its shape would stop the replay as a store failure does, for good.
 */
function isFaxEvent(e: unknown): e is FaxEvent {
  if (typeof e !== 'object' || e === null) return false;
  const f = e as Record<string, unknown>;
  const called = f.calledNumber as Record<string, unknown> | undefined;
  return (
    (f.status === 'start' || f.status === 'alive' || f.status === 'stop') &&
    typeof f.sessionId === 'string' &&
    typeof f.portServer === 'string' &&
    typeof f.radiusSource === 'string' &&
    typeof f.receivedAt === 'number' &&
    typeof f.fields === 'object' &&
    f.fields !== null &&
    Object.values(f.fields).every((v) => typeof v === 'string') &&
    Array.isArray(f.unknown) &&
    (f.account === undefined || typeof f.account === 'string') &&
    (called === undefined || (typeof called === 'object' && called !== null && typeof called.number === 'string' && typeof called.result === 'string'))
  );
}
