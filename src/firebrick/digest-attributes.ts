// The Digest-* attributes of an Access-Request (RFC 5090 §3; spec §1.2): what a FireBrick copies from
// the SIP request's Authorization (or Proxy-Authorization) header, each with its field in DigestFields
// and the header directive it carries. One table, in RFC 5090's numbering order: access-request.ts
// reads a request's Digest-* into DigestFields by it, and the lab writes a SIP header's by it.
import { Attr, type AttributeReader } from '../radius/index.js';

export const DIGEST_ATTRIBUTES = [
  { field: 'response', directive: 'response', type: Attr.DigestResponse },
  { field: 'realm', directive: 'realm', type: Attr.DigestRealm },
  { field: 'nonce', directive: 'nonce', type: Attr.DigestNonce },
  /** The SIP method, from the request line: no directive (RFC 5090 §3.7). */
  { field: 'method', directive: undefined, type: Attr.DigestMethod },
  { field: 'uri', directive: 'uri', type: Attr.DigestUri },
  { field: 'qop', directive: 'qop', type: Attr.DigestQop },
  { field: 'algorithm', directive: 'algorithm', type: Attr.DigestAlgorithm },
  { field: 'cnonce', directive: 'cnonce', type: Attr.DigestCNonce },
  { field: 'nonceCount', directive: 'nc', type: Attr.DigestNonceCount },
  { field: 'username', directive: 'username', type: Attr.DigestUsername },
  { field: 'opaque', directive: 'opaque', type: Attr.DigestOpaque },
] as const;

export type DigestField = (typeof DIGEST_ATTRIBUTES)[number]['field'];

/** The Digest-* values of a request, as the FireBrick sent them (backslash escapes intact, RFC 5090 §2.1.2). */
export type DigestFields = { readonly [F in DigestField]?: string };

export function readDigestFields(a: AttributeReader): DigestFields {
  const fields: { [F in DigestField]?: string } = {};
  for (const { field, type } of DIGEST_ATTRIBUTES) fields[field] = a.text(type);
  return fields;
}
