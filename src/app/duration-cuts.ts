// Call duration limits enforced from outside (README → Call duration limits): the FireBrick documents
// no in-call limit, so every instance sweeps for answered legs past their limit and sends each a
// Disconnect-Request (RFC 5176), retried on no answer, then awaits the leg's Stop. The store hands
// each due leg to exactly one sweeper of all the instances (CallStore.claimDue); the leg's Stop then
// records the cut (`cut: max-duration`), whichever instance receives it.
import type { Logger } from 'pino';
import type { Config, FirebrickClientConfig } from '../config/schema.js';
import { StoreUnavailableError, type ActiveLeg, type CallStore } from '../store/index.js';
import { awaitStop, disconnectLeg, type DisconnectOutcome } from './disconnect.js';
import type { Metrics } from './metrics.js';

/** Most legs one sweep takes per accounting shard; the rest wait for the next sweep. */
const CLAIM_BATCH = 100;

/**
 * How long a claimed leg is left to its sweeper before another may take it again: the longest a cut
 * can take (every Disconnect attempt, then the wait for the Stop) and a margin. So a cut whose
 * instance stopped mid-way, or whose Stop did not follow the ACK, is tried again, once per lease.
 */
export function claimLeaseMs(l: Pick<Config['limits'], 'disconnectAttempts' | 'disconnectTimeoutMs' | 'stopWaitSeconds'>): number {
  return l.disconnectAttempts * l.disconnectTimeoutMs + l.stopWaitSeconds * 1000 + 30_000;
}

export type CutOutcome = 'stopped' | 'no-stop' | 'nak' | 'no-reply' | 'unconfigured' | 'error';

export interface DurationCutsDeps {
  readonly calls: Pick<CallStore, 'claimDue' | 'cutFailed' | 'leg'>;
  /** The FireBrick clients now configured (a reload changes them). */
  readonly clients: () => readonly FirebrickClientConfig[];
  readonly limits: Config['limits'];
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
  readonly now: () => number;
}

export interface DurationCuts {
  /** One sweep now; resolves once every leg it took has been cut (or the cut has failed). */
  sweep(): Promise<CutOutcome[]>;
  /** Stops sweeping and waits for the cuts under way. */
  stop(): Promise<void>;
}

export function startDurationCuts(deps: DurationCutsDeps): DurationCuts {
  const underWay = new Set<Promise<CutOutcome>>();
  let lastError: string | undefined;

  async function claim(): Promise<Array<Promise<CutOutcome>>> {
    let legs: ActiveLeg[];
    try {
      legs = await deps.calls.claimDue(deps.now(), CLAIM_BATCH, claimLeaseMs(deps.limits));
      lastError = undefined;
    } catch (err) {
      // An outage is logged by the connection, once as it begins and once as it ends (outage-log.ts):
      // here only at debug, once per message, so a sweep a second adds no line of its own to it.
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (err.message !== lastError) deps.logger.debug({ err: err.message }, 'duration limits: cannot look for legs past their limit; trying again');
      lastError = err.message;
      return [];
    }
    return legs.map((leg) => {
      const cut = cutLeg(deps, leg)
        .catch((err: unknown) =>
          // The store failed while the Stop was awaited, or a defect: the leg may or may not be cut.
          counted(deps, 'error', () => deps.logger.error({ err, session: leg.sessionId }, 'duration limit: cut failed')),
        )
        .finally(() => underWay.delete(cut));
      underWay.add(cut);
      return cut;
    });
  }

  let sweeping: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    // One claim at a time per instance (a slow store skips ticks rather than queueing them); the
    // cuts it starts run on beside the next sweeps.
    sweeping ??= claim()
      .catch((err: unknown) => deps.logger.error({ err }, 'duration limits: sweep failed'))
      .finally(() => (sweeping = undefined));
  }, deps.limits.sweepIntervalMs);
  timer.unref();
  return {
    async sweep() {
      return Promise.all(await claim());
    },
    async stop() {
      clearInterval(timer);
      await sweeping;
      await Promise.all(underWay);
    },
  };
}

/** Disconnects one leg past its limit, awaits its Stop, and says how it went (one log line per cut). */
async function cutLeg(deps: DurationCutsDeps, leg: ActiveLeg): Promise<CutOutcome> {
  const about = {
    session: leg.sessionId,
    callId: leg.callId,
    firebrick: leg.firebrick,
    calling: leg.calling,
    called: leg.called,
    maxDuration: leg.maxDurationSeconds,
    // More than the sweep interval: a cut taken again after its lease, or a sweep that lagged.
    overdueSeconds: leg.dueAt !== undefined ? Math.round((deps.now() - leg.dueAt) / 1000) : undefined,
  };
  const client = deps.clients().find((c) => c.name === leg.firebrick);
  if (!client) {
    await settleFailed(deps, leg);
    return counted(deps, 'unconfigured', () =>
      deps.logger.warn(about, `duration limit: cannot disconnect the leg: FireBrick "${leg.firebrick}" is no longer configured`),
    );
  }
  const { disconnectAttempts: attempts, disconnectTimeoutMs: timeoutMs, stopWaitSeconds } = deps.limits;
  const sent: DisconnectOutcome = await disconnectLeg(leg, client, { attempts, timeoutMs });
  if (sent.kind !== 'ack') {
    await settleFailed(deps, leg);
    const why = sent.kind === 'no-reply' ? { err: sent.detail } : { reply: sent.code, errorCause: sent.errorCause, replyMessage: sent.message };
    return counted(deps, sent.kind, () => deps.logger.warn({ ...about, ...why }, 'duration limit: Disconnect failed; the call goes on'));
  }
  const stop = await awaitStop(deps.calls, leg.sessionId, { timeoutMs: stopWaitSeconds * 1000, now: deps.now });
  if (stop === 'stopped') {
    return counted(deps, 'stopped', () => deps.logger.info({ ...about, cut: 'max-duration' }, 'duration limit: call cut (Disconnect-ACK, Stop recorded)'));
  }
  return counted(deps, 'no-stop', () =>
    deps.logger.warn({ ...about, waitedSeconds: stopWaitSeconds }, 'duration limit: Disconnect-ACK but no Stop in time; the call may still be up'),
  );
}

/** Forgets the claim so the leg's Stop, when it comes, does not say it was cut. */
async function settleFailed(deps: DurationCutsDeps, leg: ActiveLeg): Promise<void> {
  try {
    await deps.calls.cutFailed(leg.sessionId);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    deps.logger.warn({ err: err.message, session: leg.sessionId }, 'duration limit: cannot forget the failed cut; its Stop may say it was cut');
  }
}

function counted(deps: DurationCutsDeps, outcome: CutOutcome, log: () => void): CutOutcome {
  deps.metrics?.durationCuts.inc({ outcome });
  log();
  return outcome;
}
