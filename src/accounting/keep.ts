// Where an accounting write goes before its Accounting-Response may leave (RFC 2866 §2: only once
// the record is safely stored; issue 15 item 1). `stored`: the Redis master has it. `replicated`:
// and WAIT says enough replicas have it. With a journal, what Redis cannot take — down, slower than
// redis.commandTimeoutMs, or not replicated within accounting.replicaTimeoutMs — is appended to the
// fsync'd journal instead and acknowledged from there; while the journal holds anything, new writes
// go behind it, so the replayer delivers them in the order they came. Without a journal, or with it
// full, the write is not kept and the caller stays silent: the FireBrick retries (spec §7).
import { confirmReplicated, StoreUnavailableError, type StoreReplication } from '../store/index.js';
import { JournalFullError, type Journal } from './journal/journal.js';
import { applyWrite, encodeWrite, type AccountingStores, type AccountingWrite, type AppliedWrite } from './write.js';

export type Durability =
  | { readonly mode: 'stored' }
  | { readonly mode: 'replicated'; readonly replicas: number; readonly timeoutMs: number; readonly replication: StoreReplication };

/** Why a write went to the journal, or was not kept. */
export type Shortfall = 'store-unavailable' | 'not-replicated';

export type Kept =
  | { readonly how: 'stored'; readonly applied: AppliedWrite }
  | { readonly how: 'journalled'; readonly why: Shortfall | 'backlog'; readonly detail?: string }
  | { readonly how: 'not-kept'; readonly why: Shortfall | 'journal-full' | 'journal-failed'; readonly detail: string };

export class AccountingKeeper {
  constructor(
    private readonly stores: AccountingStores,
    private readonly durability: Durability,
    readonly journal?: Journal,
    /** Told of every write the store could not take in time, journalled or not (metrics). */
    private readonly onShortfall: (why: Shortfall) => void = () => {},
  ) {}

  async keep(write: AccountingWrite): Promise<Kept> {
    if (this.journal?.hasBacklog()) return this.journalled(write, 'backlog');
    let applied: AppliedWrite;
    try {
      applied = await applyWrite(this.stores, write);
    } catch (err) {
      // Only an outage is journalled: a defect journalled as one would hide behind the replayer.
      if (!(err instanceof StoreUnavailableError)) throw err;
      return this.fallBack(write, 'store-unavailable', err.message);
    }
    if (this.durability.mode === 'replicated') {
      const { replicas, timeoutMs, replication } = this.durability;
      try {
        await confirmReplicated(replication, replicas, timeoutMs);
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        return this.fallBack(write, 'not-replicated', err.message);
      }
    }
    return { how: 'stored', applied };
  }

  private fallBack(write: AccountingWrite, why: Shortfall, detail: string): Promise<Kept> | Kept {
    this.onShortfall(why);
    if (!this.journal) return { how: 'not-kept', why, detail };
    // Not replicated in time: the master may still have it, and replay then finds a duplicate.
    return this.journalled(write, why, detail);
  }

  private async journalled(write: AccountingWrite, why: Shortfall | 'backlog', detail?: string): Promise<Kept> {
    try {
      await this.journal!.append(encodeWrite(write));
    } catch (err) {
      if (err instanceof JournalFullError) return { how: 'not-kept', why: 'journal-full', detail: err.message };
      return { how: 'not-kept', why: 'journal-failed', detail: (err as Error).message };
    }
    return { how: 'journalled', why, ...(detail !== undefined ? { detail } : {}) };
  }
}
