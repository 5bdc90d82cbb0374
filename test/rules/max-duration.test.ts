// `maxDuration` on rules and legs (README → Call duration limits): what limit the engine gives a call,
// and which files are refused.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/text/yaml-validation.js';
import { evaluate, loadRules, NO_ROUTING_FACTS, routeLimitSeconds, type CallContext } from '../../src/rules/index.js';
import { NO_COUNTS } from '../../src/rules/fraud/index.js';
import { compileFromText, ruleDir } from './compile-helper.js';

const ctx: CallContext = {
  method: 'INVITE',
  called: '01632960123',
  calling: '201',
  source: { kind: 'subscriber', subscriber: { username: 'bob', realm: 'example.com', number: '201' } },
  firebrick: { client: 'fb1', nasIdentifier: 'fb1.example' },
  at: new Date('2026-11-23T10:00:00Z'),
};

const noFacts = NO_ROUTING_FACTS;

async function limitOf(route: string, rule = ''): Promise<number | undefined> {
  const yaml = `rules:\n  - name: out\n${rule}    route:\n${route}`;
  const e = await evaluate(compileFromText(yaml), ctx, noFacts, { noMatch: 'reject' });
  if (e.decision.kind !== 'route') throw new Error(e.decision.message);
  return e.decision.maxDurationSeconds;
}

describe('the limit a rule gives a call', () => {
  it('is the rule\'s maxDuration for every leg that sets none', async () => {
    expect(await limitOf('      - carrier: primary\n', '    maxDuration: 3600\n')).toBe(3600);
  });

  it('is a leg\'s own maxDuration over the rule\'s', async () => {
    expect(await limitOf('      - carrier: primary\n        maxDuration: 600\n', '    maxDuration: 3600\n')).toBe(600);
  });

  it('is the loosest among the legs placed, since the accounting does not say which answered', async () => {
    const route = '      - carrier: primary\n        maxDuration: 600\n      - carrier: backup\n        delay: 10\n        maxDuration: 900\n';
    expect(await limitOf(route)).toBe(900);
    // A leg with no limit (and none on the rule) leaves the call unlimited by the rule.
    expect(await limitOf('      - carrier: primary\n        maxDuration: 600\n      - carrier: backup\n')).toBeUndefined();
  });

  it('counts only the legs placed: a leg skipped by its condition sets nothing', async () => {
    const route = '      - carrier: primary\n        maxDuration: 600\n      - tel: "201"\n        when: { registered: "201" }\n';
    expect(await limitOf(route)).toBe(600);
  });

  it('is the rule\'s on an empty route (the FireBrick routes), and none without maxDuration', async () => {
    const e = await evaluate(compileFromText('rules:\n  - name: fb\n    maxDuration: 120\n    route: []\n'), ctx, noFacts, { noMatch: 'reject' });
    expect(e.decision).toMatchObject({ kind: 'route', maxDurationSeconds: 120 });
    expect(await limitOf('      - carrier: primary\n')).toBeUndefined();
  });

  it.each([
    [[], undefined, undefined],
    [[], 60, 60],
    [[30, 90], 60, 90],
    [[30, undefined], 60, undefined],
  ] as const)('routeLimitSeconds(%j, %s) = %s', (legs, rule, expected) => {
    expect(routeLimitSeconds(legs, rule)).toBe(expected);
  });
});

describe('maxDuration in rule files', () => {
  it.each([
    ['zero', '    maxDuration: 0\n    route: []\n', 'a.yaml:3:18: rules[0].maxDuration'],
    ['not whole', '    route:\n      - carrier: primary\n        maxDuration: 1.5\n', 'a.yaml:5:22: rules[0].route[0].maxDuration'],
    ['text', '    maxDuration: "1h"\n    route: []\n', 'a.yaml:3:18: rules[0].maxDuration'],
    ['without route', '    maxDuration: 60\n    reject: "No"\n', 'a.yaml:3:18: rules[0].maxDuration: "maxDuration" goes with "route"'],
  ])('refuses %s with its place', (_n, body, expected) => {
    const r = loadRules(ruleDir({ 'a.yaml': `rules:\n  - name: a\n${body}` }));
    const found = r.ok ? [] : r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/^.*\//, '') }));
    expect(found.some((p) => p.startsWith(expected)), found.join('\n')).toBe(true);
  });
});
