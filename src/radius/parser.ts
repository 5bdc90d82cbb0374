// Framing validation and attribute tiling (RFC 2865 §3, §5). This is the only code that reads
// untrusted bytes; the `radius` library is never handed a packet that has not passed here
// (it accepts Length < 20 and attributes that overrun, spec libraries.md §2).
import {
  AUTHENTICATOR_LENGTH,
  AUTHENTICATOR_OFFSET,
  HEADER_LENGTH,
  MAX_PACKET_LENGTH,
  WireAttribute,
  type RadiusPacket,
} from './packet.js';

export type MalformedReason =
  | 'short-datagram'
  | 'length-below-minimum'
  | 'length-above-maximum'
  | 'length-exceeds-datagram'
  | 'attribute-truncated'
  | 'attribute-length-invalid';

export type ParseResult =
  | { readonly ok: true; readonly packet: RadiusPacket }
  | { readonly ok: false; readonly reason: MalformedReason; readonly detail: string };

function fail(reason: MalformedReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

export function parsePacket(datagram: Buffer): ParseResult {
  if (datagram.length < HEADER_LENGTH) {
    return fail('short-datagram', `${datagram.length} octets, a header needs ${HEADER_LENGTH}`);
  }
  const length = datagram.readUInt16BE(2);
  if (length < HEADER_LENGTH) return fail('length-below-minimum', `Length ${length}`);
  if (length > MAX_PACKET_LENGTH) return fail('length-above-maximum', `Length ${length}`);
  // A datagram shorter than Length is silently discarded; octets beyond Length are padding (RFC 2865 §3).
  if (length > datagram.length) {
    return fail('length-exceeds-datagram', `Length ${length} but ${datagram.length} octets arrived`);
  }
  const raw = datagram.subarray(0, length);
  const attributes: WireAttribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset < length) {
    if (offset + 2 > length) return fail('attribute-truncated', `attribute header at ${offset} runs past Length`);
    const type = raw[offset]!;
    const attrLength = raw[offset + 1]!;
    if (attrLength < 2) {
      return fail('attribute-length-invalid', `attribute ${type} at ${offset} has length ${attrLength}`);
    }
    if (offset + attrLength > length) {
      return fail('attribute-truncated', `attribute ${type} at ${offset} (length ${attrLength}) runs past Length`);
    }
    attributes.push(new WireAttribute(type, raw, offset + 2, offset + attrLength));
    offset += attrLength;
  }
  return {
    ok: true,
    packet: {
      code: raw[0]!,
      identifier: raw[1]!,
      authenticator: raw.subarray(AUTHENTICATOR_OFFSET, AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH),
      attributes,
      raw,
    },
  };
}
