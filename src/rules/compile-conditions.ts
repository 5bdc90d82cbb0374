// Compiles the condition parts of a rule (match blocks and leg `when`s) into checks.
import { plural } from '../text/plural.js';
import { callerIdentity, callerSubscriber, type CallContext } from './call-context.js';
import type { LiveCondition, Scope, StaticCheck } from './compiled.js';
import { factKey, type FactRequest } from './facts.js';
import { fraudSubjectOf, metricValue, METRIC_WORDS, NO_COUNTS, type FraudCounts } from './fraud/index.js';
import { compileFeatureConditions } from './features/conditions.js';
import { vars } from './variables.js';
import { compileNumberMatcher, compileTimeCondition } from './match/index.js';
import type { ConditionSpec, MatchSpec, TimeSpec } from './schema.js';
import type { Template } from './template/index.js';

export interface CompileProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

export interface ConditionCompiler {
  template(text: string, path: ReadonlyArray<string | number>): Template | undefined;
  problem(path: ReadonlyArray<string | number>, message: string): void;
  /** A `fraud:` condition reads this class (RuleSet.fraudReads). */
  readsFraudClass(cls: string, path: ReadonlyArray<string | number>): void;
}

const asList = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? v : [v as T]);

function sourceKind(ctx: CallContext): string {
  return ctx.source.kind;
}

export function compileTime(spec: TimeSpec, path: ReadonlyArray<string | number>, c: ConditionCompiler): StaticCheck | undefined {
  const { not, ...window } = spec;
  const compiled = compileTimeCondition(window);
  if (!compiled.ok) {
    c.problem(path, compiled.error);
    return undefined;
  }
  const inside = compiled.matcher;
  return (scope) => {
    const hit = inside(scope.ctx.at);
    if (hit === !not) return undefined;
    return `time ${scope.ctx.at.toISOString()} is ${hit ? 'inside' : 'outside'} the window`;
  };
}

/** Conditions that only read the call itself: evaluated first, for every rule, without I/O. */
export function compileStaticChecks(match: MatchSpec, base: ReadonlyArray<string | number>, c: ConditionCompiler): StaticCheck[] {
  const checks: StaticCheck[] = [];
  const methods = new Set(asList(match.method ?? ['INVITE', 'REFER']).map((m) => m.toUpperCase()));
  checks.push((s) => (methods.has(s.ctx.method.toUpperCase()) ? undefined : `method ${s.ctx.method} is not ${[...methods].join('/')}`));

  for (const field of ['called', 'calling'] as const) {
    const spec = match[field];
    if (spec === undefined) continue;
    const compiled = compileNumberMatcher(spec);
    if (!compiled.ok) {
      c.problem([...base, field], compiled.error);
      continue;
    }
    const matcher = compiled.matcher;
    checks.push((s) => {
      const value = s.ctx[field];
      const captures = matcher(value);
      if (!captures) return `${field} ${value ?? '(none)'} does not match`;
      // Captures come from `called` when it has a matcher, else from `calling`.
      if (field === 'called' || match.called === undefined) s.captures = captures;
      return undefined;
    });
  }
  if (match.from !== undefined) {
    const kinds = new Set(asList(match.from));
    checks.push((s) => (kinds.has(sourceKind(s.ctx) as never) ? undefined : `call is from ${sourceKind(s.ctx)}, not ${[...kinds].join('/')}`));
  }
  if (match.subscriber !== undefined) {
    const names = new Set(asList(match.subscriber));
    checks.push((s) => {
      const sub = callerSubscriber(s.ctx.source);
      if (sub && (names.has(sub.username) || names.has(`${sub.realm}:${sub.username}`))) return undefined;
      return `caller is not subscriber ${[...names].join('/')}`;
    });
  }
  if (match.cui !== undefined) {
    const cuis = new Set(asList(match.cui));
    checks.push((s) => {
      const cui = s.ctx.source.kind === 'local-phone' ? s.ctx.source.cui : callerSubscriber(s.ctx.source)?.cui;
      return cui !== undefined && cuis.has(cui) ? undefined : `caller CUI ${cui ?? '(none)'} is not ${[...cuis].join('/')}`;
    });
  }
  if (match.carrier !== undefined) {
    const carriers = new Set(asList(match.carrier));
    checks.push((s) =>
      s.ctx.source.kind === 'carrier' && carriers.has(s.ctx.source.carrier) ? undefined : `call is not from carrier ${[...carriers].join('/')}`,
    );
  }
  if (match.firebrick !== undefined) {
    const boxes = new Set(asList(match.firebrick));
    checks.push((s) => {
      const fb = s.ctx.firebrick;
      return boxes.has(fb.client) || (fb.nasIdentifier !== undefined && boxes.has(fb.nasIdentifier))
        ? undefined
        : `FireBrick ${fb.client} is not ${[...boxes].join('/')}`;
    });
  }
  if (match.redirect !== undefined) {
    const want = match.redirect;
    checks.push((s) => ((s.ctx.redirectCode !== undefined) === want ? undefined : want ? 'not a redirect re-route query' : 'a redirect re-route query'));
  }
  if (match.time !== undefined) {
    const check = compileTime(match.time, [...base, 'time'], c);
    if (check) checks.push(check);
  }
  return checks;
}

/**
 * A condition on a yes/no fact about one number (a template): `registered`, `unregistered`, `faxDid`.
 * `verdict` says why it fails, or undefined when it holds.
 */
function numberFact(
  text: string,
  field: string,
  kind: 'registered' | 'fax-did',
  verdict: (number: string, is: boolean) => string | undefined,
  base: ReadonlyArray<string | number>,
  c: ConditionCompiler,
): LiveCondition | undefined {
  const t = c.template(text, [...base, field]);
  if (!t) return undefined;
  return {
    facts: (s) => {
      const number = t.render(vars(s));
      return number === undefined ? [] : [{ kind, number }];
    },
    test: (s, facts) => {
      const number = t.render(vars(s));
      if (number === undefined) return `${field}: ${t.source} has no value`;
      return verdict(number, facts.get(factKey({ kind, number })) === true);
    },
  };
}

/** Conditions that read live state (registrations, lookups, active calls, fax DIDs, ring groups). */
export function compileLiveCondition(spec: ConditionSpec, base: ReadonlyArray<string | number>, c: ConditionCompiler): LiveCondition | undefined {
  const parts: LiveCondition[] = [];
  for (const field of ['registered', 'unregistered'] as const) {
    const text = spec[field];
    if (text === undefined) continue;
    const want = field === 'registered';
    const part = numberFact(text, field, 'registered', (number, is) => (is === want ? undefined : `${number} is ${is ? '' : 'not '}registered`), base, c);
    if (part) parts.push(part);
  }
  if (spec.lookup !== undefined) {
    const l = spec.lookup;
    const t = c.template(l.key, [...base, 'lookup', 'key']);
    if (t) {
      parts.push({
        facts: (s) => {
          const key = t.render(vars(s));
          return key === undefined ? [] : [{ kind: 'lookup', key }];
        },
        test: (s, facts) => {
          const key = t.render(vars(s));
          if (key === undefined) return `lookup: ${t.source} has no value`;
          const value = facts.get(factKey({ kind: 'lookup', key })) as string | undefined;
          if (l.exists !== undefined && (value !== undefined) !== l.exists) return `lookup ${key} ${value === undefined ? 'is absent' : 'exists'}`;
          if (l.equals !== undefined && value !== l.equals) return `lookup ${key} is ${value ?? '(absent)'}, not ${l.equals}`;
          if (l.exists === undefined && l.equals === undefined && value === undefined) return `lookup ${key} is absent`;
          return undefined;
        },
      });
    }
  }
  if (spec.faxDid !== undefined) {
    const part = numberFact(spec.faxDid, 'faxDid', 'fax-did', (number, is) => (is ? undefined : `${number} is no enabled fax DID`), base, c);
    if (part) parts.push(part);
  }
  if (spec.group !== undefined) {
    // The same fact as the `group:` leg's, so a rule with both reads the group once (facts.ts).
    const t = c.template(spec.group, [...base, 'group']);
    if (t) {
      parts.push({
        facts: (s) => {
          const ref = t.render(vars(s));
          return ref === undefined ? [] : [{ kind: 'group', ref }];
        },
        test: (s, facts) => {
          const ref = t.render(vars(s));
          if (ref === undefined) return `group: ${t.source} has no value`;
          return facts.get(factKey({ kind: 'group', ref })) === undefined ? `no ring group named or numbered ${JSON.stringify(ref)}` : undefined;
        },
      });
    }
  }
  if (spec.activeCalls !== undefined) {
    const below = spec.activeCalls.below;
    parts.push({
      facts: (s) => {
        const id = callerIdentity(s.ctx.source);
        return id === undefined ? [] : [{ kind: 'active-calls', identity: id }];
      },
      test: (s, facts) => {
        const id = callerIdentity(s.ctx.source);
        if (id === undefined) return 'caller unknown: no active-call count';
        const limit = below === 'limit' ? callerSubscriber(s.ctx.source)?.maxCalls : below;
        if (limit === undefined) return undefined; // no limit configured for this subscriber
        const n = Number(facts.get(factKey({ kind: 'active-calls', identity: id })) ?? 0);
        return n < limit ? undefined : `caller has ${plural(n, 'active call')} (limit ${limit})`;
      },
    });
  }
  if (spec.fraud !== undefined) {
    c.readsFraudClass(spec.fraud.class, [...base, 'fraud', 'class']);
    parts.push(fraudCondition(spec.fraud));
  }
  parts.push(...compileFeatureConditions(spec));
  if (spec.time !== undefined) {
    const check = compileTime(spec.time, [...base, 'time'], c);
    if (check) parts.push({ facts: () => [], test: (s) => check(s) });
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return {
    facts: (s) => parts.flatMap((p) => p.facts(s)),
    test: (s, f) => {
      for (const p of parts) {
        const why = p.test(s, f);
        if (why) return why;
      }
      return undefined;
    },
  };
}

/**
 * `fraud: {class, metric, below}`: the caller's fraud-guard counter (store/fraud.ts) in a class, read
 * in the evaluation's one batch. A caller who is no subject (a carrier: inbound, nobody's toll) has
 * used nothing, as the guard counts nothing against it.
 */
function fraudCondition(spec: NonNullable<ConditionSpec['fraud']>): LiveCondition {
  const subjectOf = (s: Scope) => fraudSubjectOf(s.ctx.source, s.ctx.sourceAddress);
  return {
    facts: (s) => {
      const subject = subjectOf(s);
      return subject ? [{ kind: 'fraud-counts', subject: subject.name, cls: spec.class }] : [];
    },
    test: (s, facts) => {
      const subject = subjectOf(s);
      const counts = subject ? ((facts.get(factKey({ kind: 'fraud-counts', subject: subject.name, cls: spec.class })) as FraudCounts | undefined) ?? NO_COUNTS) : NO_COUNTS;
      const value = metricValue(spec.metric, counts);
      if (value < spec.below) return undefined;
      return `${subject?.name ?? 'caller'} has ${Math.round(value * 100) / 100} ${METRIC_WORDS[spec.metric]} in ${spec.class} (below ${spec.below} wanted)`;
    },
  };
}


export type { FactRequest };
