// Reads routing-rules/*.yaml in name order, validates and compiles them. I/O stays here; the result
// is either a complete RuleSet or the list of every problem with file:line:column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateYaml, type SourceProblem } from '../config/yaml-validation.js';
import { compileRuleFiles, type ParsedRuleFile } from './compile.js';
import type { RuleSet } from './compiled.js';
import { ruleFileSchema } from './schema.js';

export type LoadResult = { readonly ok: true; readonly ruleSet: RuleSet } | { readonly ok: false; readonly problems: readonly SourceProblem[] };

/** A check of a complete, valid rule set against what lies outside it (e.g. client-fit.ts); any problem refuses the set. */
export type RuleSetCheck = (ruleSet: RuleSet) => readonly SourceProblem[];

export function ruleFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile());
}

export function loadRules(dir: string, check?: RuleSetCheck): LoadResult {
  let paths: string[];
  try {
    paths = ruleFilesIn(dir);
  } catch (err) {
    return { ok: false, problems: [{ file: dir, line: 1, column: 1, path: '', message: `cannot read the rules directory: ${(err as Error).message}` }] };
  }
  const problems: SourceProblem[] = [];
  const parsed: ParsedRuleFile[] = [];
  for (const file of paths) {
    const text = readFileSync(file, 'utf8');
    const v = validateYaml(file, text, ruleFileSchema);
    if (!v.ok) problems.push(...v.problems);
    else parsed.push({ file, content: v.value, locate: v.locate });
  }
  const compiled = compileRuleFiles(parsed);
  problems.push(...compiled.problems);
  if (problems.length) return { ok: false, problems };
  const ruleSet: RuleSet = { rules: compiled.rules, files: paths, loadedAt: new Date() };
  const unfit = check?.(ruleSet) ?? [];
  return unfit.length ? { ok: false, problems: unfit } : { ok: true, ruleSet };
}
