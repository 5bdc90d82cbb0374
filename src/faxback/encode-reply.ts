// Writes a FaxbackDecision as RADIUS attributes (spec §2.2). Pure: same decision, same bytes. The
// order is fixed: User-Name first, as in every example reply, then one Vendor-Specific per FaxBack
// attribute in the decision's order (repeats, such as FB-DID, stay in order). Numbers and wire types
// come from the dictionary; UUIDs are written in the profile's encoding whatever the dictionary
// type (spec §6).
import { Attr, Code, fitText, type OutgoingAttribute, type RadiusReply } from '../radius/index.js';
import { UUID_ATTRIBUTES } from './attributes.js';
import type { FaxbackDecision, ReplyAttribute } from './decision.js';
import type { FaxbackDictionary } from './dictionary.js';
import type { FaxbackProfile } from './profile.js';
import { writeUuid } from './uuid.js';
import { encodeFaxbackVsa } from './vsa.js';
import { encodeWireValue } from './wire-values.js';

export interface ReplyEncodeContext {
  readonly dictionary: FaxbackDictionary;
  readonly profile: FaxbackProfile;
}

/**
 * A value that cannot be written: too long for one VSA (more than 247 octets), not of the
 * attribute's type, or an attribute without a number (decide.ts leaves those out, so that is a bug).
 */
export class ReplyEncodingError extends Error {
  override name = 'ReplyEncodingError';
  constructor(
    readonly attribute: string,
    message: string,
  ) {
    super(`${attribute}: ${message}`);
  }
}

function vsa([name, value]: ReplyAttribute, ctx: ReplyEncodeContext): OutgoingAttribute {
  const spec = ctx.dictionary.attribute(name);
  if (spec?.number === undefined) throw new ReplyEncodingError(name, 'has no number in the FaxBack dictionary');
  let bytes: Buffer;
  if (UUID_ATTRIBUTES.has(spec.name)) {
    const uuid = writeUuid(String(value), ctx.profile.uuidEncoding);
    if (!uuid) throw new ReplyEncodingError(name, `"${value}" is not a UUID`);
    bytes = uuid;
  } else {
    const encoded = encodeWireValue(spec.type, value);
    if (!encoded.ok) throw new ReplyEncodingError(name, encoded.problem);
    bytes = encoded.value;
  }
  const out = encodeFaxbackVsa({ type: spec.number, value: bytes });
  if (!out.ok) throw new ReplyEncodingError(name, out.error.message);
  return [Attr.VendorSpecific, out.value];
}

export function encodeReply(d: FaxbackDecision, ctx: ReplyEncodeContext): Pick<RadiusReply, 'code' | 'attributes'> {
  if (d.kind === 'reject') return { code: Code.AccessReject, attributes: [[Attr.ReplyMessage, fitText(d.message)]] };
  const userNames: OutgoingAttribute[] = [];
  const vsas: OutgoingAttribute[] = [];
  for (const a of d.attributes) {
    if (a[0] === 'User-Name') userNames.push([Attr.UserName, String(a[1])]);
    else vsas.push(vsa(a, ctx));
  }
  return { code: Code.AccessAccept, attributes: [...userNames, ...vsas] };
}
