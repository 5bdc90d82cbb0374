// The Access-Request a FireBrick with `radius-challenge` set sends for one SIP request (spec §1.1,
// §1.2), per firmware column. Pure: SIP request + where it came from → attributes in wire order.
import { isIPv4, isIPv6 } from 'node:net';
import { DIGEST_ATTRIBUTES } from '../firebrick/digest-attributes.js';
import { fitText } from '../firebrick/encode-decision.js';
import { Attr, type OutgoingAttribute } from '../radius/index.js';
import { behindNat, parseDigestCredentials, type DigestCredentials, type SipRequest } from './sip-message.js';

/** Firmware columns of spec §1.2: 24 = V1.24.087, 25 = V1.25.101, 36 = V1.36.001 and later. */
export type LabProfile = 'v1.24' | 'v1.25' | 'v1.36';
export const LAB_PROFILES: readonly LabProfile[] = ['v1.24', 'v1.25', 'v1.36'];

export interface AccessRequestContext {
  readonly profile: LabProfile;
  /** SIP-AOR number: the manuals say 121, RFC 5090 says 122 (spec §9.1). */
  readonly sipAorAttribute: 121 | 122;
  /** Configured hostname of the FireBrick (V1.25+). */
  readonly nasIdentifier: string;
  /** The SIP peer: NAS-IP-Address / NAS-IPv6-Address and NAS-Port mean this, not the FireBrick (spec §6.5). */
  readonly source: { readonly address: string; readonly port: number };
}

const NAS_PORT_TYPE_VIRTUAL = 5;

/** The header's directives after Digest-Method and Digest-URI (written first), in RFC 5090's order. */
type DirectiveAttribute = Extract<(typeof DIGEST_ATTRIBUTES)[number], { readonly directive: string }>;
const DIRECTIVE_ATTRIBUTES = DIGEST_ATTRIBUTES.filter((d): d is DirectiveAttribute => d.directive !== undefined && d.field !== 'uri');

/** The credentials the request carries: Authorization for REGISTER, Proxy-Authorization otherwise (either is read). */
export function credentialsOf(request: SipRequest): DigestCredentials | undefined {
  const preferred = request.method === 'REGISTER' ? [request.authorization, request.proxyAuthorization] : [request.proxyAuthorization, request.authorization];
  for (const header of preferred) {
    if (header === undefined) continue;
    const parsed = parseDigestCredentials(header);
    if (parsed) return parsed;
  }
  return undefined;
}

/** 16 octets of an IPv6 address (NAS-IPv6-Address, RFC 3162), or undefined. */
export function ipv6Bytes(address: string): Buffer | undefined {
  const text = address.split('%')[0]!;
  if (!isIPv6(text)) return undefined;
  let head = text;
  let tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    head = text.slice(0, dbl);
    tail = text.slice(dbl + 2);
  }
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const o = g.split('.').map(Number);
        out.push((o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  const all = dbl >= 0 ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  if (all.length !== 8) return undefined;
  const buf = Buffer.alloc(16);
  all.forEach((g, i) => buf.writeUInt16BE(g, i * 2));
  return buf;
}

/** IPv4-mapped IPv6 sources (`::ffff:192.0.2.1`) count as IPv4. */
export function peerAddressAttribute(address: string): OutgoingAttribute | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  if (isIPv4(v4)) return [Attr.NasIpAddress, v4];
  const v6 = ipv6Bytes(address);
  return v6 ? [Attr.NasIpv6Address, v6] : undefined;
}

/**
 * Attributes of the Access-Request for `request` (spec §1.2). Message-Authenticator is added by the
 * serializer (always, first). Text values longer than RFC 2865's 253 octets are cut.
 */
export function accessRequestAttributes(request: SipRequest, ctx: AccessRequestContext): OutgoingAttribute[] {
  const out: OutgoingAttribute[] = [];
  const add = (type: number, value: string | number | Buffer | undefined): void => {
    if (value === undefined || value === '') return;
    out.push([type, typeof value === 'string' ? fitText(value) : value]);
  };
  const p = ctx.profile;
  const credentials = credentialsOf(request);
  const expires = request.expires ?? request.contactExpires;

  // User-Name: V1.24 the Contact URI; V1.25+ the locally configured phone or `@carrier` — the lab
  // has neither, so it sends the digest username as an RFC 5090 client would, when there is one.
  if (p === 'v1.24') add(Attr.UserName, request.contactUri);
  else add(Attr.UserName, credentials?.username);
  if (p !== 'v1.24') add(Attr.NasIdentifier, ctx.nasIdentifier);
  if (p === 'v1.36') add(Attr.CalledStationId, request.toUser);
  // V1.24/V1.25: "calling number derived from the headers"; V1.36+: the From user. Both are the From user here.
  add(Attr.CallingStationId, request.fromUser);
  const peer = peerAddressAttribute(ctx.source.address);
  if (peer) out.push(peer);
  add(Attr.NasPort, ctx.source.port);
  if (p === 'v1.36') {
    if (behindNat(request, ctx.source)) add(Attr.NasPortType, NAS_PORT_TYPE_VIRTUAL);
    add(Attr.Class, request.userAgent);
    add(Attr.AcctMultiSessionId, request.callId);
  }
  add(Attr.DigestMethod, request.method);
  // Digest-URI: the Authorization's uri; from V1.36 the Request-URI when there is none.
  add(Attr.DigestUri, credentials?.uri ?? (p === 'v1.36' ? request.requestUri : undefined));
  if (credentials) for (const { directive, type } of DIRECTIVE_ATTRIBUTES) add(type, credentials[directive]);
  if (p !== 'v1.24') {
    add(ctx.sipAorAttribute, request.contactUri);
    add(Attr.SessionTimeout, expires);
  }
  return out;
}
