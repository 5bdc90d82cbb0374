// What a FireBrick Access-Request says (spec §1.2), read once at the edge into a typed value.
// Digest-* values stay as the FireBrick sent them (backslash escapes intact, RFC 5090 §2.1.2):
// the digest layer un-escapes them.
import { Attr, type AttributeReader } from '../radius/index.js';
import { readDigestFields, type DigestFields } from './digest-attributes.js';
import { sipRequestFingerprint } from './request-fingerprint.js';


export interface FirebrickAccessRequest {
  /** SIP method from Digest-Method; its presence marks a VoIP request (spec §1.1). */
  readonly method: string | undefined;
  readonly digest: DigestFields;
  /** V1.25+: local phone name or `@carrier`; V1.24: the Contact URI (spec §1.2). */
  readonly userName: string | undefined;
  readonly chargeableUserIdentity: string | undefined;
  /** Local part of To: (V1.36+). */
  readonly calledStationId: string | undefined;
  /** Calling number (V1.24/25) or local part of From: (V1.36+). */
  readonly callingStationId: string | undefined;
  readonly nasIdentifier: string | undefined;
  /** The SIP peer, not the FireBrick (spec §6.5). */
  readonly sipPeer: { readonly address: string | undefined; readonly port: number | undefined; readonly behindNat: boolean };
  readonly userAgent: string | undefined;
  readonly callId: string | undefined;
  /** Contact URI, from SIP-AOR 122 or the manuals' 121 (spec §9.1). */
  readonly contact: string | undefined;
  /** Which number carried the Contact, so replies can mirror it. */
  readonly sipAorAttribute: 121 | 122 | undefined;
  /** The request's Expires header (Session-Timeout in a request: spec §1.2, V1.25+). */
  readonly expires: number | undefined;
  /** A 3xx code on a redirect-driven routing query (spec §1.3 rule 4, §4.5). */
  readonly redirectCode: number | undefined;
  /** Present when the request carried State (echo of our challenge). */
  readonly state: Buffer | undefined;
  /** The SIP request this packet asks about: equal for a retry in a new RADIUS packet (request-fingerprint.ts). */
  readonly fingerprint: string;
}

const NAS_PORT_TYPE_VIRTUAL = 5;

/** V1.24 firmware sends the Contact URI as User-Name (spec §1.2); later ones a local name or `@carrier`. */
function contactFromUserName(userName: string | undefined): string | undefined {
  return userName !== undefined && /^sips?:/i.test(userName) ? userName : undefined;
}

/** `client` is the RADIUS client's configured name: it is part of the request's fingerprint. */
export function readAccessRequest(a: AttributeReader, client: string): FirebrickAccessRequest {
  const aor122 = a.text(Attr.SipAor);
  // 121 is RFC 5090's Digest-HA1, never valid in an Access-Request, so here it can only be the
  // FireBrick's SIP-AOR (spec §9.1).
  const aor121 = aor122 === undefined ? a.text(Attr.DigestHa1OrFireBrickSipAor) : undefined;
  const terminate = a.integer(Attr.AcctTerminateCause);
  return {
    method: a.text(Attr.DigestMethod),
    digest: readDigestFields(a),
    userName: a.text(Attr.UserName),
    chargeableUserIdentity: a.text(Attr.ChargeableUserIdentity),
    calledStationId: a.text(Attr.CalledStationId),
    callingStationId: a.text(Attr.CallingStationId),
    nasIdentifier: a.text(Attr.NasIdentifier),
    sipPeer: {
      address: a.ipv4(Attr.NasIpAddress) ?? a.ipv6(Attr.NasIpv6Address),
      port: a.integer(Attr.NasPort),
      behindNat: a.integer(Attr.NasPortType) === NAS_PORT_TYPE_VIRTUAL,
    },
    userAgent: a.text(Attr.Class),
    callId: a.text(Attr.AcctMultiSessionId),
    contact: aor122 ?? aor121 ?? contactFromUserName(a.text(Attr.UserName)),
    sipAorAttribute: aor122 !== undefined ? 122 : aor121 !== undefined ? 121 : undefined,
    expires: a.integer(Attr.SessionTimeout),
    redirectCode: terminate !== undefined && terminate >= 300 && terminate < 400 ? terminate : undefined,
    state: a.first(Attr.State),
    fingerprint: sipRequestFingerprint(client, a.list),
  };
}
