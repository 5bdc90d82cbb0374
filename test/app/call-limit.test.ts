// Which duration limit an authorised call gets (README → Call duration limits).
import { describe, expect, it } from 'vitest';
import { callLimitSeconds } from '../../src/app/firebrick/call-limit.js';

describe('the limit of a call (rule, subscriber, default)', () => {
  it.each([
    [{}, undefined],
    [{ default: 0 }, undefined],
    [{ default: 7200 }, 7200],
    [{ rule: 3600, subscriber: 600, default: 7200 }, 600],
    [{ rule: 300, subscriber: 600, default: 0 }, 300],
    [{ subscriber: 0, default: 900 }, 900],
  ] as const)('%j → %s (the smallest that applies)', (sources, expected) => {
    expect(callLimitSeconds(sources)).toBe(expected);
  });
});
