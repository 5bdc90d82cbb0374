// FaxBack attributes travel as sub-attributes of Vendor-Specific (26), vendor-id 30694, in the
// RFC 2865 §5.26 "type, length, value" layout (spec §1.2):
//   26 | Length | 00 00 77 e6 | sub-type | sub-length | value ...
// The port server packs FB-Command and FB-Context into one VSA, so a reader takes several
// sub-attributes per VSA; firebridge writes one per VSA, which is what the port server receives in
// every example. A malformed VSA is reported, never thrown: it comes from the wire.
import { Attr, MAX_ATTRIBUTE_VALUE, type Attribute } from '../radius/index.js';

/** FaxBack's vendor-id, decoded from every example packet (spec §1.2; its IANA entry could not be checked). */
export const FAXBACK_VENDOR_ID = 30694;

const VENDOR_ID_LENGTH = 4;
const SUB_HEADER = 2;
/** 253 octets of Vendor-Specific value, less the vendor-id and the sub-attribute header. */
export const MAX_SUB_ATTRIBUTE_VALUE = MAX_ATTRIBUTE_VALUE - VENDOR_ID_LENGTH - SUB_HEADER;

export interface SubAttribute {
  readonly type: number;
  readonly value: Buffer;
}

export type VsaProblemReason = 'no-vendor-id' | 'no-sub-attribute' | 'sub-length-below-2' | 'sub-attribute-overruns';

/** One Vendor-Specific attribute of vendor 30694 that does not tile into sub-attributes. */
export interface VsaProblem {
  readonly reason: VsaProblemReason;
  readonly detail: string;
  /** The whole Vendor-Specific value, kept so an accounting record loses nothing. */
  readonly raw: Buffer;
}

export interface FaxbackVsas {
  /** In wire order, across all well-formed VSAs of vendor 30694. */
  readonly subAttributes: readonly SubAttribute[];
  /** Malformed VSAs: none of their sub-attributes is in `subAttributes`. */
  readonly problems: readonly VsaProblem[];
}

/** Sub-attributes of one Vendor-Specific value known to be vendor 30694, or why it does not tile. */
function tile(value: Buffer): SubAttribute[] | Omit<VsaProblem, 'raw'> {
  if (value.length === VENDOR_ID_LENGTH) return { reason: 'no-sub-attribute', detail: 'a FaxBack VSA with a vendor-id and nothing after it' };
  const out: SubAttribute[] = [];
  for (let offset = VENDOR_ID_LENGTH; offset < value.length; ) {
    const type = value[offset]!;
    if (offset + SUB_HEADER > value.length) {
      return { reason: 'sub-attribute-overruns', detail: `sub-attribute ${type} at octet ${offset} has no length octet` };
    }
    const length = value[offset + 1]!;
    if (length < SUB_HEADER) return { reason: 'sub-length-below-2', detail: `sub-attribute ${type} at octet ${offset} has length ${length}` };
    if (offset + length > value.length) {
      return { reason: 'sub-attribute-overruns', detail: `sub-attribute ${type} at octet ${offset} (length ${length}) runs past the VSA's ${value.length} octets` };
    }
    out.push({ type, value: value.subarray(offset + SUB_HEADER, offset + length) });
    offset += length;
  }
  return out;
}

/** Every FaxBack sub-attribute of a packet's attributes; other vendors' VSAs are passed over. */
export function readFaxbackVsas(attributes: readonly Attribute[]): FaxbackVsas {
  const subAttributes: SubAttribute[] = [];
  const problems: VsaProblem[] = [];
  for (const a of attributes) {
    if (a.type !== Attr.VendorSpecific) continue;
    if (a.value.length < VENDOR_ID_LENGTH) {
      // Without a whole vendor-id it may or may not be ours; RFC 2865 §5.26 makes it malformed either way.
      problems.push({ reason: 'no-vendor-id', detail: `a Vendor-Specific of ${a.value.length} octets has no vendor-id`, raw: a.value });
      continue;
    }
    if (a.value.readUInt32BE(0) !== FAXBACK_VENDOR_ID) continue;
    const tiled = tile(a.value);
    if (Array.isArray(tiled)) subAttributes.push(...tiled);
    else problems.push({ ...tiled, raw: a.value });
  }
  return { subAttributes, problems };
}

export class VsaTooLongError extends Error {
  override name = 'VsaTooLongError';
  constructor(
    readonly subType: number,
    readonly length: number,
  ) {
    super(`FaxBack sub-attribute ${subType}: a value of ${length} octets does not fit one Vendor-Specific (at most ${MAX_SUB_ATTRIBUTE_VALUE})`);
  }
}

export type EncodedVsa = { readonly ok: true; readonly value: Buffer } | { readonly ok: false; readonly error: VsaTooLongError };

/**
 * The Vendor-Specific value (vendor-id first) holding `subs` in order. One sub-attribute per VSA is
 * what firebridge sends; several are for tests and the lab, which imitate the port server.
 */
export function encodeFaxbackVsa(subs: SubAttribute | readonly SubAttribute[]): EncodedVsa {
  const list = Array.isArray(subs) ? (subs as readonly SubAttribute[]) : [subs as SubAttribute];
  let total = VENDOR_ID_LENGTH;
  for (const s of list) {
    if (s.value.length > MAX_SUB_ATTRIBUTE_VALUE) return { ok: false, error: new VsaTooLongError(s.type, s.value.length) };
    total += SUB_HEADER + s.value.length;
  }
  if (total > MAX_ATTRIBUTE_VALUE) return { ok: false, error: new VsaTooLongError(list[list.length - 1]!.type, total) };
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(FAXBACK_VENDOR_ID, 0);
  let offset = VENDOR_ID_LENGTH;
  for (const s of list) {
    out[offset] = s.type;
    out[offset + 1] = SUB_HEADER + s.value.length;
    s.value.copy(out, offset + SUB_HEADER);
    offset += SUB_HEADER + s.value.length;
  }
  return { ok: true, value: out };
}
