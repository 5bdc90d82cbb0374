// The accounting shard of a leg must never change between versions or instances: a Stop looks for its
// Start in the shard its Acct-Session-Id names (README → Accounting shards).
import { describe, expect, it } from 'vitest';
import { allShards, Keys, legShard } from '../../src/store/index.js';

/** The reference: FNV-1a 32-bit over octets, step by step. */
function fnv1a(octets: readonly number[]): number {
  let h = 2166136261;
  for (const o of octets) h = Number((BigInt(h ^ o) * 16777619n) & 0xffffffffn);
  return h;
}

describe('legShard', () => {
  // FNV-1a 32-bit reference values ("a" → 0xe40c292c, "foobar" → 0xbf9cf968), modulo the count.
  it.each([
    ['', 16, 2166136261 % 16],
    ['a', 16, 0xe40c292c % 16],
    ['foobar', 16, 0xbf9cf968 % 16],
    ['foobar', 7, 0xbf9cf968 % 7],
    ['3f2a@fb2500', 16, 14],
    ['leg-1', 1, 0],
    // Over the UTF-8 octets: "é" is 0xc3 0xa9, "€" 0xe2 0x82 0xac.
    ['é', 1 << 30, fnv1a([0xc3, 0xa9]) % (1 << 30)],
    ['x€y', 1 << 30, fnv1a([0x78, 0xe2, 0x82, 0xac, 0x79]) % (1 << 30)],
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
