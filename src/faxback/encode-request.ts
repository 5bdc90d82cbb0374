// The port server's side of the dialect: Access- and Accounting-Request attributes as a FaxBack port
// server writes them (spec §1.2: FB-Command and FB-Context together in one VSA, every other FaxBack
// attribute one per VSA). firebridge never sends these; the benchmark, the tests and operators'
// trials imitate a port server with them, so what they send is what the reader is written against.
import { Attr, type OutgoingAttribute } from '../radius/index.js';
import type { FaxbackAttributeName } from './attributes.js';
import type { FaxbackDictionary } from './dictionary.js';
import { encodeFaxbackVsa, type SubAttribute } from './vsa.js';
import { encodeWireValue } from './wire-values.js';

export class RequestEncodingError extends Error {
  override name = 'RequestEncodingError';
}

function sub(dictionary: FaxbackDictionary, name: FaxbackAttributeName, value: string | number): SubAttribute {
  const spec = dictionary.attribute(name);
  if (spec?.number === undefined) throw new RequestEncodingError(`${name} has no number in the FaxBack dictionary`);
  const encoded = encodeWireValue(spec.type, value);
  if (!encoded.ok) throw new RequestEncodingError(`${name}: ${encoded.problem}`);
  return { type: spec.number, value: encoded.value };
}

function vsa(subs: SubAttribute | readonly SubAttribute[]): OutgoingAttribute {
  const out = encodeFaxbackVsa(subs);
  if (!out.ok) throw new RequestEncodingError(out.error.message);
  return [Attr.VendorSpecific, out.value];
}

export interface FaxbackRequestSpec {
  readonly command: number;
  readonly context: number;
  readonly userName?: string;
  /** Already hidden (RFC 2865 §5.2, radius/user-password.ts): hiding needs the packet's authenticator. */
  readonly hiddenPassword?: Buffer;
  readonly sessionId?: string;
  /** Further FaxBack attributes, each its own VSA, in this order. */
  readonly attributes?: ReadonlyArray<readonly [FaxbackAttributeName, string | number]>;
}

/** An Access-Request's attributes in the order of the manual's examples (spec §9). */
export function faxbackRequestAttributes(dictionary: FaxbackDictionary, r: FaxbackRequestSpec): OutgoingAttribute[] {
  const out: OutgoingAttribute[] = [vsa([sub(dictionary, 'FB-Command', r.command), sub(dictionary, 'FB-Context', r.context)])];
  if (r.userName !== undefined) out.push([Attr.UserName, r.userName]);
  if (r.hiddenPassword !== undefined) out.push([Attr.UserPassword, r.hiddenPassword]);
  if (r.sessionId !== undefined) out.push([Attr.AcctSessionId, r.sessionId]);
  for (const [name, value] of r.attributes ?? []) out.push(vsa(sub(dictionary, name, value)));
  return out;
}

/** Acct-Status-Type as the port server sends it: Start 1, Alive (Interim-Update) 3, Stop 2 (spec §4.1). */
const STATUS_VALUE = { start: 1, alive: 3, stop: 2 } as const;

export interface FaxAccountingSpec {
  readonly status: keyof typeof STATUS_VALUE;
  readonly sessionId: string;
  readonly account?: string;
  readonly attributes?: ReadonlyArray<readonly [FaxbackAttributeName | string, string | number]>;
}

/** An Accounting-Request's attributes; attributes the dictionary does not number are left out. */
export function faxAccountingAttributes(dictionary: FaxbackDictionary, r: FaxAccountingSpec): OutgoingAttribute[] {
  const out: OutgoingAttribute[] = [
    [Attr.AcctStatusType, STATUS_VALUE[r.status]],
    [Attr.AcctSessionId, r.sessionId],
  ];
  if (r.account !== undefined) out.push([Attr.UserName, r.account]);
  for (const [name, value] of r.attributes ?? []) {
    if (dictionary.attribute(name)?.number === undefined) continue;
    out.push(vsa(sub(dictionary, name as FaxbackAttributeName, value)));
  }
  return out;
}
