// What the counters say against the thresholds: a level is reached when what was already used is at
// or over it, block wins over warn, and a standing block refuses whatever the counters say.
import { describe, expect, it } from 'vitest';
import { assess, breachesOf, checksFor, fraudSubjects, NO_COUNTS, type FraudCheck, type FraudThresholds } from '../../../src/rules/fraud/index.js';

const thresholds: FraudThresholds = {
  international: {
    subscriber: { callsPerMinute: { warn: 3, block: 5 }, minutesPerHour: { block: 60 } },
    source: { concurrent: { warn: 10 } },
  },
};

describe('breachesOf', () => {
  it('lets the block level itself through and refuses once it is used', () => {
    const t = thresholds.international!.subscriber!;
    expect(breachesOf(t, { ...NO_COUNTS, calls: 2 })).toEqual([]);
    expect(breachesOf(t, { ...NO_COUNTS, calls: 3 })).toEqual([{ metric: 'callsPerMinute', level: 'warn', value: 3, limit: 3 }]);
    expect(breachesOf(t, { ...NO_COUNTS, calls: 5 })).toEqual([{ metric: 'callsPerMinute', level: 'block', value: 5, limit: 5 }]);
  });

  it('counts minutes from connected seconds', () => {
    const t = thresholds.international!.subscriber!;
    expect(breachesOf(t, { ...NO_COUNTS, secondsHour: 3599 })).toEqual([]);
    expect(breachesOf(t, { ...NO_COUNTS, secondsHour: 3600 })).toEqual([{ metric: 'minutesPerHour', level: 'block', value: 60, limit: 60 }]);
  });
});

describe('checksFor and assess', () => {
  const subjects = fraudSubjects({ kind: 'subscriber', subscriber: { realm: 'example.com', username: 'alice' } }, '192.0.2.7');

  it('names the subjects, and checks only those with thresholds in the class', () => {
    expect(subjects.map((s) => s.name)).toEqual(['subscriber:example.com:alice', 'source:192.0.2.7']);
    expect(checksFor(thresholds, 'international', subjects).map((c) => c.subject.kind)).toEqual(['subscriber', 'source']);
    expect(checksFor(thresholds, 'premium', subjects)).toEqual([]);
  });

  it('counts no carrier call against anyone', () => {
    expect(fraudSubjects({ kind: 'carrier', carrier: 'aa' }, '192.0.2.9')).toEqual([]);
  });

  it('refuses on a standing block, and on a block level reached now, and reports every warning', () => {
    const checks: FraudCheck[] = checksFor(thresholds, 'international', subjects);
    const calm = { counts: NO_COUNTS, blocked: false };
    expect(assess(checks, [calm, calm])).toEqual({ refusedBy: undefined, blocks: [], warnings: [] });
    const standing = assess(checks, [{ counts: NO_COUNTS, blocked: true }, calm]);
    expect(standing.refusedBy?.subject.kind).toBe('subscriber');
    expect(standing.blocks).toEqual([]);
    const now = assess(checks, [{ counts: { ...NO_COUNTS, calls: 5 }, blocked: false }, { counts: { ...NO_COUNTS, concurrent: 10 }, blocked: false }]);
    expect(now.refusedBy?.subject.kind).toBe('subscriber');
    expect(now.blocks.map((f) => f.breach.metric)).toEqual(['callsPerMinute']);
    expect(now.warnings.map((f) => [f.check.subject.kind, f.breach.metric])).toEqual([['source', 'concurrent']]);
  });
});
