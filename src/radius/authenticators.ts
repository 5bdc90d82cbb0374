// Authenticator arithmetic (RFC 2865 §3, RFC 2866 §3, RFC 2869 §5.14, RFC 3579 §3.2).
// Every comparison is constant-time over the raw octets: the `radius` library compares digests as
// lossy UTF-8 strings, which lets forged packets through (spec libraries.md §1).
import { timingSafeEqual } from 'node:crypto';
import { md5 } from './md5.js';
import { Attr } from './attribute-types.js';
import { hmacMd5 } from './hmac-md5.js';
import { AUTHENTICATOR_LENGTH, AUTHENTICATOR_OFFSET, HEADER_LENGTH, valueLength, type RadiusPacket } from './packet.js';

const ZERO_AUTHENTICATOR = Buffer.alloc(AUTHENTICATOR_LENGTH);

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Offsets (into packet.raw) of every Message-Authenticator value. */
function messageAuthenticatorOffsets(packet: RadiusPacket): number[] {
  const offsets: number[] = [];
  let offset = HEADER_LENGTH;
  for (const a of packet.attributes) {
    if (a.type === Attr.MessageAuthenticator) offsets.push(offset + 2);
    offset += 2 + valueLength(a);
  }
  return offsets;
}

/**
 * HMAC-MD5 over the packet with the Message-Authenticator value zeroed (RFC 2869 §5.14).
 * `authenticator` replaces the header authenticator: for replies it is the Request Authenticator
 * of the matching request; for Accounting-Request it is 16 zero octets (RFC 5080 §2.2.2 / RFC 3579).
 */
export function computeMessageAuthenticator(raw: Buffer, maOffset: number, secret: Buffer, authenticator?: Buffer): Buffer {
  // The packet is copied once, straight behind the HMAC's inner pad, and patched there.
  return hmacMd5(secret, raw.length, (copy) => {
    raw.copy(copy);
    if (authenticator) authenticator.copy(copy, AUTHENTICATOR_OFFSET);
    copy.fill(0, maOffset, maOffset + AUTHENTICATOR_LENGTH);
  });
}

export type MessageAuthenticatorCheck = 'absent' | 'valid' | 'invalid';

/** Checks a packet's Message-Authenticator against the given authenticator. More than one is invalid. */
function checkMessageAuthenticator(packet: RadiusPacket, secret: Buffer, authenticator: Buffer | undefined): MessageAuthenticatorCheck {
  const offsets = messageAuthenticatorOffsets(packet);
  if (offsets.length === 0) return 'absent';
  if (offsets.length > 1) return 'invalid';
  const offset = offsets[0]!;
  if (packet.raw[offset - 1] !== 2 + AUTHENTICATOR_LENGTH) return 'invalid';
  const expected = computeMessageAuthenticator(packet.raw, offset, secret, authenticator);
  return constantTimeEqual(packet.raw.subarray(offset, offset + AUTHENTICATOR_LENGTH), expected) ? 'valid' : 'invalid';
}

/** Checks the Message-Authenticator of a request. */
export function checkRequestMessageAuthenticator(packet: RadiusPacket, secret: Buffer): MessageAuthenticatorCheck {
  // For Accounting-Request the HMAC is computed with the Request Authenticator zeroed, because the
  // authenticator itself is derived from the packet (RFC 5080 §2.2.2 / RFC 3579 §3.2 practice).
  return checkMessageAuthenticator(packet, secret, packet.code === 4 ? ZERO_AUTHENTICATOR : undefined);
}

/** MD5(Code | Identifier | Length | 16 zero octets | Attributes | Secret) (RFC 2866 §3). */
export function accountingRequestAuthenticator(raw: Buffer, secret: Buffer): Buffer {
  return md5OverPacket(raw, ZERO_AUTHENTICATOR, secret);
}

export function verifyAccountingRequestAuthenticator(packet: RadiusPacket, secret: Buffer): boolean {
  return constantTimeEqual(packet.authenticator, accountingRequestAuthenticator(packet.raw, secret));
}

/** MD5(Code | Identifier | Length | RequestAuthenticator | Attributes | Secret) (RFC 2865 §3). */
export function responseAuthenticator(reply: Buffer, requestAuthenticator: Buffer, secret: Buffer): Buffer {
  return md5OverPacket(reply, requestAuthenticator, secret);
}

/**
 * MD5 of the packet with `authenticator` in its Authenticator field, followed by the secret: the shape
 * both RFC 2865 §3 and RFC 2866 §3 use. One contiguous buffer and the one-shot hash, as for the
 * Message-Authenticator above.
 */
function md5OverPacket(packet: Buffer, authenticator: Buffer, secret: Buffer): Buffer {
  const copy = Buffer.concat([packet, secret], packet.length + secret.length);
  authenticator.copy(copy, AUTHENTICATOR_OFFSET);
  return md5(copy);
}

/** Checks a reply (used by our own client side: Disconnect, tests, lab). */
export function verifyResponseAuthenticator(reply: RadiusPacket, requestAuthenticator: Buffer, secret: Buffer): boolean {
  return constantTimeEqual(reply.authenticator, responseAuthenticator(reply.raw, requestAuthenticator, secret));
}

/** Checks the Message-Authenticator of a reply against the request's authenticator. */
export function checkReplyMessageAuthenticator(
  reply: RadiusPacket,
  requestAuthenticator: Buffer,
  secret: Buffer,
): MessageAuthenticatorCheck {
  return checkMessageAuthenticator(reply, secret, requestAuthenticator);
}
