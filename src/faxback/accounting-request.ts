// What a FaxBack Accounting-Request says (spec §4), as a FaxEvent. Pure. Every FaxBack
// sub-attribute the dictionary names becomes a record field (FB-Page-Count → page_count); one it
// cannot name, or whose octets do not fit its type, is kept as (number, hex) so a CDR received before
// the dictionary was loaded can be decoded later (spec §8.5). Nothing is dropped for an unknown or
// malformed VSA: the port server re-sends a Stop until it is answered (spec §4.2), and a CDR
// refused for its content would be lost.
import { Attr, type AttributeReader } from '../radius/index.js';
import type { FaxbackDictionary } from './dictionary.js';
import type { FaxEvent, FaxStatus } from './fax-event.js';
import { CALLED_NUMBER_RESULT, type CalledNumberResult } from './records.js';
import { SubAttributeReader } from './sub-attribute-reader.js';
import { readFaxbackVsas, type SubAttribute } from './vsa.js';
import { decodeWireValue } from './wire-values.js';

export type FaxAccountingMessage = { readonly kind: 'fax'; readonly event: FaxEvent } | { readonly kind: 'invalid'; readonly reason: string };

/** RFC 2866 §5.1 values; the manual calls 3 "Alive" (spec §4.1). */
const STATUS: Readonly<Record<number, FaxStatus>> = { 1: 'start', 2: 'stop', 3: 'alive' };

/** Spec §7 #13: Acct-Session-Id is at most 48 characters wherever it appears. */
export const MAX_SESSION_ID = 48;

/** Standard attributes kept as fields when present. */
const STANDARD_FIELDS: ReadonlyArray<readonly [type: number, field: string, kind: 'integer' | 'text' | 'ipv4']> = [
  [Attr.AcctDelayTime, 'acct_delay_time', 'integer'],
  [Attr.AcctSessionTime, 'acct_session_time', 'integer'],
  [Attr.AcctTerminateCause, 'acct_terminate_cause', 'integer'],
  [Attr.EventTimestamp, 'event_timestamp', 'integer'],
  [Attr.NasIdentifier, 'nas_identifier', 'text'],
  [Attr.NasIpAddress, 'nas_ip_address', 'ipv4'],
  [Attr.CalledStationId, 'called_station_id', 'text'],
  [Attr.CallingStationId, 'calling_station_id', 'text'],
];

/** Fields faxRecordFields writes itself: a FaxBack attribute of the same name is prefixed `fb_`. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set(['session_id', 'status', 'account', 'port_server', 'radius_source', 'received_at', 'unknown', 'malformed_vsa']);

/** `FB-Page-Count` → `page_count`; `FB-Port-Server` → `fb_port_server` (faxRecordFields owns `port_server`). */
export function recordFieldName(attributeName: string): string {
  const field = attributeName
    .replace(/^FB-/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return RESERVED_FIELDS.has(field) ? `fb_${field}` : field;
}

/** FB-Msg-Type is an ASCII string in the manual yet enumerated 0/1/2 (spec §7 #12): digits as text, else a 4-octet integer. */
function msgType(value: Buffer): string | undefined {
  const text = value.toString('latin1');
  if (/^\d+$/.test(text)) return text;
  return value.length === 4 ? String(value.readUInt32BE(0)) : undefined;
}

/** FB-Called-Number-Result as an integer or, should a dictionary type it so, as ASCII digits. */
function calledNumberResult(value: Buffer | undefined): CalledNumberResult | undefined {
  if (value === undefined) return undefined;
  const n = value.length === 4 ? value.readUInt32BE(0) : /^\d$/.test(value.toString('latin1')) ? Number(value.toString('latin1')) : undefined;
  return n === undefined ? undefined : CALLED_NUMBER_RESULT[n];
}

function standardFields(a: AttributeReader, fields: Record<string, string>): void {
  for (const [type, field, kind] of STANDARD_FIELDS) {
    const value = kind === 'integer' ? a.integer(type) : kind === 'ipv4' ? a.ipv4(type) : a.text(type);
    if (value !== undefined) fields[field] = String(value);
  }
}

function faxbackFields(subs: readonly SubAttribute[], dictionary: FaxbackDictionary, fields: Record<string, string>, unknown: Array<readonly [number, string]>): void {
  for (const s of subs) {
    const spec = dictionary.byNumber(s.type);
    const text = spec === undefined ? undefined : spec.name === 'FB-Msg-Type' ? msgType(s.value) : decodeWireValue(spec.type, s.value);
    if (spec === undefined || text === undefined) {
      unknown.push([s.type, s.value.toString('hex')]);
      continue;
    }
    const base = recordFieldName(spec.name);
    let field = base;
    for (let n = 2; Object.hasOwn(fields, field); n++) field = `${base}_${n}`;
    fields[field] = text;
    if (spec.name === 'FB-Msg-Type') fields[`${base}_raw`] = s.value.toString('hex');
  }
}

export function readFaxAccounting(
  a: AttributeReader,
  client: { readonly name: string; readonly source: string },
  receivedAt: number,
  dictionary: FaxbackDictionary,
): FaxAccountingMessage {
  const statusValue = a.integer(Attr.AcctStatusType);
  const status = statusValue === undefined ? undefined : STATUS[statusValue];
  if (!status) return { kind: 'invalid', reason: `Acct-Status-Type ${statusValue ?? '(absent)'} is not Start, Alive (Interim-Update) or Stop` };
  const sessionId = a.text(Attr.AcctSessionId);
  if (!sessionId) return { kind: 'invalid', reason: 'no Acct-Session-Id' };
  if (sessionId.length > MAX_SESSION_ID) return { kind: 'invalid', reason: `Acct-Session-Id of ${sessionId.length} characters (at most ${MAX_SESSION_ID}, spec §7 #13)` };

  const fields: Record<string, string> = {};
  const unknown: Array<readonly [number, string]> = [];
  standardFields(a, fields);
  const vsas = readFaxbackVsas(a.list);
  faxbackFields(vsas.subAttributes, dictionary, fields, unknown);
  if (vsas.problems.length) fields.malformed_vsa = vsas.problems.map((p) => p.raw.toString('hex')).join(',');

  const fb = new SubAttributeReader(vsas.subAttributes, dictionary);
  const result = status === 'stop' ? calledNumberResult(fb.first('FB-Called-Number-Result')) : undefined;
  const dialled = fb.text('FB-Dial-Number');
  const userName = a.text(Attr.UserName);
  return {
    kind: 'fax',
    event: {
      status,
      sessionId,
      account: userName === '' ? undefined : userName,
      portServer: client.name,
      radiusSource: client.source,
      fields,
      unknown,
      calledNumber: result !== undefined && dialled ? { number: dialled, result } : undefined,
      receivedAt,
    },
  };
}
