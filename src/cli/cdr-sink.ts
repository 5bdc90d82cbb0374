// `firebridge cdr-sink`: copies the call records into PostgreSQL (accounting/sink/), or with --status
// says how far behind it is.
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { CdrSink, PostgresRecords, redactPostgresUrl, sinkStatus } from '../accounting/sink/index.js';
import { createLogger } from '../app/logger.js';
import { CommandError, openCommandContext } from './context.js';
import { configOption } from './options.js';
import { jsonListOption, printTable, writeJsonLines } from './output.js';

interface SinkCliOptions {
  config?: string;
  postgres?: string;
  group?: string;
  consumer?: string;
  status?: boolean;
  json?: boolean;
}

/** Checked before anything connects, so a typo is one clear line rather than endless retries. */
export function checkPostgresUrl(url: string, from: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CommandError(`${from}: "${redactPostgresUrl(url)}" is not a URL (postgres://user@host:5432/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new CommandError(`${from}: "${redactPostgresUrl(url)}" is not a postgres:// or postgresql:// URL`);
  }
  return url;
}

export function registerCdrSink(program: Command): void {
  program
    .command('cdr-sink')
    .description('copy the call records into PostgreSQL (table call_records), each once; --status: how far behind')
    .option(...configOption)
    .option('--postgres <url>', 'PostgreSQL URL (default: accounting.sink.postgres)')
    .option('--group <name>', 'consumer group to read with (default: accounting.sink.group, "postgres-sink")')
    .option('--consumer <name>', "this sink's name in the group; keep it stable across restarts (default: the host name)")
    .option('--status', 'print per record stream: pending and lag records, oldest unacknowledged, last insert; then exit')
    .option(...jsonListOption('stream (with --status)'))
    .action(async (opts: SinkCliOptions) => {
      const ctx = await openCommandContext(opts.config, { redisOnly: true });
      const settings = ctx.config.accounting.sink;
      const group = opts.group ?? settings.group;
      const url = opts.postgres ? checkPostgresUrl(opts.postgres, '--postgres') : settings.postgres;
      if (opts.status) {
        const postgres = url ? new PostgresRecords(url) : undefined;
        try {
          const rows = await sinkStatus(ctx.store.calls, group, postgres);
          if (opts.json) writeJsonLines(rows);
          else
            printTable(
              ['stream', 'group', 'pending', 'lag', 'oldest_unacked', 'last_insert'],
              rows.map((r) => ({
                ...r,
                group: r.groupExists ? r.group : `${r.group} (not created yet)`,
                oldest_unacked: r.oldestUnackedSeconds === null ? null : `${r.oldestUnackedSeconds}s`,
                last_insert: r.lastInsert ?? (postgres ? 'never' : null),
              })),
            );
        } catch (err) {
          throw new CommandError(`cannot read the sink's status: ${err instanceof Error ? err.message : String(err)}`);
        } finally {
          await postgres?.close();
          await ctx.close();
        }
        return;
      }
      if (!url) {
        await ctx.close();
        throw new CommandError('no PostgreSQL to write to: give --postgres URL or set accounting.sink.postgres');
      }
      const logger = createLogger(ctx.config.log.level, ctx.config.log.format);
      const postgres = new PostgresRecords(url, (err) => logger.warn({ err: err.message }, 'cdr-sink: an idle PostgreSQL connection broke'));
      const consumer = opts.consumer ?? hostname();
      const sink = new CdrSink({
        calls: ctx.store.calls,
        postgres,
        group,
        consumer,
        batchSize: settings.batchSize,
        claimIdleMs: settings.claimIdleSeconds * 1000,
        logger,
      });
      logger.info({ streams: ctx.store.calls.recordStreams(), group, consumer, postgres: redactPostgresUrl(url) }, 'cdr-sink running');
      const running = sink.start();
      let stopping = false;
      const shutdown = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'cdr-sink stopping after the current batch');
        await sink.stop();
        await postgres.close();
        await ctx.close();
        logger.flush?.();
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
      await running;
    });
}
