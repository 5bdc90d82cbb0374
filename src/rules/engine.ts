// Evaluates a call against a rule set: first matching rule wins, like a firewall. Static checks run
// for every rule first; then every fact the candidate rules could need is fetched in one batch; then
// the candidates are tried in order. The result is a typed route plan, never attributes.
import type { RouteLeg, RoutePlan } from '../firebrick/route-plan.js';
import type { CallContext } from './call-context.js';
import type { CompiledAction, CompiledLeg, CompiledRule, RuleSet, Scope } from './compiled.js';
import { vars } from './variables.js';
import { FALLBACK_DELAY_SECONDS } from './fallback.js';
import { factKey, fetchFacts, type FactRequest, type FactValues, type RoutingFacts } from './facts.js';
import { calleeFact, calleeOf } from './features/conditions.js';

export type RuleDecision =
  | {
      readonly kind: 'route';
      readonly plan: RoutePlan;
      /** The rule's limit on the call's length, seconds (routeLimitSeconds); absent: the rule sets none. */
      readonly maxDurationSeconds?: number;
    }
  | { readonly kind: 'reject'; readonly message: string };

export interface TraceEntry {
  readonly rule: string;
  readonly at: string;
  readonly matched: boolean;
  /** Why it did not match, or notes about legs left out. */
  readonly notes: readonly string[];
}

export interface Evaluation {
  readonly decision: RuleDecision;
  /** The rule that decided; undefined when none matched. */
  readonly rule: { readonly name: string; readonly at: string } | undefined;
  readonly trace: readonly TraceEntry[];
  readonly factsFetched: number;
}

export interface EngineOptions {
  /** What happens when no rule matches. */
  readonly noMatch: 'reject' | 'firebrick';
  readonly noMatchMessage?: string;
  /** Record why each rule did or did not match (dry runs, the lab); off for live calls. Default on. */
  readonly trace?: boolean;
}

const where = (r: CompiledRule): string => `${r.origin.file}:${r.origin.line}`;

const NO_CAPTURES: readonly string[] = Object.freeze([]);
/** Lookups are replaced, never added to (lookupsFrom): one empty map serves every scope until then. */
const NO_LOOKUPS: ReadonlyMap<string, string | undefined> = new Map();

function newScope(ctx: CallContext): Scope {
  return { ctx, captures: NO_CAPTURES, lookups: NO_LOOKUPS };
}

function lookupsFrom(rule: CompiledRule, scope: Scope, facts: FactValues): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const l of rule.lets) {
    const key = l.key.render(vars(scope));
    out.set(l.name, key === undefined ? undefined : (facts.get(factKey({ kind: 'lookup', key })) as string | undefined));
  }
  return out;
}

function factsNeeded(rule: CompiledRule, scope: Scope): FactRequest[] {
  const needs: FactRequest[] = [];
  for (const l of rule.lets) {
    const key = l.key.render(vars(scope));
    if (key !== undefined) needs.push({ kind: 'lookup', key });
  }
  // Lookups feed templates in conditions and legs; render those with lookups still unknown is fine:
  // a template that reads a lookup simply needs no further fact here.
  for (const c of rule.live) needs.push(...c.facts(scope));
  const callee = rule.readsCallee ? calleeFact(scope) : undefined;
  if (callee) needs.push(callee);
  if (rule.action.kind === 'route') {
    for (const leg of rule.action.legs) {
      if (leg.when) needs.push(...leg.when.facts(scope));
      if (leg.target.kind === 'expand') needs.push(...leg.target.expander.facts(scope));
    }
  }
  return needs;
}

function renderTarget(t: Exclude<CompiledLeg['target'], { kind: 'expand' }>, v: ReturnType<typeof vars>): RouteLeg['target'] | undefined {
  switch (t.kind) {
    case 'tel': {
      const number = t.number.render(v);
      return number === undefined ? undefined : { kind: 'tel', number };
    }
    case 'sip': {
      const uri = t.uri.render(v);
      return uri === undefined ? undefined : { kind: 'sip', uri };
    }
    case 'carrier': {
      const number = t.number?.render(v);
      return t.number && number === undefined ? undefined : { kind: 'carrier', carrier: t.carrier, ...(number ? { number } : {}) };
    }
  }
}

function buildDecision(action: CompiledAction, scope: Scope, facts: FactValues, notes: string[]): RuleDecision {
  const v = vars(scope);
  switch (action.kind) {
    case 'reject':
      return { kind: 'reject', message: action.message.render(v) ?? action.message.source };
    case 'redirect': {
      const uri = action.uri.render(v);
      if (uri === undefined) return { kind: 'reject', message: 'Call routing failed' };
      return { kind: 'route', plan: { legs: [], redirect: uri } };
    }
    case 'route': {
      // A leg whose data answers the call (a callee's redirecting forward, do-not-disturb) decides it.
      for (const leg of action.legs) {
        if (leg.target.kind !== 'expand' || !leg.target.expander.answer) continue;
        if (leg.when?.test(scope, facts)) continue;
        const answer = leg.target.expander.answer(scope, facts, notes);
        if (answer?.kind === 'reject') return { kind: 'reject', message: answer.message };
        if (answer?.kind === 'redirect') return { kind: 'route', plan: { legs: [], redirect: answer.uri } };
      }
      const legs: RouteLeg[] = [];
      const limits: Array<number | undefined> = [];
      action.legs.forEach((leg, i) => {
        if (leg.when) {
          const why = leg.when.test(scope, facts);
          if (why) return void notes.push(`leg ${i + 1} skipped: ${why}`);
        }
        const cli = (leg.cli ?? action.cli)?.render(v);
        const cui = (leg.cui ?? action.cui)?.render(v);
        const place = (target: RouteLeg['target'], delaySeconds: number | undefined): void => {
          limits.push(leg.maxDurationSeconds ?? action.maxDurationSeconds);
          legs.push({ target, ...(delaySeconds ? { delaySeconds } : {}), ...(cli ? { cli } : {}), ...(cui ? { cui } : {}) });
        };
        if (leg.target.kind === 'expand') {
          const expanded = leg.target.expander.expand(scope, facts, notes);
          if (expanded.length === 0) return void notes.push(`leg ${i + 1} skipped: it expanded to no destination`);
          // The rule leg's own delay comes before each of its destinations' (a group after 10 s).
          // Never past the fallback delay, the most a leg may wait (spec §4.2, schema.ts delay): a
          // fallback destination stays the fallback.
          for (const e of expanded) place(e.target, Math.min(FALLBACK_DELAY_SECONDS, (leg.delaySeconds ?? 0) + (e.delaySeconds ?? 0)) || undefined);
          return;
        }
        const target = renderTarget(leg.target, v);
        if (!target) return void notes.push(`leg ${i + 1} skipped: its destination has no value`);
        place(target, leg.delaySeconds);
      });
      if (action.legs.length > 0 && legs.length === 0) {
        notes.push('every leg was skipped');
        return { kind: 'reject', message: 'No route to destination' };
      }
      const displayName = action.displayName?.render(v);
      const record = action.record?.render(v);
      const maxDurationSeconds = routeLimitSeconds(limits, action.maxDurationSeconds);
      return {
        kind: 'route',
        plan: { legs, ...(displayName ? { displayName } : {}), ...(record ? { recordingEmail: record } : {}) },
        ...(maxDurationSeconds !== undefined ? { maxDurationSeconds } : {}),
      };
    }
  }
}

/**
 * The limit a routed call is held to by its rule: each leg's `maxDuration`, else the rule's. The
 * accounting does not say which leg answered (spec §9.7: nothing links a call's legs), so the call
 * gets the loosest limit among the legs placed — a leg with no limit leaves the call unlimited by
 * the rule — rather than cutting a call on one leg's limit that another leg answered. An empty
 * route (the FireBrick routes) has only the rule's limit.
 */
export function routeLimitSeconds(legLimits: ReadonlyArray<number | undefined>, ruleLimit: number | undefined): number | undefined {
  if (legLimits.length === 0) return ruleLimit;
  if (legLimits.some((l) => l === undefined)) return undefined;
  return Math.max(...(legLimits as number[]));
}

export async function evaluate(ruleSet: RuleSet, ctx: CallContext, facts: RoutingFacts, options: EngineOptions): Promise<Evaluation> {
  const trace: TraceEntry[] = [];
  const tracing = options.trace !== false;
  const candidates: Array<{ rule: CompiledRule; scope: Scope }> = [];
  // Most rules fail a static check; they share one scope (only a match writes to it: its captures),
  // so a call through a long rule set allocates per candidate rather than per rule.
  let scope = newScope(ctx);
  for (const rule of ruleSet.rules) {
    let failed: string | undefined;
    for (const check of rule.staticChecks) {
      failed = check(scope);
      if (failed) break;
    }
    if (failed) {
      scope.captures = NO_CAPTURES;
      if (tracing) trace.push({ rule: rule.name, at: where(rule), matched: false, notes: [failed] });
      continue;
    }
    candidates.push({ rule, scope });
    // A candidate with no live conditions will match: later rules can never be reached.
    if (rule.live.length === 0) break;
    scope = newScope(ctx);
  }

  const needs = candidates.flatMap((c) => factsNeeded(c.rule, c.scope));
  // Lookups may feed other conditions' templates; a second batch covers those (rare).
  let values = needs.length ? await fetchFacts(facts, needs) : new Map();
  let fetched = values.size;
  for (const c of candidates) if (c.rule.readsCallee) c.scope.callee = calleeOf(c.scope, values);
  const second: FactRequest[] = [];
  for (const c of candidates) {
    if (c.rule.lets.length === 0) continue;
    c.scope.lookups = lookupsFrom(c.rule, c.scope, values);
    for (const r of factsNeeded(c.rule, c.scope)) if (!values.has(factKey(r))) second.push(r);
  }
  if (second.length) {
    const more = await fetchFacts(facts, second);
    values = new Map([...values, ...more]);
    fetched += more.size;
  }

  for (const { rule, scope } of candidates) {
    let failed: string | undefined;
    for (const c of rule.live) {
      failed = c.test(scope, values);
      if (failed) break;
    }
    if (failed) {
      if (tracing) trace.push({ rule: rule.name, at: where(rule), matched: false, notes: [failed] });
      continue;
    }
    const notes: string[] = [];
    const decision = buildDecision(rule.action, scope, values, notes);
    if (tracing) trace.push({ rule: rule.name, at: where(rule), matched: true, notes });
    return { decision, rule: { name: rule.name, at: where(rule) }, trace, factsFetched: fetched };
  }
  const decision: RuleDecision =
    options.noMatch === 'firebrick'
      ? { kind: 'route', plan: { legs: [] } }
      : { kind: 'reject', message: options.noMatchMessage ?? 'No route to destination' };
  return { decision, rule: undefined, trace, factsFetched: fetched };
}
