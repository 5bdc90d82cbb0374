// The fax store on Redis. The directory (accounts, DIDs, sender addresses, ATAs) is operator data:
// a change reads what its record had, then writes the record and its indexes in one MULTI (every
// fax key is under {fax}, keys.ts), as the subscriber store does — concurrent edits of one record
// are the operator's to avoid. A fax accounting event is one atomic script (fax-lua.ts), sent on
// the accounting connection when there is one, so a WAIT for replicas after it covers it.
import type { ChainableCommander } from 'ioredis';
import { defineVariadicScript, scanKeys, type RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import { accountKey, type CalledNumber, type FaxAccount, type FaxAta, type FaxDid, type FaxSenderEmail } from '../../faxback/records.js';
import { faxRecordFields, type FaxEvent, type FaxRecord } from '../../faxback/fax-event.js';
import { ataRef, byText, calledNumberUpdate, macKey, type FaxStore, type FaxStorePolicy, type FaxWriteResult } from '../fax.js';
import {
  accountFromHash,
  accountToHash,
  ataFromHash,
  ataToHash,
  calledNumberField,
  calledNumberFromHash,
  didFromHash,
  didToHash,
  senderEmailFromHash,
  senderEmailToHash,
} from '../fax-codec.js';
import { RECORD_FAX } from './fax-lua.js';
import { streamEntryFields } from './record-groups.js';

type FaxRedis = RedisClient & {
  firebridgeRecordFax(numberOfKeys: number, ...args: Array<string | number>): Promise<string>;
};

/** Runs a MULTI and fails on the first command that failed in it (exec reports those, it does not throw). */
async function execAll(m: ChainableCommander): Promise<unknown[]> {
  const replies = (await m.exec()) ?? [];
  const failed = replies.find(([err]) => err);
  if (failed) throw failed[0]!;
  return replies.map(([, value]) => value);
}

export class RedisFaxStore implements FaxStore {
  private readonly records: FaxRedis;

  constructor(
    private readonly redis: RedisClient,
    /** Where the fax records go: the accounting connection when there is one. */
    records: RedisClient,
    private readonly keys: Keys,
    private readonly policy: FaxStorePolicy,
  ) {
    defineVariadicScript(records, 'firebridgeRecordFax', RECORD_FAX);
    this.records = records as FaxRedis;
  }

  private async hashes<T>(keys: readonly string[], decode: (h: Record<string, string>) => T | undefined): Promise<T[]> {
    const found = await Promise.all(keys.map((k) => this.redis.hgetall(k)));
    return found.map(decode).filter((x): x is T => x !== undefined);
  }

  private async scan<T>(pattern: string, decode: (h: Record<string, string>) => T | undefined): Promise<T[]> {
    return this.hashes(await scanKeys(this.redis, pattern), decode);
  }

  /**
   * Replaces a record an account owns (a DID, a sender address; its hash has the field `account`),
   * moving `member` into the account's index set and out of the previous account's.
   */
  private async putOwned(hash: string, fields: Record<string, string>, member: string, account: string, setOf: (accountKey: string) => string): Promise<void> {
    const previous = await this.redis.hget(hash, 'account');
    const m = this.redis.multi().del(hash).hset(hash, fields).sadd(setOf(accountKey(account)), member);
    if (previous !== null && accountKey(previous) !== accountKey(account)) m.srem(setOf(accountKey(previous)), member);
    await execAll(m);
  }

  private async deleteOwned(hash: string, member: string, setOf: (accountKey: string) => string): Promise<boolean> {
    const account = await this.redis.hget(hash, 'account');
    const m = this.redis.multi().del(hash);
    if (account !== null) m.srem(setOf(accountKey(account)), member);
    const [removed] = await execAll(m);
    return removed === 1;
  }

  // Accounts

  async account(name: string): Promise<FaxAccount | undefined> {
    return accountFromHash(await this.redis.hgetall(this.keys.faxAccount(accountKey(name))));
  }

  async accountByUuid(uuid: string): Promise<FaxAccount | undefined> {
    const key = await this.redis.get(this.keys.faxAccountUuid(uuid));
    if (key === null) return undefined;
    const account = accountFromHash(await this.redis.hgetall(this.keys.faxAccount(key)));
    return account?.uuid === uuid ? account : undefined;
  }

  async putAccount(a: FaxAccount): Promise<void> {
    const key = accountKey(a.name);
    const hash = this.keys.faxAccount(key);
    const previous = await this.redis.hget(hash, 'uuid');
    const stale = previous !== null && previous !== a.uuid ? await this.ownUuidIndex(previous, key) : undefined;
    const m = this.redis.multi().del(hash).hset(hash, accountToHash(a)).set(this.keys.faxAccountUuid(a.uuid), key);
    if (stale) m.del(stale);
    await execAll(m);
  }

  /** The index key of a UUID while it names this account; not once another holds it (a rename). */
  private async ownUuidIndex(uuid: string, key: string): Promise<string | undefined> {
    const index = this.keys.faxAccountUuid(uuid);
    return (await this.redis.get(index)) === key ? index : undefined;
  }

  async deleteAccount(name: string): Promise<boolean> {
    const key = accountKey(name);
    const hash = this.keys.faxAccount(key);
    const emailSet = this.keys.faxAccountEmails(key);
    const [uuid, emails] = await Promise.all([this.redis.hget(hash, 'uuid'), this.redis.smembers(emailSet)]);
    const [owners, uuidIndex] = await Promise.all([
      Promise.all(emails.map((e) => this.redis.hget(this.keys.faxSenderEmail(e), 'account'))),
      uuid !== null ? this.ownUuidIndex(uuid, key) : undefined,
    ]);
    const m = this.redis.multi().del(hash).del(emailSet);
    // Only the addresses still this account's: an edit by hand (redis-cli) may have left the set behind.
    emails.forEach((e, i) => {
      const owner = owners[i];
      if (owner != null && accountKey(owner) === key) m.del(this.keys.faxSenderEmail(e));
    });
    if (uuidIndex) m.del(uuidIndex);
    const [removed] = await execAll(m);
    return removed === 1;
  }

  async accounts(): Promise<FaxAccount[]> {
    return (await this.scan(this.keys.faxAccountPattern(), accountFromHash)).sort(byText((a) => accountKey(a.name)));
  }

  // DIDs

  async did(did: string): Promise<FaxDid | undefined> {
    return didFromHash(await this.redis.hgetall(this.keys.faxDid(did)));
  }

  async putDid(d: FaxDid): Promise<void> {
    await this.putOwned(this.keys.faxDid(d.did), didToHash(d), d.did, d.account, (k) => this.keys.faxAccountDids(k));
  }

  async deleteDid(did: string): Promise<boolean> {
    return this.deleteOwned(this.keys.faxDid(did), did, (k) => this.keys.faxAccountDids(k));
  }

  async dids(): Promise<FaxDid[]> {
    return (await this.scan(this.keys.faxDidPattern(), didFromHash)).sort(byText((d) => d.did));
  }

  async didsOf(account: string): Promise<FaxDid[]> {
    const key = accountKey(account);
    const members = await this.redis.smembers(this.keys.faxAccountDids(key));
    const dids = await this.hashes(members.map((d) => this.keys.faxDid(d)), didFromHash);
    return dids.filter((d) => accountKey(d.account) === key).sort(byText((d) => d.did));
  }

  // Sender e-mail addresses

  async senderEmail(email: string): Promise<FaxSenderEmail | undefined> {
    return senderEmailFromHash(await this.redis.hgetall(this.keys.faxSenderEmail(email.toLowerCase())));
  }

  async putSenderEmail(entry: FaxSenderEmail): Promise<void> {
    const email = entry.email.toLowerCase();
    await this.putOwned(this.keys.faxSenderEmail(email), senderEmailToHash({ email, account: entry.account }), email, entry.account, (k) => this.keys.faxAccountEmails(k));
  }

  async deleteSenderEmail(address: string): Promise<boolean> {
    const email = address.toLowerCase();
    return this.deleteOwned(this.keys.faxSenderEmail(email), email, (k) => this.keys.faxAccountEmails(k));
  }

  async senderEmails(): Promise<FaxSenderEmail[]> {
    return (await this.scan(this.keys.faxSenderEmailPattern(), senderEmailFromHash)).sort(byText((e) => e.email));
  }

  // Fax ATAs: the hash under the ATA's ref (fax.ts ataRef), and a serial → ref index.

  async ataByMac(mac: string): Promise<FaxAta | undefined> {
    return ataFromHash(await this.redis.hgetall(this.keys.faxAta(`mac:${macKey(mac)}`)));
  }

  async ataBySerial(serial: string): Promise<FaxAta | undefined> {
    const ref = await this.redis.get(this.keys.faxAtaSerial(serial));
    if (ref === null) return undefined;
    const ata = ataFromHash(await this.redis.hgetall(this.keys.faxAta(ref)));
    return ata?.serial === serial ? ata : undefined;
  }

  async putAta(given: FaxAta): Promise<void> {
    const ata = given.mac ? { ...given, mac: macKey(given.mac) } : given;
    const ref = ataRef(ata);
    const hash = this.keys.faxAta(ref);
    const [previousSerial, sameSerial] = await Promise.all([
      this.redis.hget(hash, 'serial'),
      ata.serial ? this.redis.get(this.keys.faxAtaSerial(ata.serial)) : null,
    ]);
    const m = this.redis.multi();
    // The ATA that had this serial under another ref (another MAC, or none) is replaced by this one.
    if (sameSerial !== null && sameSerial !== ref) m.del(this.keys.faxAta(sameSerial));
    if (previousSerial && previousSerial !== ata.serial) m.del(this.keys.faxAtaSerial(previousSerial));
    m.del(hash).hset(hash, ataToHash(ata));
    if (ata.serial) m.set(this.keys.faxAtaSerial(ata.serial), ref);
    await execAll(m);
  }

  async deleteAta(key: { mac: string } | { serial: string }): Promise<boolean> {
    const ref = 'mac' in key ? `mac:${macKey(key.mac)}` : await this.redis.get(this.keys.faxAtaSerial(key.serial));
    if (ref === null) return false;
    const hash = this.keys.faxAta(ref);
    const serial = await this.redis.hget(hash, 'serial');
    const m = this.redis.multi().del(hash);
    if (serial) m.del(this.keys.faxAtaSerial(serial));
    const [removed] = await execAll(m);
    return removed === 1;
  }

  async atas(): Promise<FaxAta[]> {
    return (await this.scan(this.keys.faxAtaPattern(), ataFromHash)).sort(byText(ataRef));
  }

  // Called Numbers and fax records

  async calledNumber(number: string): Promise<CalledNumber | undefined> {
    return calledNumberFromHash(await this.redis.hgetall(this.keys.faxCalledNumber(number)));
  }

  async recordFax(e: FaxEvent): Promise<FaxWriteResult> {
    const keys = [this.keys.faxDone(e.status, e.sessionId), this.keys.faxRecords()];
    const args: Array<string | number> = [this.policy.dedupeMs, this.policy.maxRecords];
    const called = calledNumberUpdate(e);
    if (called) {
      keys.push(this.keys.faxCalledNumber(called.number));
      args.push(called.number, calledNumberField(called.seen), e.receivedAt);
    }
    args.push(...Object.entries(faxRecordFields(e)).flat());
    const result = await this.records.firebridgeRecordFax(keys.length, ...keys, ...args);
    return result === 'duplicate' ? 'duplicate' : 'stored';
  }

  async faxRecords(sinceMs: number, count: number): Promise<FaxRecord[]> {
    const start = String(Math.max(0, Math.floor(sinceMs)));
    const entries = await this.records.xrange(this.keys.faxRecords(), start, '+', 'COUNT', count);
    return entries.map(([id, flat]) => ({ id, fields: streamEntryFields(flat) }));
  }

  faxRecordStream(): string {
    return this.keys.faxRecords();
  }
}
