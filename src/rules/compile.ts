// Compiles validated rule files into a RuleSet. Every problem is reported with its position; a rule
// set with any problem is refused as a whole (the running one keeps serving).
import type { Locator, SourceProblem } from '../text/yaml-validation.js';
import { compileLiveCondition, compileStaticChecks, type ConditionCompiler } from './compile-conditions.js';
import { FIXED_VARIABLES } from './variables.js';
import type { CompiledAction, CompiledLeg, CompiledRule, FraudRead, LiveCondition } from './compiled.js';
import { FALLBACK_DELAY_SECONDS } from './fallback.js';
import { lcrExpander } from './lcr/expander.js';
import { featuresLeg } from './features/leg.js';
import type { LegSpec, RuleSpec } from './schema.js';
import { groupExpander } from './groups/index.js';
import { compileTemplate, type Template } from './template/index.js';

export { FALLBACK_DELAY_SECONDS } from './fallback.js';

/** A rule that passed the schema, with its index in its file's `rules` (positions and paths use it). */
export interface ParsedRule {
  readonly index: number;
  readonly spec: RuleSpec;
}

export interface ParsedRuleFile {
  readonly file: string;
  /** The file's rules that passed the schema; the others were reported and are not compiled. */
  readonly rules: readonly ParsedRule[];
  readonly locate: Locator;
}

/** The variables a rule's templates read, as they compile: `callee.*` makes the rule fetch the callee. */
type ReadVariables = Set<string>;

function compiler(file: ParsedRuleFile, problems: SourceProblem[], lets: ReadonlySet<string>, fraudReads: FraudRead[], read: ReadVariables = new Set()): ConditionCompiler {
  const problem = (path: ReadonlyArray<string | number>, message: string): void => {
    const { line, column } = file.locate(path);
    problems.push({ file: file.file, line, column, path: formatPath(path), message });
  };
  return {
    problem,
    readsFraudClass(cls, path) {
      fraudReads.push({ cls, place: { file: file.file, ...file.locate(path), path: formatPath(path) } });
    },
    template(text, path) {
      const t = compileTemplate(text);
      if (!t.ok) {
        problem(path, `${t.error} (at character ${t.column} of "${text}")`);
        return undefined;
      }
      for (const v of t.template.variables) {
        const known =
          /^\d$/.test(v) || (FIXED_VARIABLES as readonly string[]).includes(v) || (v.startsWith('lookup.') && lets.has(v.slice(7)));
        if (!known) {
          const hint = v.startsWith('lookup.') ? ` (declare it under "let:")` : '';
          problem(path, `unknown variable \${${v}}${hint}`);
          return undefined;
        }
        read.add(v);
      }
      return t.template;
    },
  };
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function compileLeg(leg: LegSpec, path: Array<string | number>, c: ConditionCompiler): CompiledLeg | undefined {
  let target: CompiledLeg['target'] | undefined;
  if (leg.tel !== undefined) {
    const t = c.template(leg.tel, [...path, 'tel']);
    if (t) target = { kind: 'tel', number: t };
  } else if (leg.sip !== undefined) {
    const t = c.template(leg.sip, [...path, 'sip']);
    if (t) target = { kind: 'sip', uri: t };
  } else if (leg.features !== undefined) {
    const t = c.template(leg.features, [...path, 'features']);
    if (t) target = { kind: 'expand', expander: featuresLeg(t) };
  } else if (leg.carrier !== undefined) {
    const n = leg.number !== undefined ? c.template(leg.number, [...path, 'number']) : undefined;
    if (leg.number === undefined || n) target = { kind: 'carrier', carrier: leg.carrier, ...(n ? { number: n } : {}) };
  } else if (leg.group !== undefined) {
    const t = c.template(leg.group, [...path, 'group']);
    if (t) target = { kind: 'expand', expander: groupExpander(t) };
  } else if (leg.lcr !== undefined) {
    const spec = typeof leg.lcr === 'string' ? { table: leg.lcr } : leg.lcr;
    const n = spec.number !== undefined ? c.template(spec.number, [...path, 'lcr', 'number']) : undefined;
    if (spec.number === undefined || n) {
      target = { kind: 'expand', expander: lcrExpander({ table: spec.table, ...(n ? { number: n } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) }) };
    }
  }
  const cli = leg.cli !== undefined ? c.template(leg.cli, [...path, 'cli']) : undefined;
  const cui = leg.cui !== undefined ? c.template(leg.cui, [...path, 'cui']) : undefined;
  const when = leg.when !== undefined ? compileLiveCondition(leg.when, [...path, 'when'], c) : undefined;
  if (!target) return undefined;
  const delay = leg.fallback ? FALLBACK_DELAY_SECONDS : leg.delay;
  return {
    target,
    ...(delay ? { delaySeconds: delay } : {}),
    ...(cli ? { cli } : {}),
    ...(cui ? { cui } : {}),
    ...(when ? { when } : {}),
    ...(leg.maxDuration !== undefined ? { maxDurationSeconds: leg.maxDuration } : {}),
  };
}

function optionalTemplate(text: string | undefined, path: Array<string | number>, c: ConditionCompiler): Template | undefined {
  return text === undefined ? undefined : c.template(text, path);
}

function compileRule(rule: RuleSpec, index: number, file: ParsedRuleFile, problems: SourceProblem[], fraudReads: FraudRead[]): CompiledRule | undefined {
  const base: Array<string | number> = ['rules', index];
  const lets = new Set(Object.keys(rule.let ?? {}));
  const read: ReadVariables = new Set();
  const c = compiler(file, problems, lets, fraudReads, read);
  const before = problems.length;

  const staticChecks = compileStaticChecks(rule.match ?? {}, [...base, 'match'], c);
  const live: LiveCondition[] = [];
  if (rule.match) {
    const liveMatch = compileLiveCondition(
      {
        ...(rule.match.registered !== undefined ? { registered: rule.match.registered } : {}),
        ...(rule.match.unregistered !== undefined ? { unregistered: rule.match.unregistered } : {}),
        ...(rule.match.lookup !== undefined ? { lookup: rule.match.lookup } : {}),
        ...(rule.match.faxDid !== undefined ? { faxDid: rule.match.faxDid } : {}),
        ...(rule.match.group !== undefined ? { group: rule.match.group } : {}),
        ...(rule.match.activeCalls !== undefined ? { activeCalls: rule.match.activeCalls } : {}),
        ...(rule.match.fraud !== undefined ? { fraud: rule.match.fraud } : {}),
        ...(rule.match.dnd !== undefined ? { dnd: rule.match.dnd } : {}),
        ...(rule.match.forwarding !== undefined ? { forwarding: rule.match.forwarding } : {}),
        ...(rule.match.calleeFeatures !== undefined ? { calleeFeatures: rule.match.calleeFeatures } : {}),
      },
      [...base, 'match'],
      c,
    );
    if (liveMatch) live.push(liveMatch);
  }
  // `let` keys may only use fixed variables and captures, never other lookups.
  const letCompiler = compiler(file, problems, new Set(), fraudReads, read);
  const compiledLets = Object.entries(rule.let ?? {}).flatMap(([name, key]) => {
    const t = letCompiler.template(key, [...base, 'let', name]);
    return t ? [{ name, key: t }] : [];
  });

  let action: CompiledAction | undefined;
  if (rule.route !== undefined) {
    const legs = rule.route.map((leg, i) => compileLeg(leg, [...base, 'route', i], c));
    const cli = optionalTemplate(rule.cli, [...base, 'cli'], c);
    const cui = optionalTemplate(rule.cui, [...base, 'cui'], c);
    const displayName = optionalTemplate(rule.displayName, [...base, 'displayName'], c);
    const record = optionalTemplate(rule.record, [...base, 'record'], c);
    action = {
      kind: 'route',
      legs: legs.filter((l): l is CompiledLeg => l !== undefined),
      ...(cli ? { cli } : {}),
      ...(cui ? { cui } : {}),
      ...(displayName ? { displayName } : {}),
      ...(record ? { record } : {}),
      ...(rule.maxDuration !== undefined ? { maxDurationSeconds: rule.maxDuration } : {}),
    };
  } else if (rule.reject !== undefined) {
    const message = c.template(rule.reject, [...base, 'reject']);
    if (message) action = { kind: 'reject', message };
  } else if (rule.redirect !== undefined) {
    const path = [...base, 'redirect'];
    const uri = c.template(rule.redirect, path);
    if (uri) action = { kind: 'redirect', uri, place: { file: file.file, ...file.locate(path), path: formatPath(path) } };
  }
  if (problems.length > before || !action) return undefined;
  const { line, column } = file.locate(base);
  const firebricks = rule.match?.firebrick;
  return {
    name: rule.name,
    origin: { file: file.file, line, column },
    ...(firebricks !== undefined ? { firebricks: typeof firebricks === 'string' ? [firebricks] : firebricks } : {}),
    staticChecks,
    live,
    lets: compiledLets,
    ...([...read].some((v) => v.startsWith('callee.')) ? { readsCallee: true } : {}),
    action,
  };
}

export function compileRuleFiles(files: readonly ParsedRuleFile[]): { rules: CompiledRule[]; fraudReads: FraudRead[]; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const rules: CompiledRule[] = [];
  const fraudReads: FraudRead[] = [];
  const names = new Map<string, string>();
  for (const file of files) {
    for (const { index: i, spec: rule } of file.rules) {
      const where = `${file.file}:${file.locate(['rules', i]).line}`;
      const seen = names.get(rule.name);
      if (seen) {
        const { line, column } = file.locate(['rules', i, 'name']);
        problems.push({ file: file.file, line, column, path: `rules[${i}].name`, message: `duplicate rule name "${rule.name}" (first at ${seen})` });
      } else names.set(rule.name, where);
      const compiled = compileRule(rule, i, file, problems, fraudReads);
      if (compiled) rules.push(compiled);
    }
  }
  return { rules, fraudReads, problems };
}
