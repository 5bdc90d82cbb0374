// Constant-time comparison of hex digests.
//
// A comparison that stops at the first differing character tells an attacker, through its timing,
// how many leading characters of a guessed response were right; spec §8.5 step 6 asks for a
// constant-time comparison. crypto.timingSafeEqual gives that, but throws on buffers of different
// lengths — so length is checked first (a digest's length is public anyway: the algorithm fixes it).
import { timingSafeEqual } from 'node:crypto';

/**
 * True when `received` is the same hex digest as `expected` (hex case ignored: RFC 2617 asks for
 * lower case, but a client that sends upper case still proved the same thing). Never throws.
 */
export function hexDigestEquals(expected: string, received: string): boolean {
  // Encoded byte lengths, not string lengths: a non-ASCII character takes several UTF-8 bytes, and
  // unequal buffers would make timingSafeEqual throw.
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
