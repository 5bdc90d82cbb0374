import { accountKey, type CalledNumber, type FaxAccount, type FaxAta, type FaxDid, type FaxSenderEmail } from '../../faxback/records.js';
import { faxRecordFields, type FaxEvent, type FaxRecord } from '../../faxback/fax-event.js';
import { ataRef, byText, calledNumberUpdate, macKey, type FaxStore, type FaxStorePolicy, type FaxWriteResult } from '../fax.js';
import { ExpiringMap } from './expiring-map.js';

/** In-process twin of the Redis fax store; the same contract tests run against both. */
export class MemoryFaxStore implements FaxStore {
  /** By accountKey. */
  private readonly accountsByKey = new Map<string, FaxAccount>();
  /** UUID → accountKey. */
  private readonly uuids = new Map<string, string>();
  private readonly didsByNumber = new Map<string, FaxDid>();
  /** By lower-case address. */
  private readonly emails = new Map<string, FaxSenderEmail>();
  /** By ataRef, and serial → ataRef. */
  private readonly atasByRef = new Map<string, FaxAta>();
  private readonly serials = new Map<string, string>();
  private readonly called = new Map<string, CalledNumber>();
  private readonly done: ExpiringMap<true>;
  private readonly records: FaxRecord[] = [];
  private sequence = 0;

  constructor(
    private readonly policy: FaxStorePolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.done = new ExpiringMap(now);
  }

  // Accounts

  async account(name: string): Promise<FaxAccount | undefined> {
    return this.accountsByKey.get(accountKey(name));
  }

  async accountByUuid(uuid: string): Promise<FaxAccount | undefined> {
    const key = this.uuids.get(uuid);
    const account = key === undefined ? undefined : this.accountsByKey.get(key);
    return account?.uuid === uuid ? account : undefined;
  }

  async putAccount(a: FaxAccount): Promise<void> {
    const key = accountKey(a.name);
    const previous = this.accountsByKey.get(key);
    if (previous && previous.uuid !== a.uuid) this.dropUuidIndex(previous.uuid, key);
    this.accountsByKey.set(key, a);
    this.uuids.set(a.uuid, key);
  }

  /** Unless another account holds that UUID now (a rename). */
  private dropUuidIndex(uuid: string, key: string): void {
    if (this.uuids.get(uuid) === key) this.uuids.delete(uuid);
  }

  async deleteAccount(name: string): Promise<boolean> {
    const key = accountKey(name);
    const account = this.accountsByKey.get(key);
    for (const [email, entry] of this.emails) if (accountKey(entry.account) === key) this.emails.delete(email);
    if (account) this.dropUuidIndex(account.uuid, key);
    return this.accountsByKey.delete(key);
  }

  async accounts(): Promise<FaxAccount[]> {
    return [...this.accountsByKey.values()].sort(byText((a) => accountKey(a.name)));
  }

  // DIDs

  async did(did: string): Promise<FaxDid | undefined> {
    return this.didsByNumber.get(did);
  }

  async putDid(d: FaxDid): Promise<void> {
    this.didsByNumber.set(d.did, d);
  }

  async deleteDid(did: string): Promise<boolean> {
    return this.didsByNumber.delete(did);
  }

  async dids(): Promise<FaxDid[]> {
    return [...this.didsByNumber.values()].sort(byText((d) => d.did));
  }

  async didsOf(account: string): Promise<FaxDid[]> {
    const key = accountKey(account);
    return (await this.dids()).filter((d) => accountKey(d.account) === key);
  }

  // Sender e-mail addresses

  async senderEmail(email: string): Promise<FaxSenderEmail | undefined> {
    return this.emails.get(email.toLowerCase());
  }

  async putSenderEmail(entry: FaxSenderEmail): Promise<void> {
    const email = entry.email.toLowerCase();
    this.emails.set(email, { email, account: entry.account });
  }

  async deleteSenderEmail(email: string): Promise<boolean> {
    return this.emails.delete(email.toLowerCase());
  }

  async senderEmails(): Promise<FaxSenderEmail[]> {
    return [...this.emails.values()].sort(byText((e) => e.email));
  }

  // Fax ATAs

  async ataByMac(mac: string): Promise<FaxAta | undefined> {
    return this.atasByRef.get(`mac:${macKey(mac)}`);
  }

  async ataBySerial(serial: string): Promise<FaxAta | undefined> {
    const ref = this.serials.get(serial);
    return ref === undefined ? undefined : this.atasByRef.get(ref);
  }

  async putAta(given: FaxAta): Promise<void> {
    const ata = given.mac ? { ...given, mac: macKey(given.mac) } : given;
    const ref = ataRef(ata);
    const sameSerial = ata.serial ? this.serials.get(ata.serial) : undefined;
    if (sameSerial !== undefined && sameSerial !== ref) this.atasByRef.delete(sameSerial);
    const previousSerial = this.atasByRef.get(ref)?.serial;
    if (previousSerial && previousSerial !== ata.serial) this.serials.delete(previousSerial);
    this.atasByRef.set(ref, ata);
    if (ata.serial) this.serials.set(ata.serial, ref);
  }

  async deleteAta(key: { mac: string } | { serial: string }): Promise<boolean> {
    const ref = 'mac' in key ? `mac:${macKey(key.mac)}` : this.serials.get(key.serial);
    const ata = ref === undefined ? undefined : this.atasByRef.get(ref);
    if (ref === undefined || !ata) return false;
    if (ata.serial) this.serials.delete(ata.serial);
    return this.atasByRef.delete(ref);
  }

  async atas(): Promise<FaxAta[]> {
    return [...this.atasByRef.values()].sort(byText(ataRef));
  }

  // Called Numbers and fax records

  async calledNumber(number: string): Promise<CalledNumber | undefined> {
    return this.called.get(number);
  }

  async recordFax(e: FaxEvent): Promise<FaxWriteResult> {
    const done = `${e.status}:${e.sessionId}`;
    if (this.done.get(done)) return 'duplicate';
    const now = this.now();
    const update = calledNumberUpdate(e);
    if (update) {
      const known = this.called.get(update.number) ?? { number: update.number, faxSeen: false, voiceSeen: false, updatedAt: 0 };
      this.called.set(update.number, { ...known, [update.seen]: true, updatedAt: e.receivedAt });
    }
    this.records.push({ id: `${now}-${this.sequence++}`, fields: faxRecordFields(e) });
    if (this.records.length > this.policy.maxRecords) this.records.splice(0, this.records.length - this.policy.maxRecords);
    this.done.set(done, true, this.policy.dedupeMs);
    return 'stored';
  }

  async faxRecords(sinceMs: number, count: number): Promise<FaxRecord[]> {
    return this.records.filter((r) => Number(r.id.split('-')[0]) >= sinceMs).slice(0, count);
  }

  faxRecordStream(): undefined {
    return undefined;
  }
}
