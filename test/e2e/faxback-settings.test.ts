// The per-port-server settings of README → FaxBack port servers, through a running firebridge: UUID
// mode (64-character names, the UUIDs in the Account-Login reply in the chosen encoding, Pre-Send by
// FB-Account-UUID in any encoding), the optional commands switched off (empty Accepts), and the
// call-ahead answer moved to Get-Call-Ahead-Mode.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_DICTIONARY, faxbackRequestAttributes, hashPassword, type FaxbackDictionary } from '../../src/faxback/index.js';
import type { FaxAccount } from '../../src/faxback/records.js';
import { Attr, Code, serializeRequest } from '../../src/radius/index.js';
import { account, fbVsa } from '../faxback/support.js';
import type { Reply } from '../support/firebrick-standin.js';
import { dictionaryFileText, dictionaryFrom, PortServerStandIn, startFaxbackServer, writeDictionaryFile } from '../support/port-server.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';

/** Made-up numbers (FaxBack's are unpublished, spec §8), the same for firebridge and the stand-in. */
const UUID_NUMBERS = { 'FB-Account-UUID': 206, 'FB-Rcv-Failover-Account-UUID': 207 } as const;

/** The reply as [name, value]: User-Name as text, each FaxBack sub-attribute by its dictionary name, integers as numbers. */
function answer(reply: Reply | undefined, dictionary: FaxbackDictionary): { code: number | undefined; attributes: Array<[string, string | number]> } {
  const attributes: Array<[string, string | number]> = [];
  for (const a of reply?.packet.attributes ?? []) {
    if (a.type === Attr.UserName) attributes.push(['User-Name', a.value.toString()]);
    if (a.type === Attr.ReplyMessage) attributes.push(['Reply-Message', a.value.toString()]);
    if (a.type !== Attr.VendorSpecific) continue;
    expect(a.value.readUInt32BE(0)).toBe(30694);
    const spec = dictionary.byNumber(a.value[4]!)!;
    const value = a.value.subarray(6, a.value[5]! + 4);
    attributes.push([spec.name, spec.type === 'integer' ? value.readUInt32BE(0) : value.toString('latin1')]);
  }
  return { code: reply?.code, attributes };
}

async function putAccount(server: TestServer, over: Partial<FaxAccount> & { name: string }): Promise<FaxAccount> {
  const a = account({ uuid: randomUUID().replace(/-/g, ''), ...over });
  await server.store.fax.putAccount(a);
  return a;
}

const dashed = (uuid: string): string => uuid.toUpperCase().replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

describe('UUID mode (spec §6)', () => {
  const text = dictionaryFileText(UUID_NUMBERS);
  const dictionary = dictionaryFrom(text);
  let server: TestServer;
  let portServer: PortServerStandIn;
  beforeAll(async () => {
    server = await startFaxbackServer({ profile: { uuidMode: true, uuidEncoding: 'dash' }, dictionaryFile: writeDictionaryFile(text) });
    portServer = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort, dictionary);
  });
  afterAll(async () => {
    portServer?.close();
    await server?.stop();
  });

  it('a 64-character name logs in, and the reply carries its UUID and its failover account\'s, dashed', async () => {
    const name = `${'Ä'.repeat(10)}${'n'.repeat(54)}`;
    const failover = await putAccount(server, { name: 'Backup' });
    const main = await putAccount(server, { name, type: 4, failoverAccount: 'Backup', passwordHash: await hashPassword('pw-uuid') });
    expect(answer(await portServer.access({ command: 1, context: 1, userName: name.toLowerCase(), password: 'pw-uuid' }), dictionary)).toEqual({
      code: Code.AccessAccept,
      attributes: [
        ['FB-Account-Type', 4],
        ['FB-Account-UUID', dashed(main.uuid)],
        ['FB-Rcv-Failover-Account-UUID', dashed(failover.uuid)],
      ],
    });
    expect(answer(await portServer.access({ command: 1, context: 1, userName: `${name}x`, password: 'pw-uuid' }), dictionary)).toEqual({
      code: Code.AccessReject,
      attributes: [['Reply-Message', 'the account name is not valid']],
    });
  });

  it('Pre-Send may name the account by FB-Account-UUID, in any of the three encodings (hex with or without 0x, dashed, binary)', async () => {
    const sender = await putAccount(server, { name: 'ByUuid', customer: 'x' });
    for (const uuid of [`0x${sender.uuid.toUpperCase()}`, dashed(sender.uuid).toLowerCase(), sender.uuid]) {
      const reply = await portServer.access({ command: 1, context: 3, sessionId: 's-u', attributes: [['FB-Account-UUID', uuid], ['FB-Transfer-Type', 1]] });
      expect(answer(reply, dictionary), uuid).toEqual({ code: Code.AccessAccept, attributes: [] });
    }
    // Binary: 16 raw octets, which the request encoder writes only from text, so the packet is made here.
    const binary = serializeRequest(
      Code.AccessRequest,
      77,
      [...faxbackRequestAttributes(dictionary, { command: 1, context: 3, sessionId: 's-u' }), fbVsa(UUID_NUMBERS['FB-Account-UUID'], Buffer.from(sender.uuid, 'hex'))],
      Buffer.from(TEST_SECRET),
      { messageAuthenticator: false },
    );
    expect(answer(await portServer.raw(binary), dictionary)).toEqual({ code: Code.AccessAccept, attributes: [] });
    const unknown = await portServer.access({ command: 1, context: 3, sessionId: 's-u', attributes: [['FB-Account-UUID', randomUUID()]] });
    expect(answer(unknown, dictionary)).toEqual({ code: Code.AccessReject, attributes: [['Reply-Message', 'unknown account']] });
  });
});

describe('optional commands and where call-ahead is answered', () => {
  const dictionary = BUILT_IN_DICTIONARY;
  let off: TestServer;
  let separate: TestServer;
  const stands: PortServerStandIn[] = [];
  beforeAll(async () => {
    [off, separate] = await Promise.all([
      startFaxbackServer({ profile: { answer: { getDid: false, getDidsForAccount: false, callAhead: false } } }),
      startFaxbackServer({ profile: { callAheadIn: 'get-call-ahead-mode' } }),
    ]);
    for (const s of [off, separate]) {
      await putAccount(s, { name: 'Ata', callAhead: 'always' });
      await s.store.fax.putDid({ did: '2222', account: 'Ata', enabled: true, sendAni: '5551119999' });
    }
  });
  afterAll(async () => {
    for (const s of stands) s.close();
    await Promise.all([off?.stop(), separate?.stop()]);
  });
  const ask = async (server: TestServer, spec: Parameters<PortServerStandIn['access']>[0]): Promise<ReturnType<typeof answer>> => {
    const s = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort);
    stands.push(s);
    return answer(await s.access(spec), dictionary);
  };
  const empty = { code: Code.AccessAccept, attributes: [] };
  const queuedSend = { command: 1, context: 3, userName: 'Ata', sessionId: 's-q', attributes: [['FB-Dial-Number', '5550001111'], ['FB-Transfer-Type', 2]] } as const;

  it('answer.getDid, answer.getDidsForAccount and answer.callAhead off: empty Accepts, and no call-ahead in Pre-Send', async () => {
    expect(await ask(off, { command: 8, context: 3, userName: '2222', sessionId: 's-1' })).toEqual(empty);
    expect(await ask(off, { command: 9, context: 5, userName: 'Ata' })).toEqual(empty);
    expect(await ask(off, { command: 5, context: 3, userName: '5550001111', sessionId: 's-1' })).toEqual(empty);
    expect(await ask(off, queuedSend)).toEqual(empty);
  });

  it('callAheadIn get-call-ahead-mode: the Pre-Send reply leaves the answer out, Get-Call-Ahead-Mode gives it', async () => {
    expect(await ask(separate, queuedSend)).toEqual(empty);
    expect(await ask(separate, { command: 5, context: 3, userName: '5550001111', sessionId: 's-1' })).toEqual({ code: Code.AccessAccept, attributes: [['FB-Call-Ahead-Mode', 1]] });
    expect(await ask(separate, { command: 8, context: 3, userName: '2222', sessionId: 's-1' })).toEqual({
      code: Code.AccessAccept,
      attributes: [['User-Name', 'Ata'], ['FB-Snd-ANI', '5551119999']],
    });
  });
});

describe('answers that do not fit (README: not supported)', () => {
  const text = dictionaryFileText({ 'FB-Provisioning-Arg': 209 });
  const dictionary = dictionaryFrom(text);
  let server: TestServer;
  let portServer: PortServerStandIn;
  beforeAll(async () => {
    server = await startFaxbackServer({ dictionaryFile: writeDictionaryFile(text) });
    portServer = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort, dictionary);
  });
  afterAll(async () => {
    portServer?.close();
    await server?.stop();
  });
  const doesNotFit = { code: Code.AccessReject, attributes: [['Reply-Message', 'the answer does not fit a RADIUS reply']] };

  it('a value over 247 octets, and a reply over 4096 octets, become an Access-Reject, logged with the reason', async () => {
    await putAccount(server, { name: 'Big' });
    // Written past the `fax` command, which refuses such a value.
    await server.store.fax.putAta({ mac: '00908F1D37F2', account: 'Big', provisioningArg: 'p'.repeat(248) });
    expect(answer(await portServer.access({ command: 7, context: 5, userName: '00908F1D37F2' }), dictionary)).toEqual(doesNotFit);
    for (let i = 0; i < 300; i++) await server.store.fax.putDid({ did: `555100${String(i).padStart(4, '0')}`, account: 'Big', enabled: true });
    expect(answer(await portServer.access({ command: 9, context: 5, userName: 'Big' }), dictionary)).toEqual(doesNotFit);
    const logged = server.logs.filter((l) => l.msg === 'FaxBack reply cannot be encoded').map((l) => String(l.err));
    expect(logged).toEqual([expect.stringMatching(/^FB-Provisioning-Arg: /), expect.stringMatching(/^reply: \d+ octets of attributes do not fit one RADIUS packet/)]);
  });
});
