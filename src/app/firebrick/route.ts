// An authorised INVITE / REFER / 3xx re-route query (spec §4): describe the call to the rule engine
// and turn its answer into a Decision.
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import { accountKeyOf, type AccountKey } from '../../firebrick/caller.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { Decision } from '../../firebrick/decision.js';
import { parseSipUri } from '../../firebrick/uri/index.js';
import { evaluate, type Evaluation, type CallContext, type CallSource, type EngineOptions, type RoutingFacts, type RuleSet } from '../../rules/index.js';
import type { Subscriber } from '../../store/index.js';

export function calledNumber(request: FirebrickAccessRequest): string | undefined {
  // V1.36+ sends the To: user; older firmware only the Request-URI in Digest-URI (spec §1.2).
  if (request.calledStationId) return request.calledStationId;
  const uri = request.digest.uri ? parseSipUri(request.digest.uri) : undefined;
  return uri?.user;
}

/**
 * Who is calling, for the rules: the carrier or local phone the request names (firebrick/caller.ts),
 * else the subscriber it authenticated as.
 */
export function callSource(key: AccountKey | undefined, subscriber: Subscriber | undefined): CallSource {
  const sub = subscriber
    ? {
        username: subscriber.username,
        realm: subscriber.realm,
        ...(subscriber.number ? { number: subscriber.number } : {}),
        ...(subscriber.cui ? { cui: subscriber.cui } : {}),
        ...(subscriber.maxCalls !== undefined ? { maxCalls: subscriber.maxCalls } : {}),
      }
    : undefined;
  if (key?.by === 'carrier') return { kind: 'carrier', carrier: key.carrier };
  if (key?.by === 'cui') return { kind: 'local-phone', cui: key.cui, ...(sub ? { subscriber: sub } : {}) };
  return sub ? { kind: 'subscriber', subscriber: sub } : { kind: 'unknown' };
}

export function callContext(client: FirebrickClient, request: FirebrickAccessRequest, subscriber: Subscriber | undefined, at: Date): CallContext {
  return {
    method: request.method ?? 'INVITE',
    called: calledNumber(request),
    calling: request.callingStationId,
    source: callSource(accountKeyOf(request), subscriber),
    firebrick: { client: client.name, nasIdentifier: request.nasIdentifier, routingModel: client.profile.routingModel },
    at,
    redirectCode: request.redirectCode,
    sourceAddress: request.sipPeer.address,
  };
}

export async function route(
  rules: RuleSet,
  facts: RoutingFacts,
  options: EngineOptions,
  ctx: CallContext,
  digestResponseAuth: string | undefined,
): Promise<{ decision: Decision; log: Record<string, unknown>; maxDurationSeconds?: number; evaluation: Evaluation }> {
  const evaluation = await evaluate(rules, ctx, facts, options);
  const log = { rule: evaluation.rule?.name ?? '(no match)', called: ctx.called, calling: ctx.calling };
  if (evaluation.decision.kind === 'reject') {
    return {
      decision: { kind: 'reject', reason: `rule:${evaluation.rule?.name ?? 'no-match'}`, message: evaluation.decision.message },
      log,
      evaluation,
    };
  }
  const { maxDurationSeconds } = evaluation.decision;
  return {
    decision: { kind: 'route-accept', plan: evaluation.decision.plan, ...(digestResponseAuth !== undefined ? { digestResponseAuth } : {}) },
    log: { ...log, legs: evaluation.decision.plan.legs.length },
    evaluation,
    ...(maxDurationSeconds !== undefined ? { maxDurationSeconds } : {}),
  };
}
