// The compiled form of a rule set: everything parsed, every pattern and template compiled, so
// evaluating a call does no parsing at all.
import type { RouteLeg } from '../firebrick/route-plan.js';
import type { CallContext } from './call-context.js';
import type { FactRequest, FactValues } from './facts.js';
import type { Callee } from './features/callee.js';
import type { Template } from './template/index.js';

export interface RuleOrigin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Where one key of a rule stands, for problems found after compiling (client-fit.ts). */
export interface RulePlace extends RuleOrigin {
  /** Key path as problems print it, e.g. `rules[2].redirect`. */
  readonly path: string;
}

/** Variables a template can read during one evaluation. */
export interface Scope {
  readonly ctx: CallContext;
  captures: readonly string[];
  lookups: ReadonlyMap<string, string | undefined>;
  /** The subscriber of the dialled number, once fetched, for a rule that reads `callee.*` (CompiledRule.readsCallee). */
  callee?: Callee | undefined;
}

/** Returns undefined when the check passes, else why it failed (for the dry-run trace). */
export type StaticCheck = (scope: Scope) => string | undefined;

export interface LiveCondition {
  /** The facts this condition needs, given the scope (templates rendered). */
  facts(scope: Scope): FactRequest[];
  test(scope: Scope, facts: FactValues): string | undefined;
}

/** One destination a data-driven leg expands to, in order. */
export interface ExpandedLeg {
  readonly target: RouteLeg['target'];
  readonly delaySeconds?: number;
}

/**
 * A rule leg whose destinations are data, not text (an LCR table, a ring group): it names the facts it
 * needs, fetched in the evaluation's one batch, and expands to ordered legs from them. `notes` say
 * what chose each leg, or why there is none (the dry-run trace).
 */
export interface LegExpander {
  facts(scope: Scope): FactRequest[];
  expand(scope: Scope, facts: FactValues, notes: string[]): ExpandedLeg[];
  /**
   * When the data answers the call instead of adding legs (a callee's redirecting forward, its
   * do-not-disturb): asked before any leg is placed; the first leg that answers decides the call.
   */
  answer?(scope: Scope, facts: FactValues, notes: string[]): ExpanderAnswer | undefined;
}

export type ExpanderAnswer = { readonly kind: 'redirect'; readonly uri: string } | { readonly kind: 'reject'; readonly message: string };

export interface CompiledLeg {
  readonly target:
    | { readonly kind: 'tel'; readonly number: Template }
    | { readonly kind: 'sip'; readonly uri: Template }
    | { readonly kind: 'carrier'; readonly carrier: string; readonly number?: Template }
    | { readonly kind: 'expand'; readonly expander: LegExpander };
  readonly delaySeconds?: number;
  readonly cli?: Template;
  readonly cui?: Template;
  readonly when?: LiveCondition;
  /** `maxDuration`: this leg's own limit, seconds. */
  readonly maxDurationSeconds?: number;
}

export type CompiledAction =
  | {
      readonly kind: 'route';
      readonly legs: readonly CompiledLeg[];
      readonly cli?: Template;
      readonly cui?: Template;
      readonly displayName?: Template;
      readonly record?: Template;
      /** `maxDuration` of the rule: the limit of every leg that sets none of its own, seconds. */
      readonly maxDurationSeconds?: number;
    }
  | { readonly kind: 'reject'; readonly message: Template }
  | { readonly kind: 'redirect'; readonly uri: Template; readonly place: RulePlace };

export interface CompiledRule {
  readonly name: string;
  readonly origin: RuleOrigin;
  /** `match.firebrick`: the client names or NAS-Identifiers the rule is limited to; absent: every FireBrick. */
  readonly firebricks?: readonly string[];
  readonly staticChecks: readonly StaticCheck[];
  readonly live: readonly LiveCondition[];
  readonly lets: ReadonlyArray<{ readonly name: string; readonly key: Template }>;
  /** A template reads `callee.*`: the dialled number's subscriber is fetched with the rule's other facts. */
  readonly readsCallee?: boolean;
  readonly action: CompiledAction;
}

/** A `fraud:` condition's class, where it stands: the guard counts what rules read (app/firebrick/fraud.ts). */
export interface FraudRead {
  readonly cls: string;
  readonly place: RulePlace;
}

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Every `fraud:` condition of the set: its class must exist, and its counters are kept even without thresholds. */
  readonly fraudReads: readonly FraudRead[];
  readonly files: readonly string[];
  readonly loadedAt: Date;
}
