// One FaxBack Accounting-Request as a value (spec §4): what store/ keeps idempotently on
// (Acct-Session-Id, status) and what the journal holds when the store cannot take it.
import type { CalledNumberResult } from './records.js';

/** Acct-Status-Type 1 / 3 / 2: the manual's Start, Alive (Interim-Update) and Stop (spec §4.1). */
export type FaxStatus = 'start' | 'alive' | 'stop';

export interface FaxEvent {
  readonly status: FaxStatus;
  /** Acct-Session-Id, case-sensitive (spec §3.2), up to 48 characters (spec §7 #13). */
  readonly sessionId: string;
  /** User-Name: the billed account (spec §4.1). */
  readonly account?: string | undefined;
  /** RADIUS client name and the address its accounting came from. */
  readonly portServer: string;
  readonly radiusSource: string;
  /**
   * Every other attribute of the request that has a name, as record fields: FaxBack attributes by the
   * record field of their dictionary name (FB-Page-Count → page_count), integers as decimal text,
   * FB-Start-Time as Unix seconds; standard attributes firebridge knows likewise (acct_delay_time).
   */
  readonly fields: Readonly<Record<string, string>>;
  /** Vendor-30694 sub-attributes no dictionary names: kept as (number, hex) so they can be decoded later (spec §8.5). */
  readonly unknown: ReadonlyArray<readonly [number, string]>;
  /** FB-Called-Number-Result of a send's Stop, with that packet's FB-Dial-Number: feeds the Called Numbers database (spec §5). */
  readonly calledNumber?: { readonly number: string; readonly result: CalledNumberResult } | undefined;
  /** When firebridge received it, ms. */
  readonly receivedAt: number;
}

/** One stored fax record (field names in README → FaxBack → Fax records). */
export interface FaxRecord {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The record fields of one fax event: the named fields, then session_id, status, account,
 * port_server, received_at, and `unknown` as "number:hex,number:hex" when any.
 */
export function faxRecordFields(e: FaxEvent): Record<string, string> {
  const f: Record<string, string> = { ...e.fields };
  f.session_id = e.sessionId;
  f.status = e.status;
  if (e.account !== undefined && e.account !== '') f.account = e.account;
  f.port_server = e.portServer;
  f.radius_source = e.radiusSource;
  f.received_at = String(Math.floor(e.receivedAt / 1000));
  if (e.unknown.length) f.unknown = e.unknown.map(([n, hex]) => `${n}:${hex}`).join(',');
  return f;
}
