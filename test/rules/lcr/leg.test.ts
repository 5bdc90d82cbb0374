// The rule leg `lcr:` in the engine: its table read in the evaluation's batch, the number it looks
// up, `max`, the rule leg's delay before its carriers, and a missing table noted, not fatal.
import { describe, expect, it } from 'vitest';
import { storeFacts } from '../../../src/app/facts.js';
import { evaluate, loadRules, type CallContext } from '../../../src/rules/index.js';
import { memoryStore } from '../../../src/store/index.js';
import { compileFromText, ruleDir } from '../compile-helper.js';

const ctx = (called: string): CallContext => ({
  method: 'INVITE',
  called,
  calling: '201',
  source: { kind: 'unknown' },
  firebrick: { client: 'fb1' },
  at: new Date('2026-11-23T10:00:00Z'),
});

async function run(route: string, called: string) {
  const store = memoryStore();
  await store.lcr.replace('uk', [
    { prefix: '44', carrier: 'a', priority: 1, rate: 1 },
    { prefix: '44', carrier: 'b', priority: 2, rate: 1 },
    { prefix: '44', carrier: 'c', priority: 3, rate: 1 },
  ]);
  const set = compileFromText(`rules:\n  - name: r\n    route:\n${route}`);
  return evaluate(set, ctx(called), storeFacts(store), { noMatch: 'reject' });
}

const targets = (e: Awaited<ReturnType<typeof run>>) =>
  e.decision.kind === 'route' ? e.decision.plan.legs.map((l) => `${l.delaySeconds ?? 0}+${l.target.kind === 'carrier' ? `${l.target.number ?? ''}@${l.target.carrier}` : l.target.kind}`) : [e.decision.message];

describe('the lcr rule leg', () => {
  it('expands to the carriers, the rule leg\'s delay before each, never past 999 s', async () => {
    expect(targets(await run('      - lcr: uk\n', '4412'))).toEqual(['0+@a', '998+@b', '999+@c']);
    expect(targets(await run('      - tel: "201"\n      - { lcr: uk, delay: 15 }\n', '4412'))).toEqual(['0+tel', '15+@a', '999+@b', '999+@c']);
  });

  it('looks up the number it names, and places at most max carriers', async () => {
    const e = await run('      - lcr: { table: uk, number: "44${called}", max: 2 }\n', '12');
    expect(targets(e)).toEqual(['0+4412@a', '999+4412@b']);
    expect(e.trace.at(-1)?.notes[0]).toBe('lcr uk: prefix 44 → 4412@a (priority 1, rate 1), 4412@b (priority 2, rate 1); 4412@c (prefix 44) skipped: beyond the 2 legs one LCR leg places');
    expect(e.factsFetched).toBe(1);
  });

  it('a missing table or no matching prefix skips the leg with a note', async () => {
    const missing = await run('      - lcr: nosuch\n      - carrier: backup\n', '4412');
    expect(targets(missing)).toEqual(['0+@backup']);
    expect(missing.trace.at(-1)?.notes).toEqual(['no LCR table nosuch', 'leg 1 skipped: it expanded to no destination']);
    const none = await run('      - lcr: uk\n', '3312');
    expect(targets(none)).toEqual(['No route to destination']);
    expect(none.trace.at(-1)?.notes[0]).toBe('lcr uk: no prefix of 3312 has an entry');
  });

  it('refuses a bad table name, an unknown variable and fallback: true, with positions', () => {
    const problems = (leg: string): string[] => {
      const r = loadRules(ruleDir({ 'a.yaml': `rules:\n  - name: r\n    route:\n      - ${leg}\n` }));
      return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    };
    expect(problems('lcr: "uk carriers"')[0]).toMatch(/a table name/);
    expect(problems('lcr: { table: uk, number: "${nope}" }')).toEqual(['4:35 unknown variable ${nope}']);
    expect(problems('{ lcr: uk, fallback: true }')[0]).toMatch(/tries its carriers after the first as fallbacks already/);
    expect(problems('{ lcr: uk, carrier: x }')[0]).toMatch(/exactly one of tel, sip, carrier, group, lcr or features/);
  });
});
