// One live-trace event (README → Live trace): a watched request, its rules' trace, the decision and
// the reply, as every instance publishes it and `firebridge trace` / GET /api/trace show it. Secrets
// never leave: User-Password, CHAP-Password and Digest-Response values are masked, and a
// Vendor-Specific attribute (the FaxBack dialect's, which may carry passwords) shows only its vendor
// and length — its request's decoded command is in the decision.
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { readAccounting } from '../../accounting/leg-event.js';
import { Attr, attributeName, attributeValueLabel, attributeValueType, Code, codeName, type Attribute, type HandlerResult, type OutgoingAttribute, type RadiusRequest } from '../../radius/index.js';
import type { TraceEntry } from '../../rules/index.js';
import type { LegEvent, TraceFilter } from '../../store/index.js';
import { isSilence } from '../../radius/index.js';
import type { ServedClient } from '../clients.js';
import type { RequestTrace } from './capture.js';

/** An attribute as shown: its dictionary name and its value as text. */
export type ShownAttribute = readonly [name: string, value: string];

export interface TraceEvent {
  /** When the request arrived (ISO 8601). */
  readonly at: string;
  /** host:pid of the instance that answered, and its worker (serve --workers) if any. */
  readonly instance: string;
  readonly worker: number | null;
  /** The filter of the watcher this event is for. */
  readonly filter: TraceFilter;
  readonly client: string;
  readonly from: string;
  readonly code: string;
  readonly id: number;
  readonly request: readonly ShownAttribute[];
  /** Each rule tried, matched or why not (as `firebridge route` shows); absent when no rules ran. */
  readonly rules?: readonly TraceEntry[];
  readonly rule?: { readonly name: string; readonly at: string } | null;
  /** An Accounting-Request's leg event. */
  readonly leg?: LegEvent;
  /** The request line's outcome and fields (rule, subscriber, reason, a FaxBack command…). */
  readonly outcome: string;
  readonly decision: Readonly<Record<string, unknown>>;
  /** The reply's code ("none": no answer) and attributes in the order sent. */
  readonly reply: { readonly code: string; readonly attributes: readonly ShownAttribute[] };
  /** Time the pipeline took, ms. */
  readonly ms: number;
}

const MASKED = new Set<number>([Attr.UserPassword, 3 /* CHAP-Password */, Attr.DigestResponse]);
const HIDDEN = '(hidden)';

export const INSTANCE = `${hostname()}:${process.pid}`;

function ipv6(v: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i + 1 < v.length; i += 2) groups.push(v.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function shownValue(type: number, value: Buffer): string {
  if (MASKED.has(type)) return HIDDEN;
  if (type === Attr.VendorSpecific) return value.length >= 4 ? `vendor ${value.readUInt32BE(0)}, ${value.length - 4} octets` : `${value.length} octets`;
  switch (attributeValueType(type)) {
    case 'string':
    case 'text':
      return value.toString('utf8');
    case 'integer':
    case 'date': {
      if (value.length !== 4) break;
      const n = value.readUInt32BE(0);
      return attributeValueLabel(type, n) ?? String(n);
    }
    case 'ipaddr':
      if (value.length === 4) return `${value[0]}.${value[1]}.${value[2]}.${value[3]}`;
      break;
    case 'ipv6addr':
      if (value.length === 16) return ipv6(value);
      break;
  }
  return `0x${value.toString('hex')}`;
}

export function showRequestAttributes(list: readonly Attribute[]): ShownAttribute[] {
  return list.map((a) => [attributeName(a.type), shownValue(a.type, a.value)]);
}

export function showReplyAttributes(list: readonly OutgoingAttribute[]): ShownAttribute[] {
  return list.map(([type, value]) => [attributeName(type), Buffer.isBuffer(value) ? shownValue(type, value) : MASKED.has(type) ? HIDDEN : String(value)]);
}

/** The parts of an event common to every watcher it is for. */
export function traceEvent(
  radius: RadiusRequest<ServedClient>,
  trace: RequestTrace,
  result: HandlerResult,
  arrivedAt: number,
  ms: number,
): Omit<TraceEvent, 'filter'> {
  const { packet, client } = radius;
  const evaluation = trace.evaluation;
  const leg =
    packet.code === Code.AccountingRequest && client.kind === 'firebrick'
      ? readAccounting(radius.attributes, { name: client.name, source: radius.remote.address }, arrivedAt)
      : undefined;
  const reply = isSilence(result) ? { code: 'none', attributes: [] } : { code: codeName(result.code), attributes: showReplyAttributes(result.attributes) };
  return {
    at: new Date(arrivedAt).toISOString(),
    instance: INSTANCE,
    worker: cluster.worker?.id ?? null,
    client: client.name,
    from: `${radius.remote.address}:${radius.remote.port}`,
    code: codeName(packet.code),
    id: packet.identifier,
    request: showRequestAttributes(packet.attributes),
    ...(evaluation ? { rules: evaluation.trace, rule: evaluation.rule ?? null } : {}),
    ...(leg?.kind === 'leg' ? { leg: leg.event } : {}),
    outcome: result.outcome,
    decision: result.log ?? {},
    reply,
    ms: Math.round(ms * 1000) / 1000,
  };
}
