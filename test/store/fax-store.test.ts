// The fax store contract (store/fax.ts), run against every Redis topology and the in-process store
// with the same expectations: the FaxBack directory with its case-insensitive names and indexes, and
// fax accounting kept once per (Acct-Session-Id, status) with its Called Numbers update.
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaxAccount, FaxDid } from '../../src/faxback/records.js';
import type { FaxEvent } from '../../src/faxback/fax-event.js';
import { connectRedis, redisStore } from '../../src/store/index.js';
import { connectTest, makeStore, STORE_KINDS, TEST_CALL_POLICY, uniquePrefix, type StoreUnderTest } from '../support/stores.js';
import { untilTrue } from '../support/wait.js';

const acme: FaxAccount = {
  name: 'AcmeFax',
  uuid: '05a32765c400499390d835289f96988a',
  passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  type: 0,
  send: true,
  receive: false,
  sendTimeExpired: false,
  receiveTimeExpired: true,
  callAhead: 'always',
  sendOnBehalfOf: true,
  saveCdr: true,
  customer: 'Acme Ltd',
  receiveEmail: 'faxes@acme.example',
  receiveFormat: 2,
  failoverAccount: 'backup',
  failoverMode: 'always',
  uploadLogs: 'after-errors',
  modifiedAt: 1_763_800_000,
};
const other: FaxAccount = { ...acme, name: 'beta', uuid: 'ffffffffffffffffffffffffffffffff', customer: undefined };

const did = (number: string, account: string, over: Partial<FaxDid> = {}): FaxDid => ({ did: number, account, enabled: true, ...over });

function fax(status: FaxEvent['status'], sessionId: string, over: Partial<FaxEvent> = {}): FaxEvent {
  return {
    status,
    sessionId,
    account: 'AcmeFax',
    portServer: 'ps1',
    radiusSource: '127.0.0.1',
    fields: { dial_number: '01632960123', page_count: '3' },
    unknown: [],
    receivedAt: 1_763_800_000_000,
    ...over,
  };
}

describe.each(STORE_KINDS)('fax store (%s)', (kind) => {
  let s: StoreUnderTest;
  afterEach(async () => s?.close());

  describe('accounts', () => {
    it('finds an account by its name in any case and returns the stored spelling (spec §1.4)', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      expect(await store.account('acmefax')).toBeUndefined();
      await store.putAccount(acme);
      expect(await store.account('acmefax')).toEqual(acme);
      expect(await store.account('ACMEFAX')).toEqual(acme);
      expect((await store.account('aCmEfAx'))?.name).toBe('AcmeFax');
    });

    it('finds an account by its UUID (spec §6)', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAccount(acme);
      expect(await store.accountByUuid(acme.uuid)).toEqual(acme);
      expect(await store.accountByUuid('00000000000000000000000000000000')).toBeUndefined();
    });

    it('a put with the same name in another case replaces the account; a new UUID moves the index', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAccount(acme);
      const replaced: FaxAccount = { ...acme, name: 'ACMEFAX', uuid: '11111111111111111111111111111111', receive: true, customer: undefined };
      await store.putAccount(replaced);
      expect(await store.account('acmefax')).toEqual(replaced);
      expect((await store.account('acmefax'))?.customer).toBeUndefined();
      expect(await store.accounts()).toEqual([replaced]);
      expect(await store.accountByUuid(acme.uuid)).toBeUndefined();
      expect(await store.accountByUuid(replaced.uuid)).toEqual(replaced);
    });

    it('deleting removes the UUID index and the sender addresses; a renamed account keeps its UUID', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAccount(acme);
      await store.putAccount(other);
      await store.putSenderEmail({ email: 'a@acme.example', account: 'AcmeFax' });
      await store.putSenderEmail({ email: 'b@acme.example', account: 'acmefax' });
      await store.putSenderEmail({ email: 'c@beta.example', account: 'beta' });
      expect(await store.deleteAccount('ACMEfax')).toBe(true);
      expect(await store.deleteAccount('acmefax')).toBe(false);
      expect(await store.account('AcmeFax')).toBeUndefined();
      expect(await store.accountByUuid(acme.uuid)).toBeUndefined();
      expect(await store.senderEmails()).toEqual([{ email: 'c@beta.example', account: 'beta' }]);

      // A rename: the new name takes the UUID, then the old one goes; the UUID still finds the account.
      const renamed: FaxAccount = { ...other, name: 'gamma' };
      await store.putAccount(renamed);
      expect(await store.deleteAccount('beta')).toBe(true);
      expect(await store.accountByUuid(other.uuid)).toEqual(renamed);
      expect(await store.accounts()).toEqual([renamed]);
    });

    it('lists accounts by name, whatever their case', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      for (const name of ['delta', 'Charlie', 'bravo']) await store.putAccount({ ...acme, name, uuid: name.padEnd(32, '0') });
      expect((await store.accounts()).map((a) => a.name)).toEqual(['bravo', 'Charlie', 'delta']);
    });
  });

  describe('DIDs', () => {
    it('finds a DID, the catch-all `*` among them, and lists an account\'s DIDs in order', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putDid(did('01632960200', 'AcmeFax', { sendAni: '01632960999', queueProfile: '<QPXml Op="1"/>', lineNum: 2, lineId: 'line two' }));
      await store.putDid(did('01632960100', 'acmefax'));
      await store.putDid(did('*', 'Catchall', { enabled: false }));
      await store.putDid(did('01632960150', 'beta'));
      expect(await store.did('*')).toEqual(did('*', 'Catchall', { enabled: false }));
      expect(await store.did('01632960200')).toEqual(did('01632960200', 'AcmeFax', { sendAni: '01632960999', queueProfile: '<QPXml Op="1"/>', lineNum: 2, lineId: 'line two' }));
      expect(await store.did('01632960300')).toBeUndefined();
      expect((await store.didsOf('ACMEFAX')).map((d) => d.did)).toEqual(['01632960100', '01632960200']);
      expect((await store.didsOf('nobody')).map((d) => d.did)).toEqual([]);
      expect((await store.dids()).map((d) => d.did)).toEqual(['*', '01632960100', '01632960150', '01632960200']);
    });

    it('a DID moved to another account, or deleted, leaves no index behind', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putDid(did('01632960100', 'AcmeFax'));
      await store.putDid(did('01632960101', 'AcmeFax'));
      await store.putDid(did('01632960100', 'beta'));
      expect((await store.didsOf('acmefax')).map((d) => d.did)).toEqual(['01632960101']);
      expect((await store.didsOf('beta')).map((d) => d.did)).toEqual(['01632960100']);
      expect(await store.deleteDid('01632960101')).toBe(true);
      expect(await store.deleteDid('01632960101')).toBe(false);
      expect(await store.didsOf('acmefax')).toEqual([]);
      expect(await store.dids()).toEqual([did('01632960100', 'beta')]);
    });

    it('deleting an account leaves its DIDs to the caller, still listed under its name', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAccount(acme);
      await store.putDid(did('01632960100', 'AcmeFax'));
      await store.deleteAccount('AcmeFax');
      expect((await store.didsOf('acmefax')).map((d) => d.did)).toEqual(['01632960100']);
    });
  });

  describe('sender e-mail addresses', () => {
    it('are found in any case, kept in lower case, moved and deleted', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putSenderEmail({ email: 'Jo.Bloggs@Acme.Example', account: 'AcmeFax' });
      expect(await store.senderEmail('jo.bloggs@acme.example')).toEqual({ email: 'jo.bloggs@acme.example', account: 'AcmeFax' });
      expect(await store.senderEmail('JO.BLOGGS@ACME.EXAMPLE')).toEqual({ email: 'jo.bloggs@acme.example', account: 'AcmeFax' });
      await store.putSenderEmail({ email: 'jo.bloggs@acme.example', account: 'beta' });
      await store.putAccount(acme);
      await store.deleteAccount('AcmeFax'); // the address is beta's now: it stays
      expect(await store.senderEmail('Jo.Bloggs@acme.example')).toEqual({ email: 'jo.bloggs@acme.example', account: 'beta' });
      expect(await store.deleteSenderEmail('JO.bloggs@acme.example')).toBe(true);
      expect(await store.deleteSenderEmail('jo.bloggs@acme.example')).toBe(false);
      expect(await store.senderEmails()).toEqual([]);
    });
  });

  describe('fax ATAs', () => {
    it('finds an ATA by MAC in any notation and by serial; deleting by either removes both', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      const ata = { mac: '00:90:8f:1d:37:f0', serial: '12345678', account: 'AcmeFax', provisioningArg: 'x=1', queueProfile: '<QPXml Ln="en-US"/>' };
      const stored = { ...ata, mac: '00908F1D37F0' };
      await store.putAta(ata);
      expect(await store.ataByMac('00908F1D37F0')).toEqual(stored);
      expect(await store.ataByMac('00-90-8F-1D-37-F0')).toEqual(stored);
      expect(await store.ataBySerial('12345678')).toEqual(stored);
      expect(await store.deleteAta({ serial: '12345678' })).toBe(true);
      expect(await store.ataByMac('00908F1D37F0')).toBeUndefined();
      expect(await store.ataBySerial('12345678')).toBeUndefined();
      expect(await store.deleteAta({ serial: '12345678' })).toBe(false);

      await store.putAta(ata);
      expect(await store.deleteAta({ mac: '00908f1d37f0' })).toBe(true);
      expect(await store.ataBySerial('12345678')).toBeUndefined();
      expect(await store.deleteAta({ mac: '00908f1d37f0' })).toBe(false);
      expect(await store.atas()).toEqual([]);
    });

    it('an ATA with only a serial, or a put with a MAC or serial another ATA had, replaces that one', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAta({ serial: 'S1', account: 'AcmeFax' });
      expect(await store.ataBySerial('S1')).toEqual({ serial: 'S1', account: 'AcmeFax' });
      await store.putAta({ mac: '00908F1D37F0', serial: 'S1', account: 'beta' });
      expect(await store.atas()).toEqual([{ mac: '00908F1D37F0', serial: 'S1', account: 'beta' }]);
      await store.putAta({ mac: '00908F1D37F0', serial: 'S2', account: 'beta' });
      expect(await store.ataBySerial('S1')).toBeUndefined();
      expect(await store.ataBySerial('S2')).toEqual({ mac: '00908F1D37F0', serial: 'S2', account: 'beta' });
      await store.putAta({ mac: '0090AAAAAAAA', serial: 'S2', account: 'gamma' });
      expect(await store.ataByMac('00908F1D37F0')).toBeUndefined();
      expect(await store.atas()).toEqual([{ mac: '0090AAAAAAAA', serial: 'S2', account: 'gamma' }]);
      await expect(store.putAta({ account: 'nobody' })).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('fax accounting', () => {
    it('keeps Start and Stop of a session, and a resent Stop once (spec §4.2)', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      expect(await store.recordFax(fax('start', 'sess-1'))).toBe('stored');
      expect(await store.recordFax(fax('start', 'sess-1'))).toBe('duplicate');
      expect(await store.recordFax(fax('alive', 'sess-1'))).toBe('stored');
      expect(await store.recordFax(fax('stop', 'sess-1', { fields: { page_count: '4' } }))).toBe('stored');
      expect(await store.recordFax(fax('stop', 'sess-1', { fields: { page_count: '5' } }))).toBe('duplicate');
      // Acct-Session-Id is case-sensitive (spec §3.2).
      expect(await store.recordFax(fax('stop', 'SESS-1'))).toBe('stored');
      const records = await store.faxRecords(0, 100);
      expect(records.map((r) => [r.fields.session_id, r.fields.status])).toEqual([
        ['sess-1', 'start'],
        ['sess-1', 'alive'],
        ['sess-1', 'stop'],
        ['SESS-1', 'stop'],
      ]);
      expect(records[2]!.fields).toEqual({
        page_count: '4',
        session_id: 'sess-1',
        status: 'stop',
        account: 'AcmeFax',
        port_server: 'ps1',
        radius_source: '127.0.0.1',
        received_at: '1763800000',
      });
    });

    it('keeps unknown vendor attributes in the record (spec §8.5)', async () => {
      s = await makeStore(kind);
      await s.store.fax.recordFax(fax('stop', 'sess-u', { unknown: [[200, '0a0b'], [201, '']] }));
      expect((await s.store.fax.faxRecords(0, 1))[0]!.fields.unknown).toBe('200:0a0b,201:');
    });

    it('Called Numbers: a fax proves a fax machine; a voice is kept for good, past later successes (spec §5)', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      const number = '01632960123';
      expect(await store.calledNumber(number)).toBeUndefined();
      await store.recordFax(fax('stop', 'a', { calledNumber: { number, result: 'fax-error' }, receivedAt: 1_000 }));
      expect(await store.calledNumber(number)).toEqual({ number, faxSeen: true, voiceSeen: false, updatedAt: 1_000 });
      await store.recordFax(fax('stop', 'b', { calledNumber: { number, result: 'voice-error' }, receivedAt: 2_000 }));
      await store.recordFax(fax('stop', 'c', { calledNumber: { number, result: 'success' }, receivedAt: 3_000 }));
      expect(await store.calledNumber(number)).toEqual({ number, faxSeen: true, voiceSeen: true, updatedAt: 3_000 });
      // A resent Stop changes nothing, Called Numbers included.
      expect(await store.recordFax(fax('stop', 'c', { calledNumber: { number, result: 'voice-error' }, receivedAt: 4_000 }))).toBe('duplicate');
      expect((await store.calledNumber(number))?.updatedAt).toBe(3_000);
      await store.recordFax(fax('stop', 'd', { calledNumber: { number: '01632960999', result: 'voice-error' } }));
      expect(await store.calledNumber('01632960999')).toMatchObject({ faxSeen: false, voiceSeen: true });
      expect(await store.calledNumber('01632960000')).toBeUndefined();
    });

    it('reads the fax records oldest first, from a time on, up to the count', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.recordFax(fax('stop', 'first'));
      const [first] = await store.faxRecords(0, 10);
      const firstMs = Number(first!.id.split('-')[0]);
      // The next records must carry a later millisecond than the first for `since` to tell them apart.
      await untilTrue('the clock to pass the first record', () => Date.now() > firstMs, 1_000, 1);
      for (const id of ['second', 'third']) await store.recordFax(fax('stop', id));
      const ids = (records: Array<{ fields: Readonly<Record<string, string>> }>) => records.map((r) => r.fields.session_id);
      expect(ids(await store.faxRecords(0, 10))).toEqual(['first', 'second', 'third']);
      expect(ids(await store.faxRecords(0, 2))).toEqual(['first', 'second']);
      expect(ids(await store.faxRecords(firstMs + 1, 10))).toEqual(['second', 'third']);
    });
  });

  if (kind !== 'memory') {
    it('is readable with redis-cli: hashes per record, one fax-record stream', async () => {
      s = await makeStore(kind);
      const store = s.store.fax;
      await store.putAccount(acme);
      await store.putDid(did('*', 'AcmeFax'));
      await store.recordFax(fax('stop', 'sess-1', { calledNumber: { number: '01632960123', result: 'success' } }));
      const redis = s.redis!;
      expect(await redis.hgetall(`${s.prefix}{fax}:account:acmefax`)).toMatchObject({
        name: 'AcmeFax',
        uuid: acme.uuid,
        type: '0',
        send: '1',
        receive: '0',
        call_ahead: 'always',
        customer: 'Acme Ltd',
        failover_mode: 'always',
        modified_at: '1763800000',
      });
      expect(await redis.get(`${s.prefix}{fax}:account-uuid:${acme.uuid}`)).toBe('acmefax');
      expect(await redis.hgetall(`${s.prefix}{fax}:did:*`)).toEqual({ did: '*', account: 'AcmeFax', enabled: '1' });
      expect(await redis.hgetall(`${s.prefix}{fax}:called:01632960123`)).toEqual({ number: '01632960123', fax_seen: '1', updated_at: String(fax('stop', '').receivedAt) });
      expect(store.faxRecordStream()).toBe(`${s.prefix}{fax}:records`);
      expect(await redis.xlen(`${s.prefix}{fax}:records`)).toBe(1);
    });

    it('caps the fax-record stream at about maxRecords', async () => {
      s = await makeStore(kind, { ...TEST_CALL_POLICY, maxRecords: 10 });
      for (let i = 0; i < 500; i++) await s.store.fax.recordFax(fax('stop', `cap-${i}`));
      // MAXLEN ~ trims whole stream nodes (100 entries by default), so about, never below the cap.
      const length = await s.redis!.xlen(s.store.fax.faxRecordStream()!);
      expect(length).toBeGreaterThanOrEqual(10);
      expect(length).toBeLessThan(500);
    });
  }
});

describe('fax store (redis, own accounting connection)', () => {
  it('writes and reads the fax records on the accounting connection, so WAIT after it covers them', async () => {
    // The shared connection points nowhere: a record that went through it would fail.
    const shared = connectRedis({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 100, lazyConnect: true });
    shared.on('error', () => {}); // refused, as intended
    const accounting = await connectTest('redis');
    const store = redisStore(shared, uniquePrefix(), TEST_CALL_POLICY, Date.now, { accountingConnection: accounting as Redis });
    try {
      expect(await store.fax.recordFax(fax('stop', 'sess-1'))).toBe('stored');
      expect((await store.fax.faxRecords(0, 10)).map((r) => r.fields.session_id)).toEqual(['sess-1']);
      await expect(store.fax.account('AcmeFax')).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
