// Feature codes, pure: which dialled numbers are codes, what they change and the confirmation shown.
import { describe, expect, it } from 'vitest';
import { applyFeatureCode, compileFeatureCodes, patternProblem } from '../../src/rules/feature-codes/index.js';
import { configSchema } from '../../src/config/schema.js';

const common = compileFeatureCodes({ preset: 'common', codes: [] });

describe('feature codes', () => {
  it.each([
    ['*21*201#', { action: 'forward', number: '201' }],
    ['#21#', { action: 'forward-off' }],
    ['*61*07700900123*25#', { action: 'forward-no-answer', number: '07700900123', seconds: 25 }],
    ['*61*201#', { action: 'forward-no-answer', number: '201' }],
    ['#61#', { action: 'forward-no-answer-off' }],
    ['*62*201#', { action: 'forward-unreachable', number: '201' }],
    ['#62#', { action: 'forward-unreachable-off' }],
    ['*78', { action: 'dnd-on' }],
    ['*79', { action: 'dnd-off' }],
  ])('the common preset reads %s', (dialled, want) => {
    expect(common.match(dialled)).toEqual({ code: dialled, ...want });
  });

  it('leaves numbers that are no code alone', () => {
    for (const n of ['201', '*21*#', '*21*201', '*780', '**78', '']) expect(common.match(n)).toBeUndefined();
    expect(compileFeatureCodes({ preset: 'none', codes: [] }).match('*78')).toBeUndefined();
  });

  it('tries the client’s own codes before the preset’s', () => {
    const own = compileFeatureCodes({ preset: 'common', codes: [{ pattern: '*78', action: 'dnd-off' }, { pattern: '72N', action: 'forward' }] });
    expect(own.match('*78')?.action).toBe('dnd-off');
    expect(own.match('72202')).toEqual({ code: '72202', action: 'forward', number: '202' });
  });

  it('refuses patterns it cannot read, with the reason, where the configuration says them', () => {
    expect(patternProblem({ pattern: '*21*X#', action: 'forward' })).toMatch(/digits/);
    expect(patternProblem({ pattern: '*21#', action: 'forward' })).toMatch(/needs N/);
    expect(patternProblem({ pattern: '*78*N', action: 'dnd-on' })).toMatch(/takes no N/);
    expect(patternProblem({ pattern: '*62*N*S#', action: 'forward-unreachable' })).toMatch(/S \(seconds\)/);
    const parsed = configSchema.safeParse({ clients: [{ name: 'fb', address: '127.0.0.1', secret: 's', firebrick: { featureCodes: { codes: [{ pattern: '*9', action: 'forward' }] } } }] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues[0]?.path)).toBe('["clients",0,"firebrick","featureCodes","codes",0,"pattern"]');
  });

  it('changes only what the code names, and confirms it in words', () => {
    const before = { dnd: true, forward: { kind: 'tel' as const, number: '203' } };
    expect(applyFeatureCode(before, { code: '#21#', action: 'forward-off' }, undefined)).toEqual({ features: { dnd: true }, message: 'Call forwarding off' });
    expect(applyFeatureCode(before, { code: '*79', action: 'dnd-off' }, undefined)).toEqual({ features: { forward: before.forward }, message: 'Do not disturb off' });
    expect(applyFeatureCode({}, { code: '*61*9*40#', action: 'forward-no-answer', number: '9', seconds: 40 }, { kind: 'tel', number: '9' })).toEqual({
      features: { forwardNoAnswer: { kind: 'tel', number: '9' }, noAnswerSeconds: 40 },
      message: 'No-answer forwarding on to 9 after 40 s',
    });
    expect(applyFeatureCode({}, { code: '*62*5#', action: 'forward-unreachable', number: '5' }, { kind: 'carrier', carrier: 'c', number: '5' }).message).toBe('Unreachable forwarding on to 5');
  });
});
