// The periodic pass that creates the configured consumer groups and trims the call-record streams
// (store/redis/record-groups.ts). It runs beside request handling, so a Stop stays one script; every
// instance runs it, which is safe because a pass is idempotent.
import type { Logger } from 'pino';
import type { CallStore } from '../store/index.js';
import type { Metrics } from './metrics.js';

/** Often enough that the streams stay near their cap at hundreds of Stops a second. */
export const TRIM_INTERVAL_MS = 5_000;

export interface RecordTrimming {
  /** One pass now: creates the groups (until that has succeeded once), then trims. */
  pass(): Promise<void>;
  stop(): Promise<void>;
}

export function startRecordTrimming(calls: CallStore, groups: readonly string[], logger: Logger, metrics: Metrics | undefined, intervalMs = TRIM_INTERVAL_MS): RecordTrimming {
  let groupsCreated = false;
  let lastError: string | undefined;
  let running: Promise<void> = Promise.resolve();

  async function once(): Promise<void> {
    try {
      // Groups first: until they exist, a pass would trim what they have not read.
      if (!groupsCreated) {
        await calls.createConsumerGroups(groups);
        groupsCreated = true;
        if (groups.length) logger.info({ groups, streams: calls.recordStreams() }, 'call-record consumer groups ready');
      }
      const { trimmed, unread } = await calls.trimRecords();
      metrics?.recordsTrimmed.inc(trimmed);
      metrics?.recordsTrimmedUnread.inc(unread);
      if (unread > 0) {
        logger.warn({ trimmed: unread }, 'call records trimmed that no consumer group had read (accounting.maxRecords; configure accounting.consumers to keep them)');
      }
      lastError = undefined;
    } catch (err) {
      // Redis being down is logged by the connection (outage-log.ts); say anything else once.
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) logger.warn({ err }, 'call-record trimming pass failed; trying again');
      lastError = message;
    }
  }

  const pass = (): Promise<void> => (running = running.then(once));
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return {
    pass,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
