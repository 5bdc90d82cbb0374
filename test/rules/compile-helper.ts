import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../src/text/yaml-validation.js';
import { loadRules, type RuleSet } from '../../src/rules/index.js';

/** Writes the files to a fresh directory. */
export function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function compileFromText(yaml: string): RuleSet {
  const result = loadRules(ruleDir({ 'rules.yaml': yaml }));
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.ruleSet;
}
