// Ring groups as legs: each strategy's order and `N+` delays (spec §4.2), round-robin wrap-around,
// the ring time, the fallback leg, and destinations refused with their reason.
import { describe, expect, it } from 'vitest';
import { formatLeg } from '../../../src/firebrick/route-plan.js';
import { FALLBACK_DELAY_SECONDS } from '../../../src/rules/compile.js';
import { expandGroup, readDestination, ringOrder, type RingGroup } from '../../../src/rules/groups/index.js';

const tel = (number: string) => ({ kind: 'tel', number }) as const;
const sales: RingGroup = {
  name: 'sales',
  number: '300',
  members: [tel('201'), tel('202'), tel('203')],
  strategy: 'cascade',
  delaySeconds: 10,
  fallback: { kind: 'sip', uri: 'sip:vm@example.com' },
};
const wire = (g: RingGroup, position = 0): string[] => expandGroup(g, position).legs.map((l) => formatLeg(l));

describe('expandGroup', () => {
  it('all: every member at once, then the fallback when every member leg has failed', () => {
    expect(wire({ ...sales, strategy: 'all' })).toEqual(['tel:201', 'tel:202', 'tel:203', `${FALLBACK_DELAY_SECONDS}+sip:vm@example.com`]);
    expect(expandGroup({ ...sales, strategy: 'all' }, 0).note).toBe('group sales (all): 201, 202, 203; fallback sip:vm@example.com at 999+');
  });

  it('cascade: each member its delay after the one before', () => {
    expect(wire(sales)).toEqual(['tel:201', '10+tel:202', '20+tel:203', '999+sip:vm@example.com']);
    expect(expandGroup(sales, 5).note).toBe('group sales (cascade, 10 s): 201, 202 at 10+, 203 at 20+; fallback sip:vm@example.com at 999+');
  });

  it('round-robin: each call starts one member on, wrapping, then cascades', () => {
    const rr: RingGroup = { ...sales, strategy: 'round-robin', delaySeconds: 15 };
    expect(wire(rr, 0)).toEqual(['tel:201', '15+tel:202', '30+tel:203', '999+sip:vm@example.com']);
    expect(wire(rr, 1)).toEqual(['tel:202', '15+tel:203', '30+tel:201', '999+sip:vm@example.com']);
    expect(wire(rr, 2)).toEqual(['tel:203', '15+tel:201', '30+tel:202', '999+sip:vm@example.com']);
    expect(wire(rr, 3)).toEqual(wire(rr, 0));
    expect(wire(rr, 3_000_000_002)).toEqual(wire(rr, 2));
    expect(expandGroup(rr, 4).note).toBe(
      'group sales (round-robin, 15 s, call 5 starts at member 2 of 3): 202, 203 at 15+, 201 at 30+; fallback sip:vm@example.com at 999+',
    );
  });

  it('a ring time starts the fallback then, and leaves out the members whose turn would come later', () => {
    expect(wire({ ...sales, ringSeconds: 15 })).toEqual(['tel:201', '10+tel:202', '15+sip:vm@example.com']);
    expect(expandGroup({ ...sales, ringSeconds: 15 }, 0).note).toBe(
      'group sales (cascade, 10 s): 201, 202 at 10+; 203 left out (ring time 15 s); fallback sip:vm@example.com at 15+',
    );
    expect(wire({ ...sales, strategy: 'all', ringSeconds: 25 })).toEqual(['tel:201', 'tel:202', 'tel:203', '25+sip:vm@example.com']);
  });

  it('without a fallback ends with the last member; carriers and SIP URIs are members too', () => {
    const { fallback: _none, ...plain } = sales;
    const mixed: RingGroup = { ...plain, members: [tel('201'), { kind: 'carrier', carrier: 'mobiles', number: '07700900123' }, { kind: 'carrier', carrier: 'backup' }, { kind: 'sip', uri: 'sip:desk@pbx.example' }] };
    expect(wire(mixed)).toEqual(['tel:201', '10+07700900123@mobiles', '20+@backup', '30+sip:desk@pbx.example']);
    expect(expandGroup(mixed, 0).note).toBe('group sales (cascade, 10 s): 201, 07700900123@mobiles at 10+, @backup at 20+, sip:desk@pbx.example at 30+');
  });

  it('ringOrder leaves all and cascade as they are', () => {
    expect(ringOrder([1, 2, 3], 'cascade', 1)).toEqual([1, 2, 3]);
    expect(ringOrder([1, 2, 3], 'round-robin', 1)).toEqual([2, 3, 1]);
  });
});

describe('readDestination', () => {
  it.each([
    ['201', tel('201')],
    ['+441632960123', tel('+441632960123')],
    ['tel:201', tel('201')],
    ['sip:vm@example.com', { kind: 'sip', uri: 'sip:vm@example.com' }],
    ['@carrierA', { kind: 'carrier', carrier: 'carrierA' }],
    ['0123@carrierA', { kind: 'carrier', carrier: 'carrierA', number: '0123' }],
  ])('%s is a destination', (text, target) => {
    expect(readDestination(text)).toEqual({ ok: true, value: target });
  });

  it.each([
    ['', 'is empty'],
    ['bob', 'is not a destination: give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier'],
    ['10+201', "has a delay prefix (N+): the group's strategy sets the delays"],
    ['tel:abc', 'is not a number after "tel:" (digits, *, #, a leading +)'],
    ['sip:', 'is not a SIP URI (sip:user@host, no spaces or commas)'],
    ['sip:a b@x', 'is not a SIP URI (sip:user@host, no spaces or commas)'],
    ['0123@', 'names no carrier after "@" (letters, digits, _ . -): give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier'],
    ['12x@carrierA', 'dials no number before "@carrier" (digits, *, #, a leading +)'],
  ])('%j is refused: %s', (text, why) => {
    expect(readDestination(text)).toEqual({ ok: false, why });
  });
});
