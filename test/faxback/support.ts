// Builders shared by the FaxBack tests: records with the port server's defaults, packets from the
// spec's hex, the request reader and the decision with a given dictionary and profile.
import { readFaxbackRequest, type FaxbackRequestResult } from '../../src/faxback/access-request.js';
import { decideFaxback } from '../../src/faxback/decide.js';
import type { FaxbackDecision } from '../../src/faxback/decision.js';
import { parseDictionaryFile } from '../../src/faxback/dictionary-file.js';
import { BUILT_IN_DICTIONARY, loadDictionary, type FaxbackDictionary } from '../../src/faxback/dictionary.js';
import { encodeReply } from '../../src/faxback/encode-reply.js';
import type { FaxbackFacts } from '../../src/faxback/lookups.js';
import { DEFAULT_FAXBACK_PROFILE } from '../../src/config/schema.js';
import type { FaxbackProfile } from '../../src/faxback/profile.js';
import { ACCOUNT_DEFAULTS, type FaxAccount, type FaxDid } from '../../src/faxback/records.js';
import { encodeFaxbackVsa } from '../../src/faxback/vsa.js';
import {
  Attr,
  AttributeReader,
  Code,
  encodeAttributes,
  hideUserPassword,
  parsePacket,
  serializeRequest,
  type OutgoingAttribute,
  type RadiusPacket,
} from '../../src/radius/index.js';

export const SECRET = Buffer.from('faxback-test-secret');

/** Hex as the spec prints it: spaces and line breaks ignored. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

export function packetOf(datagram: Buffer): RadiusPacket {
  const r = parsePacket(datagram);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.packet;
}

export function read(
  datagram: Buffer,
  options: { dictionary?: FaxbackDictionary; uuidMode?: boolean; secret?: Buffer } = {},
): FaxbackRequestResult {
  const p = packetOf(datagram);
  return readFaxbackRequest(new AttributeReader(p.attributes), {
    secret: options.secret ?? SECRET,
    requestAuthenticator: p.authenticator,
    dictionary: options.dictionary ?? BUILT_IN_DICTIONARY,
    uuidMode: options.uuidMode ?? false,
  });
}

export function account(over: Partial<FaxAccount> = {}): FaxAccount {
  return {
    name: 'account',
    uuid: '05a32765c400499390d835289f96988a',
    ...ACCOUNT_DEFAULTS,
    modifiedAt: 1_700_000_000,
    ...over,
  };
}

export function did(over: Partial<FaxDid> = {}): FaxDid {
  return { did: '5551231234', account: 'account', enabled: true, ...over };
}

export function profile(over: Partial<FaxbackProfile> = {}, answer: Partial<FaxbackProfile['answer']> = {}): FaxbackProfile {
  return { ...DEFAULT_FAXBACK_PROFILE, ...over, answer: { ...DEFAULT_FAXBACK_PROFILE.answer, ...answer } };
}

/** Every §3.2 attribute numbered (from 100 on), as an operator's full dictionary file would. */
export const FULL_DICTIONARY: FaxbackDictionary = (() => {
  const names = [
    'FB-Account-Login-Group', 'FB-Account-UUID', 'FB-CDR-Info', 'FB-Customer', 'FB-DID-Enabled', 'FB-Last-Modified-Time', 'FB-Line-Id',
    'FB-Line-Num', 'FB-Provisioning-Arg', 'FB-Rcv-CSID', 'FB-Rcv-Failover-Account-Id', 'FB-Rcv-Failover-Account-UUID', 'FB-Rcv-Failover-Mode',
    'FB-Rcv-Format', 'FB-Rcv-Time-Expired', 'FB-Rcv-To-Account', 'FB-Rule-Group', 'FB-Save-CDR', 'FB-Snd-Email', 'FB-Snd-From-Account',
    'FB-Snd-On-Behalf-Of', 'FB-Snd-Time-Expired', 'FB-Snd-TSID', 'FB-Source', 'FB-Upload-Logs',
    'FB-Called-Number-Result', 'FB-Page-Count', 'FB-Start-Time', 'FB-Msg-Type', 'FB-Port-Server', 'FB-Caller-ID',
  ];
  const types: Record<string, string> = {
    'FB-Account-UUID': 'octets', 'FB-Rcv-Failover-Account-UUID': 'octets', 'FB-Start-Time': 'date', 'FB-Msg-Type': 'string',
  };
  const integer = new Set(['FB-DID-Enabled', 'FB-Last-Modified-Time', 'FB-Line-Num', 'FB-Rcv-Failover-Mode', 'FB-Rcv-Format', 'FB-Rcv-Time-Expired',
    'FB-Rcv-To-Account', 'FB-Save-CDR', 'FB-Snd-From-Account', 'FB-Snd-On-Behalf-Of', 'FB-Snd-Time-Expired', 'FB-Upload-Logs',
    'FB-Called-Number-Result', 'FB-Page-Count']);
  const lines = names.map((n, i) => `ATTRIBUTE ${n} ${100 + i} ${types[n] ?? (integer.has(n) ? 'integer' : 'string')}`);
  const r = parseDictionaryFile(`VENDOR FaxBack 30694\nBEGIN-VENDOR FaxBack\n${lines.join('\n')}\nEND-VENDOR FaxBack\n`, 'full.dict');
  if (!r.ok) throw new Error('full dictionary does not parse');
  return loadDictionary(r.dictionary).dictionary;
})();

export function decide(
  datagram: Buffer | FaxbackRequestResult,
  facts: FaxbackFacts,
  options: { dictionary?: FaxbackDictionary; profile?: FaxbackProfile } = {},
): FaxbackDecision {
  const dictionary = options.dictionary ?? BUILT_IN_DICTIONARY;
  const r = Buffer.isBuffer(datagram) ? read(datagram, { dictionary }) : datagram;
  if (!r.ok) throw new Error(`refused: ${r.refusal.reason}`);
  return decideFaxback(r.request, facts, { dictionary, profile: options.profile ?? DEFAULT_FAXBACK_PROFILE });
}

/** The attribute section of the encoded reply (everything after the 20-octet header). */
export function replyBytes(d: FaxbackDecision, options: { dictionary?: FaxbackDictionary; profile?: FaxbackProfile } = {}): Buffer {
  const encoded = encodeReply(d, { dictionary: options.dictionary ?? BUILT_IN_DICTIONARY, profile: options.profile ?? DEFAULT_FAXBACK_PROFILE });
  return encodeAttributes(encoded.attributes);
}

export function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** One FaxBack VSA holding one sub-attribute, as an outgoing attribute. */
export function fbVsa(type: number, value: Buffer | string | number): OutgoingAttribute {
  const bytes = Buffer.isBuffer(value) ? value : typeof value === 'number' ? uint32(value) : Buffer.from(value, 'utf8');
  const r = encodeFaxbackVsa({ type, value: bytes });
  if (!r.ok) throw r.error;
  return [Attr.VendorSpecific, r.value];
}

export const AUTHENTICATOR = Buffer.from('6c422a8afa766542a678b82f8db0104f', 'hex');

/**
 * An Access-Request as the port server sends it: FB-Command and FB-Context in one VSA, then
 * `attributes`; no Message-Authenticator (spec §1.5). `password` is hidden with SECRET.
 */
export function faxRequest(command: number, context: number, attributes: readonly OutgoingAttribute[] = [], password?: string): Buffer {
  const header = encodeFaxbackVsa([
    { type: 1, value: uint32(command) },
    { type: 2, value: uint32(context) },
  ]);
  if (!header.ok) throw header.error;
  const list: OutgoingAttribute[] = [[Attr.VendorSpecific, header.value], ...attributes];
  if (password !== undefined) list.push([Attr.UserPassword, hideUserPassword(password, SECRET, AUTHENTICATOR)]);
  return serializeRequest(Code.AccessRequest, 7, list, SECRET, { messageAuthenticator: false, authenticator: AUTHENTICATOR });
}
