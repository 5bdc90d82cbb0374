// The FaxBack side of the store (issue 16): accounts, DIDs, sender addresses, fax ATAs, the Called
// Numbers database (spec §5) and the fax-record stream. One contract, two implementations (Redis,
// in-process), tested by the same contract tests as the voice store.
import { normalizeMac, type CalledNumber, type FaxAccount, type FaxAta, type FaxDid, type FaxSenderEmail } from '../faxback/records.js';
import type { FaxEvent, FaxRecord } from '../faxback/fax-event.js';

export type FaxWriteResult = 'stored' | 'duplicate';

/** The accounting section's limits, applied to the fax records as to the call records. */
export interface FaxStorePolicy {
  /** How long (session, status) is remembered to drop a resent event (spec §4.2). */
  readonly dedupeMs: number;
  /** Cap on the fax records kept (about: the oldest go first). */
  readonly maxRecords: number;
}

/**
 * What an event changes in the Called Numbers database, if anything (spec §5): Success and FaxError
 * prove a fax machine answered (rule 1), VoiceError that a voice did (rule 2, kept for good). Only a
 * Stop that carries FB-Called-Number-Result with a dialled number says anything.
 */
export function calledNumberUpdate(e: Pick<FaxEvent, 'calledNumber'>): { readonly number: string; readonly seen: 'faxSeen' | 'voiceSeen' } | undefined {
  const c = e.calledNumber;
  if (!c || c.number === '') return undefined;
  return { number: c.number, seen: c.result === 'voice-error' ? 'voiceSeen' : 'faxSeen' };
}

/** A MAC as both stores key it: normalised (`normalizeMac`), or as given when it is no MAC. */
export function macKey(mac: string): string {
  return normalizeMac(mac) ?? mac;
}

/** What identifies an ATA in both stores: its MAC when it has one, else its serial number. */
export function ataRef(ata: Pick<FaxAta, 'mac' | 'serial'>): string {
  if (ata.mac) return `mac:${macKey(ata.mac)}`;
  if (ata.serial) return `serial:${ata.serial}`;
  throw new RangeError('a fax ATA needs a MAC address or a serial number to be found by');
}

/** The order listings come in, the same in both stores: by code unit, not by locale. */
export function byText<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

export interface FaxStore {
  /** By name, case-insensitively (spec §1.4). */
  account(name: string): Promise<FaxAccount | undefined>;
  /** By FB-Account-UUID (32 hex digits, lower case) in UUID mode (spec §6). */
  accountByUuid(uuid: string): Promise<FaxAccount | undefined>;
  /** Creates or replaces (same name in any case = same account; its UUID is the caller's to keep). */
  putAccount(account: FaxAccount): Promise<void>;
  /**
   * Deletes the account, its UUID index (unless another account holds that UUID now: a rename) and
   * its sender addresses; its DIDs and ATAs are left for the caller to refuse or remove, and didsOf
   * keeps listing such DIDs under the old name until they are.
   */
  deleteAccount(name: string): Promise<boolean>;
  accounts(): Promise<FaxAccount[]>;

  did(did: string): Promise<FaxDid | undefined>;
  putDid(did: FaxDid): Promise<void>;
  deleteDid(did: string): Promise<boolean>;
  dids(): Promise<FaxDid[]>;
  /** The DIDs of an account, by name in any case (spec §2.3 row 14), in DID order (`byText`). */
  didsOf(account: string): Promise<FaxDid[]>;

  /** The account a sender address belongs to, case-insensitively (spec §2.3 row 11). */
  senderEmail(email: string): Promise<FaxSenderEmail | undefined>;
  putSenderEmail(entry: FaxSenderEmail): Promise<void>;
  deleteSenderEmail(email: string): Promise<boolean>;
  senderEmails(): Promise<FaxSenderEmail[]>;

  ataByMac(mac: string): Promise<FaxAta | undefined>;
  ataBySerial(serial: string): Promise<FaxAta | undefined>;
  /**
   * Creates or replaces, indexed by whichever of MAC and serial it has (at least one: RangeError
   * otherwise); an ATA that had the same MAC or the same serial is replaced. The MAC is kept and
   * looked up normalised (`macKey`).
   */
  putAta(ata: FaxAta): Promise<void>;
  /** By MAC or serial; removes both indexes. */
  deleteAta(key: { mac: string } | { serial: string }): Promise<boolean>;
  atas(): Promise<FaxAta[]>;

  /** `updatedAt` is the `receivedAt` (ms) of the last event that changed it, so a replayed one keeps its time. */
  calledNumber(number: string): Promise<CalledNumber | undefined>;

  /**
   * Keeps one fax accounting event: idempotent on (Acct-Session-Id, status) for `dedupeMs` — the
   * port server resends a Stop until answered (spec §4.2) — and, in the same atomic step, applies its
   * FB-Called-Number-Result to the Called Numbers database.
   */
  recordFax(event: FaxEvent): Promise<FaxWriteResult>;
  /** Fax records from `sinceMs` on, oldest first. */
  faxRecords(sinceMs: number, count: number): Promise<FaxRecord[]>;
  /** The Redis stream of fax records, for consumers; undefined for the in-process store. */
  faxRecordStream(): string | undefined;
}
