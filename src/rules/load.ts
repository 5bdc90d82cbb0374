// Reads routing-rules/*.yaml in name order, validates and compiles them. I/O stays here; the result
// is either a complete RuleSet or the list of every problem with file:line:column, in file order.
//
// Each rule is checked against the schema on its own, so a schema problem in one rule does not hide
// the compile problems (patterns, templates) of the others: one `firebridge check` shows them all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseYaml, sortProblems, type ParsedYaml, type SourceProblem } from '../text/yaml-validation.js';
import { compileRuleFiles, type ParsedRule, type ParsedRuleFile } from './compile.js';
import type { RuleSet } from './compiled.js';
import { ruleFileSchema, ruleSchema, type RuleSpec } from './schema.js';

export type LoadResult = { readonly ok: true; readonly ruleSet: RuleSet } | { readonly ok: false; readonly problems: readonly SourceProblem[] };

/** A check of a complete, valid rule set against what lies outside it (e.g. client-fit.ts); any problem refuses the set. */
export type RuleSetCheck = (ruleSet: RuleSet) => readonly SourceProblem[];

/** The file around its rules; each rule is then checked by itself. */
const ruleFileShape = ruleFileSchema.extend({ rules: z.array(z.unknown()) });

export function ruleFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile());
}

type Path = ReadonlyArray<PropertyKey>;

/**
 * `rule` without the keys its schema problems are about, or undefined when a problem is not about a
 * key that can go (the rule as a whole, a list item) or is about `let`, whose names the templates
 * refer to: compiling without them would report follow-on problems that are not there.
 */
function withoutKeys(rule: unknown, paths: readonly Path[]): unknown {
  const copy = structuredClone(rule);
  for (const path of paths) {
    const key = path[path.length - 1];
    if (typeof key !== 'string' || path[0] === 'let') return undefined;
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[step];
    if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * The rule at `rules[index]` if it passes the schema, or once the keys with problems are left out, so
 * that the rest of it is compiled too; its schema problems go to `problems`.
 */
function checkRule(parsed: ParsedYaml, raw: unknown, index: number, problems: SourceProblem[]): RuleSpec | undefined {
  const checked = parsed.check(ruleSchema, raw, ['rules', index]);
  if (checked.ok) return checked.value;
  problems.push(...checked.problems);
  const paths = checked.issues.flatMap((issue): Path[] => {
    const inRule = issue.path.slice(2);
    return issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...inRule, k]) : [inRule];
  });
  const rest = withoutKeys(raw, paths);
  if (rest === undefined) return undefined;
  const retried = ruleSchema.safeParse(rest);
  return retried.success ? retried.data : undefined;
}

function readRuleFile(file: string, problems: SourceProblem[]): ParsedRuleFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file, line: 1, column: 1, path: '', message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const shape = parsed.check(ruleFileShape);
  if (!shape.ok) problems.push(...shape.problems);
  const items = (parsed.data as { rules?: unknown } | null)?.rules;
  const rules: ParsedRule[] = [];
  if (Array.isArray(items)) {
    items.forEach((raw: unknown, index) => {
      const spec = checkRule(parsed, raw, index, problems);
      if (spec) rules.push({ index, spec });
    });
  }
  return { file, rules, locate: parsed.locate };
}

export function loadRules(dir: string, check?: RuleSetCheck): LoadResult {
  let paths: string[];
  try {
    paths = ruleFilesIn(dir);
  } catch (err) {
    return { ok: false, problems: [{ file: dir, line: 1, column: 1, path: '', message: `cannot read the rules directory: ${(err as Error).message}` }] };
  }
  const problems: SourceProblem[] = [];
  const parsed = paths.flatMap((file) => readRuleFile(file, problems) ?? []);
  const compiled = compileRuleFiles(parsed);
  problems.push(...compiled.problems);
  if (problems.length) return { ok: false, problems: sortProblems(problems, paths) };
  const ruleSet: RuleSet = { rules: compiled.rules, fraudReads: compiled.fraudReads, files: paths, loadedAt: new Date() };
  const unfit = check?.(ruleSet) ?? [];
  return unfit.length ? { ok: false, problems: sortProblems([...unfit], paths) } : { ok: true, ruleSet };
}
