// The accounting shard of a leg must never change between versions or instances: a Stop looks for its
// Start in the shard its Acct-Session-Id names (README → Accounting shards).
import { describe, expect, it } from 'vitest';
import { allShards, Keys, legShard } from '../../src/store/index.js';

describe('legShard', () => {
  // FNV-1a 32-bit reference values ("a" → 0xe40c292c, "foobar" → 0xbf9cf968), modulo the count.
  it.each([
    ['', 16, 2166136261 % 16],
    ['a', 16, 0xe40c292c % 16],
    ['foobar', 16, 0xbf9cf968 % 16],
    ['foobar', 7, 0xbf9cf968 % 7],
    ['3f2a@fb2500', 16, 14],
    ['leg-1', 1, 0],
  ])('%j over %i shards is %i', (sessionId, shards, shard) => {
    expect(legShard(sessionId, shards)).toBe(shard);
  });

  it('spreads session ids over every shard', () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => legShard(`leg-${i}`, 16)));
    expect([...seen].sort((a, b) => a - b)).toEqual(allShards(16));
  });

  it('names each shard by its own hash tag', () => {
    const keys = new Keys('fb:');
    expect(keys.leg(3, 'x')).toBe('fb:{acct:3}:leg:x');
    expect(keys.callRecords(15)).toBe('fb:{acct:15}:cdr');
    expect(keys.activeByIdentity(0, 'cui:c')).toBe('fb:{acct:0}:active-id:cui:c');
  });
});
