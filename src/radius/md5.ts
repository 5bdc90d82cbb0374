// MD5 of a buffer, as a Buffer, for the authenticators and the HMAC (RFC 2865 §3, RFC 2104).
//
// Node's one-shot hash makes its 'buffer' answer as a new ArrayBuffer from C++, which costs more than
// hashing a packet: 1.2 µs against 0.5 µs for the same digest as a 'binary' (latin1) string turned
// into a Buffer from the pool (bench/steps.md, step 8). latin1 maps each octet to one character and
// back, so the octets are the same.
import { hash } from 'node:crypto';

export function md5(data: Buffer): Buffer {
  return Buffer.from(hash('md5', data, 'binary'), 'latin1');
}

/** MD5 of `data` written into `into` at `offset` (16 octets), with no Buffer made for it. */
export function md5Into(data: Buffer, into: Buffer, offset: number): void {
  into.write(hash('md5', data, 'binary'), offset, 'latin1');
}
