// The client's caller-ID policy (rules/cli-policy/) applied to a routed INVITE / REFER: the route
// plan is kept, refused with a Reply-Message that names why, or sent with the offending legs' CLI
// withheld — which is logged, so an operator sees whose CLI was hidden and why.
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { Decision } from '../../firebrick/decision.js';
import type { CliPolicy } from '../../firebrick/profile.js';
import { applyCliPolicy, e164Of, fromAbroad, type CallContext, type WithheldCli } from '../../rules/index.js';
import type { Subscriber } from '../../store/index.js';
import type { PipelineDeps } from '../pipeline-deps.js';

/** The E.164 numbers a subscriber may present: its own and its `--present` list. */
function authorisedNumbers(subscriber: Subscriber): Set<string> {
  const out = new Set<string>();
  for (const n of [subscriber.number, ...(subscriber.present ?? [])]) {
    const e164 = n === undefined ? undefined : e164Of(n);
    if (e164) out.add(e164);
  }
  return out;
}

export interface CliChecked {
  readonly decision: Decision;
  readonly log: Record<string, unknown>;
  /** The legs whose CLI the policy withheld, when it did. */
  readonly withheld?: readonly WithheldCli[];
}

/** The routed decision as the policy leaves it. Pure; `firebridge route` shows it too (app/dry-run.ts). */
export function checkCli(
  policy: CliPolicy | undefined,
  call: CallContext,
  subscriber: Subscriber | undefined,
  routed: { decision: Decision; log: Record<string, unknown> },
  emergency: readonly string[] = [],
): CliChecked {
  const { decision, log } = routed;
  if (!policy || policy.preset === 'none' || decision.kind !== 'route-accept') return routed;
  const outcome = applyCliPolicy(policy, decision.plan, {
    called: call.called,
    callerCli: call.calling,
    fromCarrier: call.source.kind === 'carrier',
    emergency,
    fromAbroad: fromAbroad(policy, call.source.kind === 'carrier' ? call.source.carrier : undefined),
    authorised: subscriber ? authorisedNumbers(subscriber) : undefined,
  });
  switch (outcome.kind) {
    case 'unchanged':
      return routed;
    case 'refuse':
      return {
        decision: { kind: 'reject', reason: `cli:${outcome.reason}`, message: outcome.message },
        log: { ...log, cliPolicy: `refused:${outcome.reason}`, cli: outcome.cli },
      };
    case 'withheld':
      return {
        decision: { ...decision, plan: outcome.plan },
        log: { ...log, cliPolicy: `withheld:${[...new Set(outcome.withheld.map((w) => w.reason))].join(',')}` },
        withheld: outcome.withheld,
      };
  }
}

/** checkCli for a live call: a withheld CLI is logged on its own line and counted, for the operator to follow up. */
export function checkCallCli<R extends { decision: Decision; log: Record<string, unknown> }>(
  deps: Pick<PipelineDeps, 'config' | 'logger' | 'metrics'>,
  client: FirebrickClient,
  request: FirebrickAccessRequest,
  call: CallContext,
  subscriber: Subscriber | undefined,
  routed: R,
): R {
  const { withheld, ...checked } = checkCli(client.cliPolicy, call, subscriber, routed, deps.config.fraud.emergency);
  if (withheld) {
    const legs = withheld.map((w) => ({ ...(w.leg !== undefined ? { leg: w.leg } : {}), cli: w.cli, reason: w.reason }));
    for (const w of withheld) deps.metrics?.cliWithheld.inc({ client: client.name, reason: w.reason });
    deps.logger.warn({ client: client.name, callId: request.callId, called: call.called, withheld: legs }, 'caller ID withheld by the CLI policy');
  }
  // What else the routing said (the rule's duration limit) stays with the call.
  return { ...routed, ...checked };
}
