// The fraud guard in the INVITE path (README → Fraud guard): the dialled number's destination class
// (rules/fraud/classes.ts), the counters of every subject with thresholds in that class read in one
// batch (store/fraud.ts), and what they say (rules/fraud/assess.ts). Everything after the decision —
// counting the call, setting blocks and warnings, log lines, metrics, alerts — is not awaited: the
// FireBrick is waiting for the reply, and none of it changes the reply.
import { fraudDestinations, fraudHasThresholds, fraudThresholds } from '../../config/fraud.js';
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import type { RejectDecision } from '../../firebrick/decision.js';
import type { LegEvent } from '../../store/index.js';
import {
  assess,
  checksFor,
  classifyDestination,
  fraudSubjects,
  METRIC_WINDOW_MS,
  METRIC_WORDS,
  rulesReadClass,
  type Assessment,
  type FraudCheck,
  type FraudFinding,
} from '../../rules/fraud/index.js';
import type { CallContext } from '../../rules/index.js';
import { disconnectLeg } from '../disconnect.js';
import { isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export type FraudVerdict =
  /** Not guarded: no thresholds, an emergency number, a number in no class, or no subject with thresholds there. */
  | { readonly kind: 'unguarded' }
  | { readonly kind: 'checked'; readonly called: string | undefined; readonly checks: readonly FraudCheck[]; readonly assessment: Assessment };

/** On when thresholds are set, or when rules read the counters (`fraud:` conditions). */
export function fraudGuardOn(deps: PipelineDeps): boolean {
  return fraudHasThresholds(deps.config.fraud) || deps.rules.current.fraudReads.length > 0;
}

/** At most one round trip: every subject's counters in the call's class, read together. */
export async function checkFraud(deps: PipelineDeps, call: CallContext, request: FirebrickAccessRequest): Promise<FraudVerdict> {
  if (!fraudGuardOn(deps)) return { kind: 'unguarded' };
  const { fraud } = deps.config;
  const destination = classifyDestination(call.called, fraudDestinations(fraud), fraud.emergency);
  if (destination.kind !== 'class') return { kind: 'unguarded' };
  const readByRules = rulesReadClass(deps.rules.current, destination.name);
  const checks = checksFor(fraudThresholds(fraud), destination.name, fraudSubjects(call.source, call.sourceAddress), readByRules);
  if (checks.length === 0) return { kind: 'unguarded' };
  const standings = await deps.store.fraud.standing(checks.map((c) => ({ subject: c.subject.name, cls: c.cls })));
  const assessment = assess(
    checks,
    standings.map((s) => ({ counts: s.counts, blocked: s.blocked !== undefined })),
  );
  return { kind: 'checked', called: call.called, checks, assessment };
}

/** "International calls barred: fraud limit reached": what the phone shows (SIP Warning, spec §5). */
export function fraudRejectMessage(cls: string): string {
  return `${cls.charAt(0).toUpperCase()}${cls.slice(1)} calls barred: fraud limit reached`;
}

export function fraudRefusal(verdict: FraudVerdict): RejectDecision | undefined {
  if (verdict.kind !== 'checked' || !verdict.assessment.refusedBy) return undefined;
  return { kind: 'reject', reason: 'fraud', message: fraudRejectMessage(verdict.assessment.refusedBy.cls) };
}

/** Log fields of the request line for a call the guard refused. */
export function fraudLog(verdict: FraudVerdict): Record<string, unknown> {
  const by = verdict.kind === 'checked' ? verdict.assessment.refusedBy : undefined;
  return by ? { fraud: { subject: by.subject.name, class: by.cls } } : {};
}

/**
 * After the decision, not awaited: an accepted call is counted; every block or warning level reached
 * is set in the store, and only the instance whose set-if-absent succeeded logs, counts and alerts it,
 * so a crossing is reported once across every instance.
 */
export function afterFraudCheck(deps: PipelineDeps, verdict: FraudVerdict, accepted: boolean, request: FirebrickAccessRequest): void {
  if (verdict.kind !== 'checked') return;
  const { assessment, called } = verdict;
  const work: Array<Promise<unknown>> = [];
  // A re-route query after a 3xx (spec §4.5) is the same call asking again: not a new call.
  if (accepted && !assessment.refusedBy && request.redirectCode === undefined) {
    work.push(deps.store.fraud.callAuthorised(request.callId, verdict.checks.map((c) => ({ subject: c.subject.name, cls: c.cls }))));
  }
  if (accepted) {
    for (const finding of assessment.blocks) work.push(reportBlock(deps, finding, called));
    for (const finding of assessment.warnings) work.push(reportWarning(deps, finding, called));
  }
  void Promise.all(work).catch((err: unknown) => fraudStoreError(deps, err, { callId: request.callId }));
}

async function reportBlock(deps: PipelineDeps, { check, breach }: FraudFinding, called: string | undefined): Promise<void> {
  const blockMs = deps.config.fraud.blockMinutes * 60_000;
  const at = deps.now();
  const fresh = await deps.store.fraud.block({ subject: check.subject.name, cls: check.cls, metric: breach.metric, value: breach.value, limit: breach.limit, at }, blockMs);
  if (!fresh) return;
  report(deps, { check, breach }, called, at, { blockedSeconds: Math.round(blockMs / 1000) });
  // Only the instance whose set-if-absent won gets here, so the legs are disconnected once.
  if (deps.config.fraud.hangupOnBlock) await hangUpBlockedLegs(deps, check.subject, check.cls);
}

/**
 * `fraud.hangupOnBlock`: the subject's live calls in the blocked class — the Call-IDs the guard counts as
 * concurrent there (store/fraud.ts liveCalls), so every kind of subject, a source address too — get a
 * Disconnect-Request per live leg.
 */
async function hangUpBlockedLegs(deps: PipelineDeps, subject: FraudFinding['check']['subject'], cls: string): Promise<void> {
  const callIds = new Set(await deps.store.fraud.liveCalls({ subject: subject.name, cls }));
  if (callIds.size === 0) return;
  const legs = (await deps.store.calls.activeLegs()).filter((leg) => leg.callId !== undefined && callIds.has(leg.callId));
  await Promise.all(
    legs.map(async (leg) => {
      const client = deps.clients().find((c) => c.name === leg.firebrick && c.kind === 'firebrick');
      const fields = { session: leg.sessionId, callId: leg.callId, called: leg.called, subject: subject.name, class: cls };
      if (!client) return deps.logger.warn({ ...fields, firebrick: leg.firebrick }, 'fraud block: cannot disconnect the leg: its FireBrick is no longer configured');
      const outcome = await disconnectLeg(leg, client, { attempts: deps.config.limits.disconnectAttempts, timeoutMs: deps.config.limits.disconnectTimeoutMs });
      deps.logger.warn({ ...fields, outcome: outcome.kind }, outcome.kind === 'ack' ? 'fraud block: live leg disconnected' : 'fraud block: live leg could not be disconnected');
    }),
  );
}

async function reportWarning(deps: PipelineDeps, { check, breach }: FraudFinding, called: string | undefined): Promise<void> {
  const fresh = await deps.store.fraud.warn({ subject: check.subject.name, cls: check.cls }, breach.metric, 'warn', METRIC_WINDOW_MS[breach.metric]);
  if (fresh) report(deps, { check, breach }, called, deps.now(), {});
}

/** The alert body, also the log line's fields (README → Fraud guard shows one). */
export function fraudAlert({ check, breach }: FraudFinding, called: string | undefined, at: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    event: `fraud.${breach.level}`,
    level: breach.level,
    subject: check.subject.name,
    subjectKind: check.subject.kind,
    class: check.cls,
    metric: breach.metric,
    value: Math.round(breach.value * 100) / 100,
    limit: breach.limit,
    ...(called !== undefined ? { called } : {}),
    at: new Date(at).toISOString(),
    ...extra,
  };
}

function report(deps: PipelineDeps, finding: FraudFinding, called: string | undefined, at: number, extra: Record<string, unknown>): void {
  const { check, breach } = finding;
  const alert = fraudAlert(finding, called, at, extra);
  deps.metrics?.fraudBreaches.inc({ level: breach.level, class: check.cls, subject: check.subject.kind, metric: breach.metric });
  const words = `${check.subject.name} ${breach.level === 'block' ? 'blocked' : 'warned'} for ${check.cls} calls: ${alert.value as number} ${METRIC_WORDS[breach.metric]} (${breach.level} at ${breach.limit})`;
  deps.logger.warn({ fraud: alert }, `fraud: ${words}`);
  deps.fraudAlerts?.send(alert);
}

function fraudStoreError(deps: PipelineDeps, err: unknown, fields: Record<string, unknown>): void {
  if (!isStoreFailure(err)) return reportInternalError(deps, 'fraud', err, fields);
  deps.metrics?.storeErrors.inc({ kind: 'fraud' });
  deps.errorLog.error('fraud', { err: err.message, ...fields }, 'cannot update the fraud counters');
}

/** Accounting feeds the counters (store/fraud.ts): concurrency from Start/Interim/Stop, connected time from Stops. Not awaited. */
export function feedFraudCounters(deps: PipelineDeps, event: LegEvent): void {
  if (!fraudGuardOn(deps) || !event.callId) return;
  const news = { status: event.status, connectedSeconds: event.status === 'stop' ? event.sessionTime : undefined };
  deps.store.fraud
    .legAccounted(event.callId, news, deps.config.fraud.shortCallSeconds)
    .catch((err: unknown) => fraudStoreError(deps, err, { callId: event.callId, session: event.sessionId }));
}
