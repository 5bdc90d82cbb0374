// Composes accounting's durability from the configuration (issue 15 item 1): the keeper, the
// journal and its replayer, and the start-up check of what the Redis in use can promise (item 8).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { AccountingKeeper, deploymentWarnings, Journal, JournalReplayer, type Durability } from '../accounting/index.js';
import { confirmReplicated, NotReplicatedError, type Store } from '../store/index.js';
import type { Metrics } from './metrics.js';

export interface Accounting {
  readonly keeper: AccountingKeeper;
  readonly journal: Journal | undefined;
  readonly replayer: JournalReplayer | undefined;
  close(): Promise<void>;
}

function durabilityOf(config: Config, store: Store): Durability {
  const a = config.accounting;
  if (a.durability === 'stored') return { mode: 'stored' };
  if (!store.replication) {
    throw new Error('accounting.durability "replicated" needs Redis, and firebridge runs on an in-process store: set redis.url or redis.sentinel');
  }
  return { mode: 'replicated', replicas: a.replicas, timeoutMs: a.replicaTimeoutMs, replication: store.replication };
}

/** Under `replicated`, what keeps a replayed segment: undefined once WAIT says the replicas have it. */
function replicated(durability: Durability): () => Promise<string | undefined> {
  if (durability.mode === 'stored') return async () => undefined;
  const { replicas, timeoutMs, replication } = durability;
  return async () => {
    try {
      await confirmReplicated(replication, replicas, timeoutMs);
      return undefined;
    } catch (err) {
      if (!(err instanceof NotReplicatedError)) throw err;
      return `the replayed records: ${err.message}`;
    }
  };
}

export function openAccounting(config: Config, store: Store, logger: Logger, metrics: Metrics | undefined): Accounting {
  const durability = durabilityOf(config, store);
  const dir = config.accounting.journal.dir;
  // Registered only with a journal, so /metrics shows no journal that is not there.
  const observer = dir ? metrics?.journalObserver(config.accounting.journal.maxBytes) : undefined;
  let journal: Journal | undefined;
  try {
    journal = dir ? Journal.open({ dir, maxBytes: config.accounting.journal.maxBytes, logger, ...(observer ? { observer } : {}) }) : undefined;
  } catch (err) {
    throw new Error(`accounting.journal.dir ${dir}: ${(err as Error).message}`);
  }
  let replayer: JournalReplayer | undefined;
  if (journal) {
    replayer = new JournalReplayer(journal, store, () => store.ready(), logger, observer, replicated(durability));
    replayer.start();
    logger.info({ journal: journal.dir, bytes: journal.bytesUsed(), maxBytes: journal.maxBytes, backlog: journal.hasBacklog() }, 'accounting journal open');
  }
  void checkDeployment(config, store, logger, journal !== undefined);
  return {
    keeper: new AccountingKeeper(store, durability, journal, () => metrics?.storeErrors.inc({ kind: 'accounting' })),
    journal,
    replayer,
    async close() {
      await replayer?.stop();
      await journal?.close();
    },
  };
}

async function checkDeployment(config: Config, store: Store, logger: Logger, journal: boolean): Promise<void> {
  if (!store.persistence) return;
  try {
    const masters = await store.persistence();
    for (const warning of deploymentWarnings(masters, { durability: config.accounting.durability, replicas: config.accounting.replicas, journal })) {
      logger.warn(warning);
    }
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'cannot check how the Redis in use persists (INFO): its durability is unknown');
  }
}
