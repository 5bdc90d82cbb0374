// Invalid rule files are refused with exact positions; hot reload swaps or keeps the old set.
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/text/yaml-validation.js';
import { loadRules, RuleSetHolder, ruleJsonSchema } from '../../src/rules/index.js';
import { ruleDir } from './compile-helper.js';

function problems(files: Record<string, string>): string[] {
  const r = loadRules(ruleDir(files));
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/^.*\//, '') }));
}

describe('rule loading', () => {
  it('ships an example set that passes', () => {
    const r = loadRules(join(import.meta.dirname ?? '', '../../routing-rules'));
    expect(r.ok ? r.ruleSet.rules.length : r.problems.map(formatProblem).join('\n')).toBeGreaterThan(5);
  });

  it.each([
    ['unknown key', 'rules:\n  - name: a\n    route: []\n    colour: red\n', 'a.yaml:4:5: rules[0].colour: unknown key "colour"'],
    ['no action', 'rules:\n  - name: a\n    match: { called: "1" }\n', 'a.yaml:2:5: rules[0]: a rule needs exactly one of route, reject or redirect'],
    ['leg without target', 'rules:\n  - name: a\n    route:\n      - delay: 5\n', 'a.yaml:4:9: rules[0].route[0]: a leg needs exactly one of tel, sip, carrier, group, lcr or features'],
    ['bad regex', 'rules:\n  - name: a\n    match:\n      called: { regex: "(" }\n    route: []\n', 'a.yaml:4:15: rules[0].match.called: invalid regex'],
    ['unknown variable', 'rules:\n  - name: a\n    route:\n      - tel: "${nope}"\n', 'a.yaml:4:14: rules[0].route[0].tel: unknown variable ${nope}'],
    ['undeclared lookup', 'rules:\n  - name: a\n    route:\n      - tel: "${lookup.did}"\n', 'declare it under "let:"'],
    ['bad time zone', 'rules:\n  - name: a\n    match:\n      time: { zone: Mars/Olympus }\n    route: []\n', 'a.yaml:4:13: rules[0].match.time: unknown time zone "Mars/Olympus"'],
    ['yaml syntax', 'rules:\n  - name: a\n   route: []\n', 'a.yaml:3:'],
  ])('%s', (_n, text, expected) => {
    const found = problems({ 'a.yaml': text });
    expect(found.some((p) => p.includes(expected)), found.join('\n')).toBe(true);
  });

  it('schema problems do not hide compile problems: every rule that can be compiled is', () => {
    const found = problems({
      'a.yaml': [
        'rules:',
        '  - name: typo',
        '    route: []',
        '    colour: red', // schema: unknown key
        '  - name: pattern',
        '    match: { called: { regex: "(" } }', // compile: bad regex
        '    route: []',
        '  - name: both',
        '    match: { called: "_2[" }', // compile: unclosed "[" in the pattern
        '    route:',
        '      - tel: "${nope}"', // compile: unknown variable
        '        delay: soon', // schema: not a number
        '  - name: broken', // schema: no action, so nothing to compile
        '',
      ].join('\n'),
    });
    expect(found.map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
      'a.yaml:4:5: rules[0].colour',
      'a.yaml:6:22: rules[1].match.called',
      'a.yaml:9:22: rules[2].match.called',
      'a.yaml:11:14: rules[2].route[0].tel',
      'a.yaml:12:16: rules[2].route[0].delay',
      'a.yaml:13:5: rules[3]',
    ]);
  });

  it('a rule whose "let" is wrong is not compiled: its ${lookup.…} would all look undeclared', () => {
    const found = problems({ 'a.yaml': 'rules:\n  - name: a\n    let: did\n    route:\n      - tel: "${lookup.did}"\n' });
    expect(found).toEqual([expect.stringMatching(/^a\.yaml:3:10: rules\[0\]\.let: /)]);
  });

  it('a file whose top level is wrong still has its rules checked', () => {
    const found = problems({ 'a.yaml': 'rules:\n  - name: a\n    route:\n      - tel: "${nope}"\nextra: 1\n' });
    expect(found).toEqual(['a.yaml:4:14: rules[0].route[0].tel: unknown variable ${nope}', 'a.yaml:5:1: extra: unknown key "extra"']);
    expect(problems({ 'a.yaml': 'rulez: []\n' })).toEqual([expect.stringMatching(/^a\.yaml:1:1: rules: /), 'a.yaml:1:1: rulez: unknown key "rulez"']);
  });

  it('problems are sorted by file in load order, then line', () => {
    const found = problems({
      'b.yaml': 'rules:\n  - name: x\n    route:\n      - tel: "${nope}"\n  - { name: y }\n',
      'a.yaml': 'rules:\n  - name: a\n    match: { called: { regex: "(" } }\n    route: []\n  - { name: b, route: [], bogus: 1 }\n',
    });
    expect(found.map((p) => p.split(': ')[0])).toEqual(['a.yaml:3:22', 'a.yaml:5:27', 'b.yaml:4:14', 'b.yaml:5:5']);
  });

  it('reports duplicate rule names across files with both places', () => {
    const found = problems({ 'a.yaml': 'rules:\n  - { name: x, route: [] }\n', 'b.yaml': 'rules:\n  - { name: x, route: [] }\n' });
    expect(found[0]).toMatch(/b\.yaml:2:\d+: rules\[0\]\.name: duplicate rule name "x" \(first at .*a\.yaml:2\)/);
  });

  it('hot reload swaps a valid set and refuses an invalid one', () => {
    const dir = ruleDir({ 'a.yaml': 'rules:\n  - { name: one, route: [] }\n' });
    const reports: boolean[] = [];
    const opened = RuleSetHolder.open(dir, (r) => reports.push(r.ok));
    if (!opened.ok) throw new Error('should open');
    const holder = opened.holder;
    writeFileSync(join(dir, 'a.yaml'), 'rules:\n  - { name: one, route: [] }\n  - { name: two, route: [] }\n');
    expect(holder.reload().ok).toBe(true);
    expect(holder.current.rules.map((r) => r.name)).toEqual(['one', 'two']);
    writeFileSync(join(dir, 'a.yaml'), 'rules:\n  - { name: broken }\n');
    const refused = holder.reload();
    expect(refused.ok).toBe(false);
    expect(formatProblem(refused.problems[0]!)).toMatch(/a\.yaml:2:5/);
    expect(holder.current.rules.map((r) => r.name)).toEqual(['one', 'two']);
    expect(reports).toEqual([true, false]);
  });

  it('reloads on file change when watching', async () => {
    const dir = ruleDir({ 'a.yaml': 'rules:\n  - { name: one, route: [] }\n' });
    const opened = RuleSetHolder.open(dir);
    if (!opened.ok) throw new Error('should open');
    opened.holder.watch(50);
    writeFileSync(join(dir, 'b.yaml'), 'rules:\n  - { name: two, route: [] }\n');
    for (let i = 0; i < 40 && opened.holder.current.rules.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    opened.holder.unwatch();
    expect(opened.holder.current.rules.map((r) => r.name)).toEqual(['one', 'two']);
  });

  it('the committed JSON Schema is the one the code generates', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname ?? '', '../../routing-rules/firebridge-rules.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(ruleJsonSchema())));
  });
});
