// `accounting.sink.postgres` in the server's configuration: `serve` runs the PostgreSQL sink in its
// own process. With --workers every worker runs one, each its own consumer of the same group: the
// group shares the records out, and a record two of them insert is stored once (the table's key).
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { CdrSink, PostgresRecords, redactPostgresUrl } from '../accounting/sink/index.js';
import type { Store } from '../store/index.js';

/** The groups the trimming pass creates and protects: the configured ones, and the sink's when it runs here. */
export function recordConsumerGroups(config: Config): string[] {
  const { consumers, sink } = config.accounting;
  return sink.postgres && !consumers.includes(sink.group) ? [...consumers, sink.group] : [...consumers];
}

export interface ServerSink {
  stop(): Promise<void>;
}

export function startServerSink(config: Config, store: Store, logger: Logger): ServerSink | undefined {
  const { sink } = config.accounting;
  if (!sink.postgres) return undefined;
  if (store.kind !== 'redis') {
    logger.error('accounting.sink.postgres is set, but there is no Redis: the PostgreSQL sink reads the call records from Redis and does not run');
    return undefined;
  }
  const consumer = cluster.isWorker && cluster.worker ? `${hostname()}-worker-${cluster.worker.id}` : hostname();
  const postgres = new PostgresRecords(sink.postgres, (err) => logger.warn({ err: err.message }, 'cdr-sink: an idle PostgreSQL connection broke'));
  const running = new CdrSink({
    calls: store.calls,
    postgres,
    group: sink.group,
    consumer,
    batchSize: sink.batchSize,
    claimIdleMs: sink.claimIdleSeconds * 1000,
    logger,
  });
  void running.start();
  logger.info({ group: sink.group, consumer, postgres: redactPostgresUrl(sink.postgres) }, 'cdr-sink running in the server');
  return {
    async stop() {
      await running.stop();
      await postgres.close();
    },
  };
}
