// An authorised INVITE / REFER / 3xx re-route query (spec §4): describe the call to the rule engine
// and turn its answer into a Decision.
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { Decision } from '../../firebrick/decision.js';
import { parseSipUri } from '../../firebrick/uri/index.js';
import { evaluate, type CallContext, type CallSource, type EngineOptions, type RoutingFacts, type RuleSet } from '../../rules/index.js';
import type { Subscriber } from '../../store/index.js';

export function calledNumber(request: FirebrickAccessRequest): string | undefined {
  // V1.36+ sends the To: user; older firmware only the Request-URI in Digest-URI (spec §1.2).
  if (request.calledStationId) return request.calledStationId;
  const uri = request.digest.uri ? parseSipUri(request.digest.uri) : undefined;
  return uri?.user;
}

/** Who is calling, from the request's identities (spec §1.1): carrier, local phone, subscriber. */
export interface CallerIdentities {
  readonly userName?: string | undefined;
  readonly cui?: string | undefined;
  readonly digestUsername?: string | undefined;
}

export function callSource(ids: CallerIdentities, subscriber: Subscriber | undefined): CallSource {
  const sub = subscriber
    ? {
        username: subscriber.username,
        realm: subscriber.realm,
        ...(subscriber.number ? { number: subscriber.number } : {}),
        ...(subscriber.cui ? { cui: subscriber.cui } : {}),
        ...(subscriber.maxCalls !== undefined ? { maxCalls: subscriber.maxCalls } : {}),
      }
    : undefined;
  if (ids.userName?.startsWith('@')) return { kind: 'carrier', carrier: ids.userName.slice(1) };
  if (ids.cui) return { kind: 'local-phone', cui: ids.cui, ...(sub ? { subscriber: sub } : {}) };
  if (sub) return { kind: 'subscriber', subscriber: sub };
  if (ids.digestUsername?.startsWith('@')) return { kind: 'carrier', carrier: ids.digestUsername.slice(1) };
  return { kind: 'unknown' };
}

export function callContext(client: FirebrickClient, request: FirebrickAccessRequest, subscriber: Subscriber | undefined, at: Date): CallContext {
  return {
    method: request.method ?? 'INVITE',
    called: calledNumber(request),
    calling: request.callingStationId,
    source: callSource(
      { userName: request.userName, cui: request.chargeableUserIdentity, digestUsername: request.digest.username },
      subscriber,
    ),
    firebrick: { client: client.name, nasIdentifier: request.nasIdentifier },
    at,
    redirectCode: request.redirectCode,
  };
}

export async function route(
  rules: RuleSet,
  facts: RoutingFacts,
  options: EngineOptions,
  ctx: CallContext,
  digestResponseAuth: string | undefined,
): Promise<{ decision: Decision; log: Record<string, unknown> }> {
  const evaluation = await evaluate(rules, ctx, facts, options);
  const log = { rule: evaluation.rule?.name ?? '(no match)', called: ctx.called, calling: ctx.calling };
  if (evaluation.decision.kind === 'reject') {
    return {
      decision: { kind: 'reject', reason: `rule:${evaluation.rule?.name ?? 'no-match'}`, message: evaluation.decision.message },
      log,
    };
  }
  return {
    decision: { kind: 'route-accept', plan: evaluation.decision.plan, ...(digestResponseAuth !== undefined ? { digestResponseAuth } : {}) },
    log: { ...log, legs: evaluation.decision.plan.legs.length },
  };
}
