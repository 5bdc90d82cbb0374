// Counts in messages and log lines agree with their noun.
import { describe, expect, it } from 'vitest';
import { plural } from '../../src/text/plural.js';

describe('plural', () => {
  it.each([
    [0, 'rule', undefined, '0 rules'],
    [1, 'rule', undefined, '1 rule'],
    [2, 'rule', undefined, '2 rules'],
    [1, 'failed attempt', undefined, '1 failed attempt'],
    [3, 'reconnect attempt', undefined, '3 reconnect attempts'],
    [2, 'entry', 'entries', '2 entries'],
    [1, 'entry', 'entries', '1 entry'],
  ])('%d %s', (n, singular, form, expected) => {
    expect(plural(n, singular, form)).toBe(expected);
  });
});
