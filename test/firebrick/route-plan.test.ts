// Spec §4.2: the route-list syntax of one destination, written (formatLeg) and read back (parseLeg).
import { describe, expect, it } from 'vitest';
import { formatLeg, parseLeg, type RouteLeg } from '../../src/firebrick/route-plan.js';

/** Each form of the spec's table, with and without a delay prefix: the text and the leg it is. */
const GOLDEN: ReadonlyArray<readonly [string, RouteLeg]> = [
  ['tel:201', { target: { kind: 'tel', number: '201' } }],
  ['sip:alice@example.com', { target: { kind: 'sip', uri: 'sip:alice@example.com' } }],
  ['sips:alice@example.com;transport=tls', { target: { kind: 'sip', uri: 'sips:alice@example.com;transport=tls' } }],
  ['@carrierA', { target: { kind: 'carrier', carrier: 'carrierA' } }],
  ['0123@carrierA', { target: { kind: 'carrier', carrier: 'carrierA', number: '0123' } }],
  ['10+tel:441632960123', { target: { kind: 'tel', number: '441632960123' }, delaySeconds: 10 }],
  ['20+@backupcarrier', { target: { kind: 'carrier', carrier: 'backupcarrier' }, delaySeconds: 20 }],
  ['999+sip:voicemail@example.com', { target: { kind: 'sip', uri: 'sip:voicemail@example.com' }, delaySeconds: 999 }],
];

describe('route-list syntax (spec §4.2)', () => {
  it.each(GOLDEN)('%s: written from its leg, and read back as it', (text, leg) => {
    expect(formatLeg(leg)).toBe(text);
    const read = parseLeg(text);
    expect(read.target).toEqual(leg.target);
    expect(read.delaySeconds).toBe(leg.delaySeconds);
    expect(formatLeg({ target: read.target!, ...(read.delaySeconds ? { delaySeconds: read.delaySeconds } : {}) })).toBe(text);
  });

  it('a zero delay is not written, and read as written', () => {
    expect(formatLeg({ target: { kind: 'tel', number: '201' }, delaySeconds: 0 })).toBe('tel:201');
    expect(parseLeg('0+tel:201')).toEqual({ delaySeconds: 0, target: { kind: 'tel', number: '201' }, text: 'tel:201' });
  });

  it('what is none of the four forms has no target, and keeps its text and delay', () => {
    expect(parseLeg('201')).toEqual({ delaySeconds: undefined, target: undefined, text: '201' });
    expect(parseLeg('5+201')).toEqual({ delaySeconds: 5, target: undefined, text: '201' });
    expect(parseLeg('+tel:201')).toEqual({ delaySeconds: undefined, target: undefined, text: '+tel:201' });
  });
});
