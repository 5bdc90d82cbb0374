// HMAC-MD5 (RFC 2104) for Message-Authenticator (RFC 2869 §5.14, RFC 3579 §3.2), built on the
// one-shot MD5 of md5.ts with the key's inner and outer pads prepared once per shared secret.
//
// Why not createHmac: Node has no one-shot HMAC, and constructing an Hmac object (key import,
// stream machinery) cost more than hashing the packet: two per Access-Request were ~6 % of the
// server's CPU in a saturated INVITE profile (bench/). The construction is RFC 2104 §2 exactly;
// test/radius/hmac-md5.test.ts checks it against createHmac for keys shorter and longer than a block.
import { md5, md5Into } from './md5.js';

const BLOCK = 64;
const DIGEST = 16;

interface Pads {
  /** K ⊕ ipad, with room after it for the message. */
  readonly inner: Buffer;
  /** K ⊕ opad followed by 16 octets for the inner digest. */
  readonly outer: Buffer;
}

/** Secrets are long-lived Buffers (one per client): their pads are computed once. */
const padsBySecret = new WeakMap<Buffer, Pads>();

function padsFor(secret: Buffer): Pads {
  let pads = padsBySecret.get(secret);
  if (!pads) {
    // RFC 2104 §2: a key longer than the block is first hashed; a shorter one is padded with zeros.
    const key = secret.length > BLOCK ? md5(secret) : secret;
    const inner = Buffer.alloc(BLOCK, 0x36);
    const outer = Buffer.alloc(BLOCK + DIGEST, 0x5c);
    for (let i = 0; i < key.length; i++) {
      inner[i]! ^= key[i]!;
      outer[i]! ^= key[i]!;
    }
    pads = { inner, outer };
    padsBySecret.set(secret, pads);
  }
  return pads;
}

/**
 * HMAC-MD5(secret, message), where the message is `length` octets written by `fill` into the buffer
 * it is handed (so callers can copy and patch a packet in one pass, without a second copy).
 */
export function hmacMd5(secret: Buffer, length: number, fill: (into: Buffer) => void): Buffer {
  const pads = padsFor(secret);
  const inner = Buffer.allocUnsafe(BLOCK + length);
  pads.inner.copy(inner, 0);
  fill(inner.subarray(BLOCK));
  const outer = Buffer.from(pads.outer);
  md5Into(inner, outer, BLOCK);
  return md5(outer);
}
