// md5.ts takes the digest as a latin1 string: every octet, 0x80–0xff included, must come back as it was.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5, md5Into } from '../../src/radius/md5.js';

describe('md5', () => {
  it('is MD5, octet for octet, as a Buffer and written into one', () => {
    for (const length of [0, 1, 20, 64, 150, 4096]) {
      const data = randomBytes(length);
      const expected = createHash('md5').update(data).digest();
      expect(md5(data).equals(expected)).toBe(true);
      const into = Buffer.alloc(40, 0xee);
      md5Into(data, into, 20);
      expect(into.subarray(20, 36).equals(expected)).toBe(true);
      expect(into.subarray(0, 20).every((b) => b === 0xee) && into.subarray(36).every((b) => b === 0xee)).toBe(true);
    }
  });
});
