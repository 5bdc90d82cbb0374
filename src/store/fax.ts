// The FaxBack side of the store (issue 16): accounts, DIDs, sender addresses, fax ATAs, the Called
// Numbers database (spec §5) and the fax-record stream. One contract, two implementations (Redis,
// in-process), tested by the same contract tests as the voice store.
import type { CalledNumber, CalledNumberResult, FaxAccount, FaxAta, FaxDid, FaxSenderEmail } from '../faxback/records.js';
import type { FaxEvent, FaxRecord } from '../faxback/fax-event.js';

export type FaxWriteResult = 'stored' | 'duplicate';

export interface FaxStore {
  /** By name, case-insensitively (spec §1.4). */
  account(name: string): Promise<FaxAccount | undefined>;
  /** By FB-Account-UUID (32 hex digits, lower case) in UUID mode (spec §6). */
  accountByUuid(uuid: string): Promise<FaxAccount | undefined>;
  /** Creates or replaces (same name in any case = same account; its UUID is the caller's to keep). */
  putAccount(account: FaxAccount): Promise<void>;
  /** Deletes the account and its sender addresses; its DIDs and ATAs are left for the caller to refuse or remove. */
  deleteAccount(name: string): Promise<boolean>;
  accounts(): Promise<FaxAccount[]>;

  did(did: string): Promise<FaxDid | undefined>;
  putDid(did: FaxDid): Promise<void>;
  deleteDid(did: string): Promise<boolean>;
  dids(): Promise<FaxDid[]>;
  /** The DIDs of an account (spec §2.3 row 14), in DID order. */
  didsOf(account: string): Promise<FaxDid[]>;

  /** The account a sender address belongs to, case-insensitively (spec §2.3 row 11). */
  senderEmail(email: string): Promise<FaxSenderEmail | undefined>;
  putSenderEmail(entry: FaxSenderEmail): Promise<void>;
  deleteSenderEmail(email: string): Promise<boolean>;
  senderEmails(): Promise<FaxSenderEmail[]>;

  ataByMac(mac: string): Promise<FaxAta | undefined>;
  ataBySerial(serial: string): Promise<FaxAta | undefined>;
  /** Creates or replaces, indexed by whichever of MAC and serial it has. */
  putAta(ata: FaxAta): Promise<void>;
  /** By MAC or serial; removes both indexes. */
  deleteAta(key: { mac: string } | { serial: string }): Promise<boolean>;
  atas(): Promise<FaxAta[]>;

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
