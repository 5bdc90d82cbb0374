// What a known caller may do, by SIP method: REGISTER records a binding (register.ts), INVITE and
// REFER are routed by the rules (route.ts), anything else is approved (spec §1.3).
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { RadiusRequest } from '../../radius/index.js';
import { callerIdentities } from '../../rules/index.js';
import type { Subscriber } from '../../store/index.js';
import { isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { checkCallCli } from './cli-policy.js';
import { answerFeatureCode } from './feature-code.js';
import { callLimitSeconds } from './call-limit.js';
import type { Decided } from './decided.js';
import { afterFraudCheck, checkFraud, fraudLog, fraudRefusal } from './fraud.js';
import { register } from './register.js';
import { callContext, route } from './route.js';

export async function authorise(
  deps: PipelineDeps,
  radius: RadiusRequest<FirebrickClient>,
  request: FirebrickAccessRequest,
  subscriber: Subscriber | undefined,
  rspauth: string | undefined,
): Promise<Decided> {
  const auth = rspauth !== undefined ? { digestResponseAuth: rspauth } : {};
  const who = subscriber ? { subscriber } : {};
  switch (request.method?.toUpperCase()) {
    case 'REGISTER': {
      const { decision, log } = await register(deps.config, deps.store, radius.client, request, subscriber, deps.now(), rspauth);
      return { decision, log, ...who };
    }
    case 'INVITE':
    case 'REFER': {
      const call = callContext(radius.client, request, subscriber, new Date(deps.now()));
      const code = request.method?.toUpperCase() === 'INVITE' ? await answerFeatureCode(deps, radius.client, call, subscriber) : undefined;
      if (code) return code;
      // A watched call's rules run traced, for the live trace only (trace/capture.ts).
      const traced = deps.trace?.call(call) === true;
      const options = traced ? { ...deps.engineOptions, trace: true } : deps.engineOptions;
      // The fraud guard's read goes with the rules' facts: one round trip for both (fraud.ts).
      const [ruled, fraud] = await Promise.all([route(deps.rules.current, deps.facts, options, call, rspauth), checkFraud(deps, call, request)]);
      if (traced) deps.trace!.evaluation = ruled.evaluation;
      // The caller ID is judged on the legs the rules chose; a call it refuses is not an accepted call to count.
      const routed = checkCallCli(deps, radius.client, request, call, subscriber, ruled);
      const accepted = routed.decision.kind === 'route-accept';
      afterFraudCheck(deps, fraud, accepted, request);
      const refusal = accepted ? fraudRefusal(fraud) : undefined;
      if (refusal) return { decision: refusal, log: { ...routed.log, ...fraudLog(fraud) }, ...who };
      const { decision, log, maxDurationSeconds } = routed;
      if (decision.kind === 'route-accept' && request.callId) {
        noteCaller(deps, request.callId, callerIdentities(call.source));
        const limit = callLimitSeconds({ rule: maxDurationSeconds, subscriber: subscriber?.maxDuration, default: deps.config.limits.maxCallSeconds });
        if (limit !== undefined) {
          noteLimit(deps, request.callId, limit);
          return { decision, log: { ...log, maxDuration: limit }, ...who };
        }
      }
      return { decision, log, ...who };
    }
    default:
      return { decision: { kind: 'accept', ...auth }, ...who };
  }
}

/**
 * Lets an accepted call's accounting legs count against the caller (concurrent-call limits). Not
 * awaited: the legs' Accounting-Start comes seconds later, and the FireBrick is waiting now.
 */
function noteCaller(deps: PipelineDeps, callId: string, ids: readonly string[]): void {
  if (!ids.length) return;
  deps.store.calls.noteCaller(callId, ids, deps.config.accounting.staleLegHours * 3600_000).catch((err: unknown) => {
    if (!isStoreFailure(err)) return reportInternalError(deps, 'note-caller', err, { callId });
    deps.metrics?.storeErrors.inc({ kind: 'access' });
    deps.logger.warn({ err: err.message, callId }, 'cannot note the caller of a call: its legs will not count against the caller');
  });
}

/**
 * Lets the legs of an accepted call carry its duration limit (README → Call duration limits). Not
 * awaited, as noteCaller: a call whose limit could not be noted runs unlimited, and the log says so.
 */
function noteLimit(deps: PipelineDeps, callId: string, seconds: number): void {
  deps.store.calls.noteLimit(callId, seconds, deps.config.accounting.staleLegHours * 3600_000).catch((err: unknown) => {
    if (!isStoreFailure(err)) return reportInternalError(deps, 'note-limit', err, { callId });
    deps.metrics?.storeErrors.inc({ kind: 'access' });
    deps.logger.warn({ err: err.message, callId, maxDuration: seconds }, 'cannot note the duration limit of a call: it will not be cut');
  });
}
