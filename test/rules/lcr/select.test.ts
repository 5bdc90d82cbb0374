// LCR selection, pure: longest prefix with an entry usable now, priority then rate then table order,
// time windows, one leg per carrier, and the fallback delays that make the FireBrick hunt in order.
import { describe, expect, it } from 'vitest';
import { FALLBACK_DELAY_SECONDS } from '../../../src/rules/compile.js';
import { describeSelection, lcrLegs, parseLcrWindow, prefixesOf, selectLcr, type LcrEntry, type LcrPrefixEntries } from '../../../src/rules/lcr/index.js';

const monday10 = new Date('2026-11-23T10:00:00Z'); // Monday, 10:00 in London (GMT)
const saturday10 = new Date('2026-11-28T10:00:00Z');

const e = (prefix: string, carrier: string, priority: number, rate: number, more: Partial<LcrEntry> = {}): LcrEntry => ({ prefix, carrier, priority, rate, ...more });

function table(entries: LcrEntry[]): LcrPrefixEntries[] {
  const by = new Map<string, LcrEntry[]>();
  for (const x of entries) by.set(x.prefix, [...(by.get(x.prefix) ?? []), x]);
  return [...by].map(([prefix, list]) => ({ prefix, entries: list }));
}

const carriers = (entries: readonly LcrEntry[]): string[] => entries.map((x) => x.carrier);

describe('LCR selection', () => {
  it('the longest prefix of the number wins, whatever the shorter ones offer', () => {
    const s = selectLcr(table([e('44', 'cheap', 1, 0.1), e('4420', 'london', 5, 2), e('442', 'uk2', 1, 0.5)]), monday10);
    expect(s.prefix).toBe('4420');
    expect(carriers(s.chosen)).toEqual(['london']);
  });

  it('orders by priority, then rate, then table order', () => {
    const s = selectLcr(table([e('44', 'b', 2, 0.5), e('44', 'a', 1, 0.9), e('44', 'c', 1, 0.4), e('44', 'd', 2, 0.5), e('44', 'e', 1, 0.4)]), monday10);
    expect(carriers(s.chosen)).toEqual(['c', 'e', 'a', 'b', 'd']);
  });

  it('skips entries outside their window, and says why', () => {
    const entries = table([e('44', 'day', 1, 0.5, { window: 'mon-fri 08:00-18:00 Europe/London' }), e('44', 'always', 2, 1)]);
    expect(carriers(selectLcr(entries, monday10).chosen)).toEqual(['day', 'always']);
    const weekend = selectLcr(entries, saturday10);
    expect(carriers(weekend.chosen)).toEqual(['always']);
    expect(weekend.skipped.map((k) => [k.entry.carrier, k.why])).toEqual([['day', 'outside mon-fri 08:00-18:00 Europe/London']]);
  });

  it('a longer prefix whose every entry is outside its window gives way to a shorter one', () => {
    const s = selectLcr(table([e('4420', 'peak', 1, 0.2, { window: 'mon-fri' }), e('44', 'any', 1, 1)]), saturday10);
    expect(s.prefix).toBe('44');
    expect(carriers(s.chosen)).toEqual(['any']);
    expect(s.skipped.map((k) => k.entry.carrier)).toEqual(['peak']);
  });

  it('windows keep the time zone and wrap past midnight like match.time', () => {
    const night = table([e('1', 'night', 1, 0.1, { window: '22:00-06:00 America/New_York' }), e('1', 'day', 2, 0.3)]);
    // 04:00 UTC is 23:00 in New York (EST).
    expect(carriers(selectLcr(night, new Date('2026-11-24T04:00:00Z')).chosen)).toEqual(['night', 'day']);
    expect(carriers(selectLcr(night, new Date('2026-11-24T16:00:00Z')).chosen)).toEqual(['day']);
  });

  it('one leg per carrier: the better of two usable rows', () => {
    const s = selectLcr(table([e('44', 'a', 1, 0.5), e('44', 'a', 2, 0.2), e('44', 'b', 3, 0.1)]), monday10);
    expect(carriers(s.chosen)).toEqual(['a', 'b']);
    expect(s.skipped[0]?.why).toBe('same carrier already chosen');
  });

  it('no prefix, or nothing usable now, chooses nothing', () => {
    expect(selectLcr([], monday10)).toEqual({ prefix: undefined, chosen: [], skipped: [] });
    expect(selectLcr(table([e('44', 'x', 1, 1, { window: 'sat,sun' })]), monday10).chosen).toEqual([]);
  });

  it('stops at the limit', () => {
    const s = selectLcr(table([e('4', 'a', 1, 1), e('4', 'b', 2, 1), e('4', 'c', 3, 1)]), monday10, 2);
    expect(carriers(s.chosen)).toEqual(['a', 'b']);
    expect(s.skipped.map((k) => k.why)).toEqual(['beyond the 2 legs one LCR leg places']);
  });
});

describe('LCR legs', () => {
  it('the best at once, the others fallbacks one second apart ending at the fallback delay', () => {
    const legs = lcrLegs([e('44', 'a', 1, 1), e('44', 'b', 2, 1), e('44', 'c', 3, 1)], '442071234567', '442071234567');
    expect(legs).toEqual([
      { target: { kind: 'carrier', carrier: 'a' } },
      { target: { kind: 'carrier', carrier: 'b' }, delaySeconds: FALLBACK_DELAY_SECONDS - 1 },
      { target: { kind: 'carrier', carrier: 'c' }, delaySeconds: FALLBACK_DELAY_SECONDS },
    ]);
  });

  it('a rewritten number, or another number than dialled, goes with the carrier', () => {
    const legs = lcrLegs([e('44', 'a', 1, 1, { strip: 2, prepend: '0' }), e('44', 'b', 2, 1)], '442071234567', '00442071234567');
    expect(legs.map((l) => l.target)).toEqual([
      { kind: 'carrier', carrier: 'a', number: '02071234567' },
      { kind: 'carrier', carrier: 'b', number: '442071234567' },
    ]);
  });

  it('the note names the prefix, the entries chosen and the ones skipped', () => {
    const entries = table([e('4420', 'a', 1, 0.8), e('4420', 'b', 2, 1.1), e('4420', 'c', 1, 0.5, { window: 'sat-sun' })]);
    const s = selectLcr(entries, monday10);
    expect(describeSelection('uk', '442071234567', '442071234567', s)).toBe(
      'lcr uk: prefix 4420 → @a (priority 1, rate 0.8), @b (priority 2, rate 1.1); @c (prefix 4420) skipped: outside sat-sun',
    );
    expect(describeSelection('uk', '33123', '33123', selectLcr([], monday10))).toBe('lcr uk: no prefix of 33123 has an entry');
  });
});

describe('LCR window cells and prefixes', () => {
  it('accepts days, a span and a zone in any order', () => {
    for (const w of ['mon-fri', '08:00-18:00', 'Europe/London mon-fri 08:00-18:00', 'sat,sun UTC', 'fri-mon 22:00-06:00']) expect(parseLcrWindow(w).ok).toBe(true);
  });

  it('refuses what is not a window, saying why', () => {
    const error = (w: string) => {
      const r = parseLcrWindow(w);
      return r.ok ? 'ok' : r.error;
    };
    expect(error('weekdays')).toMatch(/no weekday list/);
    expect(error('mon-fry')).toMatch(/not a weekday/);
    expect(error('08:00-08:00')).toMatch(/starts and ends at the same time/);
    expect(error('mon Mars/Olympus')).toMatch(/unknown time zone/);
    expect(error('08:00-09:00 10:00-11:00')).toMatch(/two time spans/);
  });

  it('a number is asked about by every prefix, longest first', () => {
    expect(prefixesOf('4420')).toEqual(['4420', '442', '44', '4']);
    expect(prefixesOf('+44')).toEqual(['+44', '+4']);
  });
});
