// A rule's `fraud:` condition names a destination class; a class the guard does not know would read
// zero for ever, so the rule set is refused instead, at start, on reload and by `firebridge check`.
import type { SourceProblem } from '../../text/yaml-validation.js';
import type { RuleSet } from '../compiled.js';

export function fraudReadProblems(ruleSet: RuleSet, classes: readonly string[]): SourceProblem[] {
  const known = new Set(classes);
  const listed = classes.length ? `known: ${classes.join(', ')}` : 'set fraud.preset or fraud.classes in the configuration';
  return ruleSet.fraudReads
    .filter((r) => !known.has(r.cls))
    .map((r) => ({ ...r.place, message: `unknown destination class "${r.cls}" of the fraud guard (${listed})` }));
}

/** Whether rules read a class: its counters are then kept for the subject they read, thresholds or not. */
export function rulesReadClass(ruleSet: RuleSet, cls: string): boolean {
  return ruleSet.fraudReads.some((r) => r.cls === cls);
}
