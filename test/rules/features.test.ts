// Call features in the rules: the `features:` leg's expansion (spec §4.2 delays and fallback, §4.5
// redirect), do-not-disturb, the `callee.*` variables and the feature conditions, fetched only by
// rules that read them.
import { describe, expect, it } from 'vitest';
import { evaluate, NO_ROUTING_FACTS, type CallContext, type RoutingFacts } from '../../src/rules/index.js';
import { NO_COUNTS } from '../../src/rules/fraud/index.js';
import { expandFeatures } from '../../src/rules/features/expand.js';
import { parseFeatureTarget, parseFollowMeLeg, type CallFeatures } from '../../src/rules/features/call-features.js';
import type { Callee } from '../../src/rules/features/callee.js';
import { formatLeg } from '../../src/firebrick/route-plan.js';
import { compileFromText } from './compile-helper.js';

const ctx = (over: Partial<CallContext> = {}): CallContext => ({
  method: 'INVITE',
  called: '201',
  calling: '202',
  source: { kind: 'subscriber', subscriber: { username: 'bob', realm: 'example.com', number: '202' } },
  firebrick: { client: 'fb1' },
  at: new Date('2026-11-23T10:00:00Z'),
  ...over,
});

function facts(callees: Record<string, CallFeatures>, asked: string[] = []): RoutingFacts {
  return {
    ...NO_ROUTING_FACTS,
    isRegistered: async () => true,
    callee: async (number) => {
      asked.push(number);
      const features = callees[number];
      return features ? { number, username: `u${number}`, realm: 'example.com', features } : undefined;
    },
  };
}

const alice = (features: CallFeatures): Callee => ({ number: '201', username: 'alice', realm: 'example.com', features });
const target = (text: string) => {
  const p = parseFeatureTarget(text);
  if (!p.ok) throw new Error(p.error);
  return p.target;
};
const legsOf = (o: ReturnType<typeof expandFeatures>): string[] => (o.kind === 'legs' ? o.legs.map((l) => formatLeg(l)) : [o.kind]);

describe('feature destinations', () => {
  it('reads numbers, the spec §4.2 forms and voicemail, and refuses the rest with the reason', () => {
    expect(parseFeatureTarget('201')).toEqual({ ok: true, target: { kind: 'tel', number: '201' } });
    expect(parseFeatureTarget('tel:+441632960123')).toEqual({ ok: true, target: { kind: 'tel', number: '+441632960123' } });
    expect(parseFeatureTarget('sip:alice@example.net')).toEqual({ ok: true, target: { kind: 'sip', uri: 'sip:alice@example.net' } });
    expect(parseFeatureTarget('07700900123@carrierA')).toEqual({ ok: true, target: { kind: 'carrier', carrier: 'carrierA', number: '07700900123' } });
    expect(parseFeatureTarget('voicemail')).toEqual({ ok: true, target: { kind: 'voicemail' } });
    expect(parseFeatureTarget('bogus')).toMatchObject({ ok: false, error: expect.stringContaining('not a destination') });
    expect(parseFeatureTarget('10+tel:201')).toMatchObject({ ok: false, error: expect.stringContaining('delay') });
    expect(parseFeatureTarget('tel:abc')).toMatchObject({ ok: false });
    expect(parseFollowMeLeg('15+sip:x@y')).toEqual({ ok: true, leg: { target: { kind: 'sip', uri: 'sip:x@y' }, delaySeconds: 15 } });
    expect(parseFollowMeLeg('202')).toEqual({ ok: true, leg: { target: { kind: 'tel', number: '202' }, delaySeconds: 0 } });
    expect(parseFollowMeLeg('999+202')).toMatchObject({ ok: false, error: expect.stringContaining('fallback') });
  });
});

describe('expandFeatures', () => {
  const can = { canRedirect: true };
  it('rings the own number alone when nothing is set', () => {
    expect(legsOf(expandFeatures(alice({}), can, []))).toEqual(['tel:201']);
  });

  it('places sim-ring at once, follow-me at its delays, the no-answer forward delayed and the unreachable forward as the fallback', () => {
    const notes: string[] = [];
    const o = expandFeatures(
      alice({
        simRing: [target('203'), target('07700900123@carrierA')],
        followMe: [{ target: target('sip:alice@mobile.example'), delaySeconds: 10 }],
        forwardNoAnswer: target('voicemail'),
        noAnswerSeconds: 25,
        voicemail: 'sip:vm-201@voicemail.example.com',
        forwardUnreachable: target('204'),
      }),
      can,
      notes,
    );
    expect(legsOf(o)).toEqual(['tel:201', 'tel:203', '07700900123@carrierA', '10+sip:alice@mobile.example', '25+sip:vm-201@voicemail.example.com', '999+tel:204']);
    expect(notes.join()).toContain('5 feature legs added');
  });

  it('forwards unconditionally as the one leg, or as a redirect when asked, the target is sip: and the FireBrick can', () => {
    expect(legsOf(expandFeatures(alice({ forward: target('202'), simRing: [target('203')] }), can, []))).toEqual(['tel:202']);
    const redirect = alice({ forward: target('sip:alice@home.example'), forwardMode: 'redirect' });
    expect(expandFeatures(redirect, can, [])).toEqual({ kind: 'redirect', uri: 'sip:alice@home.example' });
    const notes: string[] = [];
    expect(legsOf(expandFeatures(redirect, { canRedirect: false }, notes))).toEqual(['sip:alice@home.example']);
    expect(notes[0]).toContain('routingModel v1.25');
    expect(legsOf(expandFeatures(alice({ forward: target('202'), forwardMode: 'redirect' }), can, []))).toEqual(['tel:202']);
  });

  it('rejects on do-not-disturb, or sends to voicemail only', () => {
    expect(expandFeatures(alice({ dnd: true, forward: target('202') }), can, [])).toEqual({ kind: 'reject', message: 'Do not disturb' });
    const vm = alice({ dnd: true, dndMode: 'voicemail', voicemail: 'sip:vm-201@vm.example' });
    expect(legsOf(expandFeatures(vm, can, []))).toEqual(['sip:vm-201@vm.example']);
    // Voicemail only without a voicemail: rejected, not unreachable.
    expect(expandFeatures(alice({ dnd: true, dndMode: 'voicemail' }), can, []).kind).toBe('reject');
  });

  it('leaves a voicemail destination out when no voicemail is set, and says so', () => {
    const notes: string[] = [];
    expect(legsOf(expandFeatures(alice({ forwardNoAnswer: target('voicemail') }), can, notes))).toEqual(['tel:201']);
    expect(notes[0]).toContain('no voicemail set');
  });
});

describe('rules with call features', () => {
  const rules = compileFromText(`
rules:
  - name: dnd
    match: { called: _2XX, dnd: true }
    reject: "\${callee.username} is busy"
  - name: features
    match: { called: _2XX, calleeFeatures: true }
    route:
      - features: \${called}
        cli: "\${calling}"
  - name: plain
    match: { called: _2XX }
    route:
      - tel: \${called}
`);

  it('fetches the callee once for the rules that need it and routes by its features', async () => {
    const asked: string[] = [];
    const e = await evaluate(rules, ctx(), facts({ '201': { simRing: [target('203')], forwardUnreachable: target('204') } }, asked), { noMatch: 'reject' });
    expect(e.rule?.name).toBe('features');
    expect(e.decision).toEqual({ kind: 'route', plan: { legs: [{ target: { kind: 'tel', number: '201' }, cli: '202' }, { target: { kind: 'tel', number: '203' }, cli: '202' }, { target: { kind: 'tel', number: '204' }, delaySeconds: 999, cli: '202' }] } });
    expect(asked).toEqual(['201']);
  });

  it('falls through to the plain rule for a number without features, and for no subscriber at all', async () => {
    for (const callees of [{}, { '201': {} }] as Array<Record<string, CallFeatures>>) {
      const e = await evaluate(rules, ctx(), facts(callees), { noMatch: 'reject' });
      expect(e.rule?.name).toBe('plain');
      expect(e.trace.find((t) => t.rule === 'features')?.notes[0]).toMatch(/calleeFeatures: 201/);
    }
  });

  it('reads callee variables in a reject on do-not-disturb', async () => {
    const e = await evaluate(rules, ctx(), facts({ '201': { dnd: true } }), { noMatch: 'reject' });
    expect(e.decision).toEqual({ kind: 'reject', message: 'u201 is busy' });
  });

  it('lets the features leg answer: reject on do-not-disturb, redirect on a redirecting forward, legs on v1.25', async () => {
    const only = compileFromText(`rules:\n  - name: f\n    route:\n      - features: \${called}\n`);
    let e = await evaluate(only, ctx(), facts({ '201': { dnd: true } }), { noMatch: 'reject' });
    expect(e.decision).toEqual({ kind: 'reject', message: 'Do not disturb' });
    const fwd = { '201': { forward: target('sip:alice@home.example'), forwardMode: 'redirect' as const } };
    e = await evaluate(only, ctx(), facts(fwd), { noMatch: 'reject' });
    expect(e.decision).toEqual({ kind: 'route', plan: { legs: [], redirect: 'sip:alice@home.example' } });
    e = await evaluate(only, ctx({ firebrick: { client: 'fb1', routingModel: 'v1.25' } }), facts(fwd), { noMatch: 'reject' });
    expect(e.decision).toEqual({ kind: 'route', plan: { legs: [{ target: { kind: 'sip', uri: 'sip:alice@home.example' } }] } });
  });

  it('renders callee variables, and a leg whose variable is unset is left out', async () => {
    const r = compileFromText(`
rules:
  - name: vm
    route:
      - tel: \${callee.number}
      - sip: \${callee.voicemail}
        delay: \${callee.noAnswerSeconds}
`.replace('delay: ${callee.noAnswerSeconds}', 'delay: 20'));
    let e = await evaluate(r, ctx(), facts({ '201': { voicemail: 'sip:vm@vm.example' } }), { noMatch: 'reject' });
    expect(e.decision).toMatchObject({ plan: { legs: [{ target: { kind: 'tel', number: '201' } }, { target: { kind: 'sip', uri: 'sip:vm@vm.example' }, delaySeconds: 20 }] } });
    e = await evaluate(r, ctx(), facts({ '201': {} }), { noMatch: 'reject' });
    expect(e.decision).toMatchObject({ plan: { legs: [{ target: { kind: 'tel', number: '201' } }] } });
  });

  it('adds the rule leg\'s delay to each destination but the fallback, which stays the fallback', async () => {
    const r = compileFromText(`rules:\n  - name: f\n    route:\n      - features: \${called}\n        delay: 5\n`);
    const e = await evaluate(r, ctx(), facts({ '201': { followMe: [{ target: target('202'), delaySeconds: 10 }], forwardUnreachable: target('204') } }), { noMatch: 'reject' });
    expect(e.decision).toMatchObject({ plan: { legs: [{ delaySeconds: 5 }, { delaySeconds: 15 }, { delaySeconds: 999 }] } });
  });

  it('asks for no callee when no rule reads one', async () => {
    const asked: string[] = [];
    await evaluate(compileFromText(`rules:\n  - name: p\n    route:\n      - tel: \${called}\n`), ctx(), facts({}, asked), { noMatch: 'reject' });
    expect(asked).toEqual([]);
  });
});
