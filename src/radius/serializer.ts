// Writes packets. Replies are signed here, not by the `radius` library, which would put
// Message-Authenticator last and only when the request had one (spec libraries.md §3).
import { randomBytes } from 'node:crypto';
import { Attr } from './attribute-types.js';
import { accountingRequestAuthenticator, computeMessageAuthenticator, responseAuthenticator } from './authenticators.js';
import { encodeAttributes } from './dictionary.js';
import { AUTHENTICATOR_LENGTH, AUTHENTICATOR_OFFSET, HEADER_LENGTH, MAX_PACKET_LENGTH } from './packet.js';

/** One attribute of an outgoing packet, in the order it is to appear on the wire. */
export type OutgoingAttribute = readonly [type: number, value: string | number | Buffer];

export class PacketTooLargeError extends Error {
  override name = 'PacketTooLargeError';
}

function assemble(code: number, identifier: number, body: Buffer, withMessageAuthenticator: boolean): Buffer {
  const maLength = withMessageAuthenticator ? 2 + AUTHENTICATOR_LENGTH : 0;
  const length = HEADER_LENGTH + maLength + body.length;
  if (length > MAX_PACKET_LENGTH) {
    throw new PacketTooLargeError(`packet of ${length} octets exceeds ${MAX_PACKET_LENGTH} (RFC 2865 §3)`);
  }
  const out = Buffer.alloc(length);
  out[0] = code;
  out[1] = identifier;
  out.writeUInt16BE(length, 2);
  if (withMessageAuthenticator) {
    out[HEADER_LENGTH] = Attr.MessageAuthenticator;
    out[HEADER_LENGTH + 1] = 2 + AUTHENTICATOR_LENGTH;
  }
  body.copy(out, HEADER_LENGTH + maLength);
  return out;
}

/**
 * A signed reply: Message-Authenticator first (computed with the request's authenticator, before the
 * Response Authenticator: RFC 2869 §5.14, RFC 3579 §3.2), then the attributes in the given order,
 * then the Response Authenticator (RFC 2865 §3). Always carrying Message-Authenticator is what
 * BlastRADIUS mitigation asks of servers (CVE-2024-3596).
 */
export function serializeReply(
  code: number,
  identifier: number,
  requestAuthenticator: Buffer,
  attributes: readonly OutgoingAttribute[],
  secret: Buffer,
  options: { messageAuthenticator?: boolean } = {},
): Buffer {
  const withMa = options.messageAuthenticator ?? true;
  const out = assemble(code, identifier, encodeAttributes(attributes), withMa);
  return signReply(out, requestAuthenticator, secret);
}

/**
 * Signs an assembled reply in place: fills its Message-Authenticator (wherever it stands, zeroed)
 * and then the Response Authenticator. Split out so the RFC 5090 §6 examples, which put
 * Message-Authenticator last, can be reproduced byte for byte with the same code.
 */
export function signReply(reply: Buffer, requestAuthenticator: Buffer, secret: Buffer): Buffer {
  requestAuthenticator.copy(reply, AUTHENTICATOR_OFFSET);
  const maOffset = findMessageAuthenticator(reply);
  if (maOffset !== undefined) computeMessageAuthenticator(reply, maOffset, secret).copy(reply, maOffset);
  responseAuthenticator(reply, requestAuthenticator, secret).copy(reply, AUTHENTICATOR_OFFSET);
  return reply;
}

function findMessageAuthenticator(packet: Buffer): number | undefined {
  for (let offset = HEADER_LENGTH; offset + 2 <= packet.length; offset += packet[offset + 1]! || packet.length) {
    if (packet[offset] === Attr.MessageAuthenticator) return offset + 2;
  }
  return undefined;
}

/** Requests we originate (Disconnect-Request, the lab's Access-Requests, tests). */
export function serializeRequest(
  code: number,
  identifier: number,
  attributes: readonly OutgoingAttribute[],
  secret: Buffer,
  options: { messageAuthenticator?: boolean; authenticator?: Buffer } = {},
): Buffer {
  const isAccessLike = code === 1 || code === 12;
  const withMa = options.messageAuthenticator ?? isAccessLike;
  const out = assemble(code, identifier, encodeAttributes(attributes), withMa);
  if (isAccessLike) {
    // Random, unpredictable Request Authenticator (RFC 2865 §3).
    (options.authenticator ?? randomBytes(AUTHENTICATOR_LENGTH)).copy(out, AUTHENTICATOR_OFFSET);
    if (withMa) {
      const maOffset = HEADER_LENGTH + 2;
      computeMessageAuthenticator(out, maOffset, secret).copy(out, maOffset);
    }
    return out;
  }
  // Accounting-, Disconnect- and CoA-Requests: MA over the zeroed authenticator, then
  // MD5(packet with zero authenticator | secret) (RFC 2866 §3, RFC 5176 §2.3).
  if (withMa) {
    const maOffset = HEADER_LENGTH + 2;
    computeMessageAuthenticator(out, maOffset, secret).copy(out, maOffset);
  }
  accountingRequestAuthenticator(out, secret).copy(out, AUTHENTICATOR_OFFSET);
  return out;
}
