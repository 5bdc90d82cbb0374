// A client's CLI policy applied to a route plan: each leg that reaches the public network is judged
// on the CLI it would present (spec §4.1, §4.3: a leg's own `cli`, else the plan's, else the caller's
// Calling-Station-Id as the FireBrick received it), and the plan is refused, or the offending legs
// have their CLI withheld. Pure: the caller's facts are given.
//
// Which legs: a call from a carrier terminates here, so every leg is judged — the called party is
// who the rules protect [C6][G25]. A call from a phone is judged where it leaves for the public
// network: its carrier legs, or, when the FireBrick routes it itself (no legs), when it dials a
// public number. Its legs to registered phones (`tel:`) and SIP URIs stay on the operator's own
// network, where an extension number is a fine caller ID.
import type { CliPolicy } from '../../firebrick/profile.js';
import type { RouteLeg, RoutePlan, RouteTarget } from '../../firebrick/route-plan.js';
import { isEmergencyNumber, readPresentedNumber, WITHHELD_CLI } from './presented-number.js';
import { cliRefusalMessage, judgeUkOfcom, type CliFacts, type CliRefusalReason } from './uk-ofcom.js';

/** Whether a carrier's calls come from abroad under this policy. */
export function fromAbroad(policy: CliPolicy, carrier: string | undefined): boolean {
  return carrier !== undefined && policy.internationalGateways.includes(carrier);
}

/** What the call's CLI is judged against, besides the plan. */
export interface CliCall extends CliFacts {
  /** The dialled number: a call to an emergency number is never refused for its CLI [C6]. */
  readonly called: string | undefined;
  /** The caller's CLI as the FireBrick sent it (Calling-Station-Id). */
  readonly callerCli: string | undefined;
  /** The call came in from a carrier (the public network), not from a phone. */
  readonly fromCarrier: boolean;
  /** Emergency numbers besides 999 and 112 (config fraud.emergency). */
  readonly emergency?: readonly string[];
}

/** One leg (or, in a plan without legs, the call: `leg` undefined) whose CLI was withheld. */
export interface WithheldCli {
  readonly leg: number | undefined;
  readonly cli: string | undefined;
  readonly reason: CliRefusalReason | 'roaming-mobile';
}

export type CliPolicyOutcome =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refuse'; readonly reason: CliRefusalReason; readonly cli: string | undefined; readonly message: string }
  | { readonly kind: 'withheld'; readonly plan: RoutePlan; readonly withheld: readonly WithheldCli[] };

/** `Allowed` (V1.51+) forces presentation of the caller's own CLI (spec §4.1). */
function presentedCli(leg: RouteLeg | undefined, plan: RoutePlan, callerCli: string | undefined): string | undefined {
  const set = leg?.cli ?? plan.cli;
  return set === undefined || set.toLowerCase() === 'allowed' ? callerCli : set;
}

function dialsEmergency(target: RouteTarget, extra: readonly string[] | undefined): boolean {
  return (target.kind === 'tel' || target.kind === 'carrier') && isEmergencyNumber(target.number, extra);
}

/** Whether a leg (undefined: the call, routed by the FireBrick) presents its CLI to the public network. */
function judged(leg: RouteLeg | undefined, call: CliCall): boolean {
  if (call.fromCarrier) return true;
  if (!leg) {
    const dialled = readPresentedNumber(call.called).kind;
    return dialled === 'uk' || dialled === 'international';
  }
  return leg.target.kind === 'carrier';
}

/**
 * The policy (config clients[].firebrick.cliPolicy): preset `none` checks nothing; `uk-ofcom` judges
 * each leg (uk-ofcom.ts); a refused CLI gets `action` `reject` (the call is refused) or `mark` (the
 * leg presents it withheld).
 */
export function applyCliPolicy(policy: CliPolicy, plan: RoutePlan, call: CliCall): CliPolicyOutcome {
  if (policy.preset === 'none' || isEmergencyNumber(call.called, call.emergency)) return { kind: 'unchanged' };
  // A redirect places no call here: the caller is sent elsewhere (spec §4.5).
  if (plan.redirect) return { kind: 'unchanged' };
  // A plan without legs leaves routing to the FireBrick (spec §4.2): the call presents one CLI.
  const legs: ReadonlyArray<RouteLeg | undefined> = plan.legs.length ? plan.legs : [undefined];
  const withheld: WithheldCli[] = [];
  for (const [i, leg] of legs.entries()) {
    if (!judged(leg, call) || (leg && dialsEmergency(leg.target, call.emergency))) continue;
    const cli = presentedCli(leg, plan, call.callerCli);
    const verdict = judgeUkOfcom(readPresentedNumber(cli), call, policy);
    if (verdict.kind === 'present') continue;
    if (verdict.kind === 'refuse' && policy.action === 'reject') {
      return { kind: 'refuse', reason: verdict.reason, cli, message: cliRefusalMessage(verdict.reason, cli) };
    }
    withheld.push({ leg: leg ? i + 1 : undefined, cli, reason: verdict.reason });
  }
  if (!withheld.length) return { kind: 'unchanged' };
  const marked = new Set(withheld.map((w) => w.leg));
  const next: RoutePlan = plan.legs.length
    ? { ...plan, legs: plan.legs.map((leg, i) => (marked.has(i + 1) ? { ...leg, cli: WITHHELD_CLI } : leg)) }
    : { ...plan, cli: WITHHELD_CLI };
  return { kind: 'withheld', plan: next, withheld };
}
