// What accounting writes to the store, as a value: the handler applies it at once, the journal
// keeps it (as JSON) when the store cannot take it in time, and the replayer applies it later by
// exactly the same function — so a journalled record reaches the store by the path every other
// record takes, with the store's idempotence on (Acct-Session-Id, status) (spec §7, §8.6).
import type { CallStore, LegEvent, LegWriteResult } from '../store/index.js';

export type AccountingWrite =
  | { readonly op: 'leg'; readonly event: LegEvent }
  /** Accounting-On/Off: close the FireBrick's open legs, as of `at` (ms). */
  | { readonly op: 'close-all'; readonly firebrick: string; readonly cause: string; readonly at: number };

export type AppliedWrite = { readonly op: 'leg'; readonly result: LegWriteResult } | { readonly op: 'close-all'; readonly closed: number };

export async function applyWrite(calls: CallStore, write: AccountingWrite): Promise<AppliedWrite> {
  switch (write.op) {
    case 'leg':
      return { op: 'leg', result: await calls.record(write.event) };
    case 'close-all':
      return { op: 'close-all', closed: await calls.closeAll(write.firebrick, write.cause, write.at) };
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
  } catch {
    // falls through: not a write
  }
  return undefined;
}
