// A `fraud:` condition naming a class the guard does not know is refused at the condition's place,
// and a known class makes the guard count the subject such a condition reads, thresholds or not.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/text/yaml-validation.js';
import { checksFor, fraudReadProblems, type FraudSubject } from '../../../src/rules/fraud/index.js';
import { loadRules } from '../../../src/rules/index.js';
import { ruleDir } from '../compile-helper.js';

const rule = (cls: string): string =>
  `rules:\n  - name: quiet\n    match:\n      fraud: { class: ${cls}, metric: callsPerMinute, below: 2 }\n    route: []\n`;

function problemsFor(text: string, classes: readonly string[]): string[] {
  const r = loadRules(ruleDir({ '50-x.yaml': text }), (set) => fraudReadProblems(set, classes));
  return r.ok ? [] : r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/^.*\//, '') }));
}

describe('fraud classes read by rules', () => {
  it('refuses an unknown class at its place, listing the known ones', () => {
    expect(problemsFor(rule('internatonal'), ['international', 'premium'])).toEqual([
      '50-x.yaml:4:23: rules[0].match.fraud.class: unknown destination class "internatonal" of the fraud guard (known: international, premium)',
    ]);
    expect(problemsFor(rule('premium'), [])[0]).toMatch(/set fraud.preset or fraud.classes/);
    expect(problemsFor(rule('premium'), ['premium'])).toEqual([]);
  });

  it('counts the subject a condition reads even where no threshold is set', () => {
    const alice: FraudSubject = { kind: 'subscriber', name: 'subscriber:r:alice' };
    const source: FraudSubject = { kind: 'source', name: 'source:192.0.2.1' };
    const thresholds = { international: { source: { callsPerMinute: { block: 5 } } } };
    expect(checksFor(thresholds, 'international', [alice, source]).map((c) => c.subject.name)).toEqual(['source:192.0.2.1']);
    expect(checksFor(thresholds, 'international', [alice, source], true).map((c) => [c.subject.name, c.thresholds])).toEqual([
      ['source:192.0.2.1', { callsPerMinute: { block: 5 } }],
      ['subscriber:r:alice', {}],
    ]);
    expect(checksFor({}, 'premium', [source], true).map((c) => c.subject.name)).toEqual(['source:192.0.2.1']);
    expect(checksFor({}, 'premium', [], true)).toEqual([]);
  });
});
