// Which SIP request an Access-Request asks about, as one short value. The RADIUS duplicate cache
// (RFC 5080 §2.2) knows only the same packet again; but a FireBrick that got no answer asks the next
// server of its pool (spec §7), and a phone's SIP retransmission makes it ask again — both in a new
// packet with a new Identifier, Request Authenticator and Message-Authenticator (RFC 2865 §2.5,
// spec §8.7). Everything else in the packet the FireBrick took from the SIP request (spec §1.2:
// digest fields, Contact, Call-ID, source address and port, Expires, numbers), so equal values are
// the same SIP request and any difference is another one.
import { hash } from 'node:crypto';
import { Attr, copyValue, valueLength, type Attribute } from '../radius/index.js';

/**
 * Attributes of the RADIUS packet, hop or exchange, not of the SIP request. Message-Authenticator
 * signs this packet's Identifier and authenticator (RFC 2869 §5.14); Proxy-State is added per proxy
 * hop (RFC 2865 §5.33); State is our own challenge cookie echoed back (RFC 2865 §5.24), which a
 * FireBrick never documents sending (spec §1.2) and which nothing in firebridge decides on.
 */
const NOT_OF_THE_SIP_REQUEST: ReadonlySet<number> = new Set([Attr.MessageAuthenticator, Attr.ProxyState, Attr.State]);

/** 132 bits of SHA-256: no second preimage within reach, and a short Redis value per claim. */
const FINGERPRINT_CHARS = 22;

/**
 * The fingerprint of the SIP request `attributes` describe, as sent by the RADIUS client `client`.
 * Order and repeats count (type, length and value of each attribute in wire order). The client's
 * name counts too: a pool of firebridge instances knows one FireBrick by one name, while another
 * FireBrick forwarding the identical digest did not receive that SIP request — it is a replay.
 */
export function sipRequestFingerprint(client: string, attributes: readonly Attribute[]): string {
  const name = Buffer.from(client, 'utf8');
  let size = 2 + name.length;
  for (const a of attributes) if (!NOT_OF_THE_SIP_REQUEST.has(a.type)) size += 2 + valueLength(a);
  const basis = Buffer.allocUnsafe(size);
  let at = basis.writeUInt16BE(name.length, 0);
  basis.set(name, at);
  at += name.length;
  for (const a of attributes) {
    if (NOT_OF_THE_SIP_REQUEST.has(a.type)) continue;
    basis[at++] = a.type;
    basis[at++] = valueLength(a);
    at += copyValue(a, basis, at);
  }
  return hash('sha256', basis, 'base64url').slice(0, FINGERPRINT_CHARS);
}
