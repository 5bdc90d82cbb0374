// The decisions of spec §2.3, row by row, with the rules of §2.2: known-but-disabled as an Accept
// with the flag at 0 (a Reject while the flag is unnumbered, §8.4), optional commands off as an
// empty Accept, Get-DID not found as an empty Accept, Load-Balance refused; call-ahead per §5.
import { describe, expect, it } from 'vitest';
import { callAheadAnswer, refusalDecision } from '../../src/faxback/decide.js';
import type { FaxbackDecision } from '../../src/faxback/decision.js';
import { BUILT_IN_DICTIONARY } from '../../src/faxback/dictionary.js';
import { encodeReply, ReplyEncodingError } from '../../src/faxback/encode-reply.js';
import { gatherFacts, lookupsFor, type FaxbackFactsSource } from '../../src/faxback/lookups.js';
import { hashPassword } from '../../src/faxback/password.js';
import type { CalledNumber, FaxAccount, FaxAta, FaxDid, FaxSenderEmail } from '../../src/faxback/records.js';
import { Attr, Code } from '../../src/radius/index.js';
import type { FaxStore } from '../../src/store/fax.js';
import { FULL_DICTIONARY, account, decide, did, faxRequest, fbVsa, profile, read } from './support.js';

const full = { dictionary: FULL_DICTIONARY };
const attrs = (d: FaxbackDecision) => (d.kind === 'accept' ? d.attributes : d);
const kindOf = (d: FaxbackDecision) => (d.kind === 'accept' ? `accept:${d.outcome}` : `reject:${d.reason}`);

const login = faxRequest(1, 1, [[Attr.UserName, 'account']], 'pw');
const validate = faxRequest(1, 2, [[Attr.UserName, 'account']], 'pw');
const preSend = (transferType = 2) => faxRequest(1, 3, [[Attr.UserName, 'account'], fbVsa(34, '5551112345'), fbVsa(58, transferType)]);
const preReceive = faxRequest(1, 4, [[Attr.UserName, 'account'], fbVsa(34, '5551231234'), fbVsa(58, 1)]);
const accountInfo = faxRequest(1, 5, [[Attr.UserName, 'account']]);
const routeDid = faxRequest(2, 4, [[Attr.UserName, '5551231234']]);
const didEmail = faxRequest(2, 5, [[Attr.UserName, '5551231234']]);
const byMac = faxRequest(7, 5, [[Attr.UserName, '00908F1D37F0']]);
const bySerial = faxRequest(6, 5, [[Attr.UserName, '27482734']]);
const callAhead = faxRequest(5, 3, [[Attr.UserName, '5551231234']]);
const sender = faxRequest(3, 5, [[Attr.UserName, 'user@example.com']]);
const getDid = (context: number) => faxRequest(8, context, [[Attr.UserName, '2222']]);
const didsFor = faxRequest(9, 5, [[Attr.UserName, 'account']]);
const groups = faxRequest(4, 4, [[Attr.UserName, 'group']]);

describe('rows 1 and 2: Account-Login and Account-Validate', () => {
  it('accepts a known account with the right password, FB-Account-Type always', () => {
    expect(attrs(decide(login, { account: account(), passwordOk: true }))).toEqual([['FB-Account-Type', 0]]);
    expect(attrs(decide(validate, { account: account({ type: 4 }), passwordOk: true }))).toEqual([['FB-Account-Type', 4]]);
  });

  it('refuses an unknown account and a wrong password alike, telling only the log which', () => {
    const unknown = decide(login, {});
    const wrong = decide(login, { account: account(), passwordOk: false });
    const unchecked = decide(validate, { account: account() });
    expect([unknown, wrong, unchecked].map(kindOf)).toEqual(['reject:unknown-account', 'reject:wrong-password', 'reject:wrong-password']);
    expect(new Set([unknown, wrong].map((d) => d.kind === 'reject' && d.message)).size).toBe(1);
  });

  it('login carries the account settings the dictionary can number: login group, call-ahead 0/1/2, upload-logs', () => {
    const a = account({ loginGroup: 'EU', callAhead: 'always', uploadLogs: 'after-errors' });
    expect(attrs(decide(login, { account: a, passwordOk: true }, full))).toEqual([
      ['FB-Account-Type', 0],
      ['FB-Account-Login-Group', 'EU'],
      ['FB-Call-Ahead-Mode', 2],
      ['FB-Upload-Logs', 1],
    ]);
    const builtIn = decide(login, { account: a, passwordOk: true });
    expect(builtIn.kind === 'accept' && [builtIn.attributes, builtIn.omitted]).toEqual([
      [['FB-Account-Type', 0], ['FB-Call-Ahead-Mode', 2]],
      ['FB-Account-Login-Group', 'FB-Upload-Logs'],
    ]);
    expect(attrs(decide(login, { account: account({ callAhead: 'never' }), passwordOk: true }))).toContainEqual(['FB-Call-Ahead-Mode', 0]);
  });

  it('UUID mode: the account\'s and its failover account\'s UUIDs, in the profile\'s encoding (spec §6)', () => {
    const p = profile({ uuidMode: true, uuidEncoding: 'hex' });
    const d = decide(login, { account: account({ failoverAccount: 'backup' }), failoverAccount: account({ name: 'backup', uuid: 'ffffffffffffffffffffffffffffffff' }), passwordOk: true }, { ...full, profile: p });
    expect(attrs(d)).toEqual([
      ['FB-Account-Type', 0],
      ['FB-Account-UUID', '05a32765c400499390d835289f96988a'],
      ['FB-Rcv-Failover-Account-UUID', 'ffffffffffffffffffffffffffffffff'],
    ]);
    const wire = encodeReply(d, { dictionary: FULL_DICTIONARY, profile: p }).attributes;
    expect((wire[1]![1] as Buffer).subarray(6).toString()).toBe('0x05A32765C400499390D835289F96988A');
    expect((wire[1]![1] as Buffer)[4]).toBe(101);
  });
});

describe('row 3: Pre-Send-Session', () => {
  it('an enabled account with defaults: empty Accept (as the manual\'s example, p.16)', () => {
    expect(attrs(decide(preSend(1), { account: account() }))).toEqual([]);
  });

  it('carries the account\'s send and CDR settings, in spec order', () => {
    const a = account({ sendOnBehalfOf: true, cdrInfo: 'info', customer: 'Cust', source: 'Src', saveCdr: false, sendAni: '111', sendTsid: 'TSI', ruleGroup: 'RG', uploadLogs: 'always', callAhead: 'never' });
    expect(attrs(decide(preSend(1), { account: a }, full))).toEqual([
      ['FB-Snd-On-Behalf-Of', 1],
      ['FB-CDR-Info', 'info'],
      ['FB-Customer', 'Cust'],
      ['FB-Source', 'Src'],
      ['FB-Save-CDR', 0],
      ['FB-Snd-ANI', '111'],
      ['FB-Snd-TSID', 'TSI'],
      ['FB-Rule-Group', 'RG'],
      ['FB-Upload-Logs', 2],
    ]);
  });

  it('known but disabled: Accept with FB-Snd-From-Account=0; unnumbered, Access-Reject (spec §8.4)', () => {
    expect(attrs(decide(preSend(), { account: account({ send: false }) }, full))).toEqual([['FB-Snd-From-Account', 0]]);
    const d = decide(preSend(), { account: account({ send: false }) });
    expect(d).toMatchObject({ kind: 'reject', reason: 'send-disabled:FB-Snd-From-Account-unnumbered', message: 'sending is disabled for this account' });
  });

  it('no send time left: FB-Snd-Time-Expired=1, or Reject while unnumbered', () => {
    expect(attrs(decide(preSend(), { account: account({ sendTimeExpired: true }) }, full))).toEqual([['FB-Snd-Time-Expired', 1]]);
    expect(kindOf(decide(preSend(), { account: account({ sendTimeExpired: true }) }))).toBe('reject:send-time-expired:FB-Snd-Time-Expired-unnumbered');
  });

  it('unknown account: Reject', () => {
    expect(kindOf(decide(preSend(), {}))).toBe('reject:unknown-account');
  });

  it('call-ahead only for queued sends (FB-Transfer-Type=2) with callAheadIn pre-send and call-ahead answered; 0/1 only (spec §7 #14)', () => {
    const seen: CalledNumber = { number: '5551112345', faxSeen: true, voiceSeen: false, updatedAt: 0 };
    const a = account({ callAhead: 'always' });
    expect(attrs(decide(preSend(2), { account: a }))).toEqual([['FB-Call-Ahead-Mode', 1]]);
    expect(attrs(decide(preSend(2), { account: account(), calledNumber: seen }))).toEqual([['FB-Call-Ahead-Mode', 0]]);
    expect(attrs(decide(preSend(1), { account: a }))).toEqual([]);
    expect(attrs(decide(preSend(2), { account: a }, { profile: profile({ callAheadIn: 'get-call-ahead-mode' }) }))).toEqual([]);
    expect(attrs(decide(preSend(2), { account: a }, { profile: profile({}, { callAhead: false }) }))).toEqual([]);
  });
});

describe('call-ahead truth table (spec §5)', () => {
  const cn = (faxSeen: boolean, voiceSeen: boolean): CalledNumber => ({ number: 'n', faxSeen, voiceSeen, updatedAt: 0 });
  it.each([
    ['never', undefined, 0],
    ['never', cn(false, true), 0],
    ['always', undefined, 1],
    ['always', cn(true, false), 1],
    ['dynamic', undefined, 1],
    ['dynamic', cn(false, false), 1],
    ['dynamic', cn(true, false), 0],
    ['dynamic', cn(true, true), 1],
    ['dynamic', cn(false, true), 1],
  ] as const)('%s with %o → %i', (setting, number, answer) => {
    expect(callAheadAnswer(setting, number)).toBe(answer);
  });

  it('row 10 answers from the Called Numbers database; off in the profile, an empty Accept', () => {
    expect(attrs(decide(callAhead, { calledNumber: cn(true, false) }))).toEqual([['FB-Call-Ahead-Mode', 0]]);
    expect(attrs(decide(callAhead, {}))).toEqual([['FB-Call-Ahead-Mode', 1]]);
    expect(attrs(decide(callAhead, { calledNumber: cn(true, true) }))).toEqual([['FB-Call-Ahead-Mode', 1]]);
    expect(decide(callAhead, { calledNumber: cn(true, false) }, { profile: profile({}, { callAhead: false }) })).toMatchObject({ kind: 'accept', attributes: [], outcome: 'call-ahead-off' });
  });
});

describe('row 4: Pre-Receive-Session', () => {
  it('defaults: empty Accept (p.17); settings in spec order', () => {
    expect(attrs(decide(preReceive, { account: account() }))).toEqual([]);
    const a = account({ cdrInfo: 'i', receiveCsid: 'CSI', failoverAccount: 'mail', failoverMode: 'always' });
    expect(attrs(decide(preReceive, { account: a }, full))).toEqual([
      ['FB-CDR-Info', 'i'],
      ['FB-Rcv-CSID', 'CSI'],
      ['FB-Rcv-Failover-Account-Id', 'mail'],
      ['FB-Rcv-Failover-Mode', 1],
    ]);
  });

  it('group accounts carry their type and FB-Last-Modified-Time', () => {
    expect(attrs(decide(preReceive, { account: account({ type: 8, modifiedAt: 42 }) }, full))).toEqual([
      ['FB-Account-Type', 8],
      ['FB-Last-Modified-Time', 42],
    ]);
  });

  it('disabled: FB-Rcv-To-Account=0, or Reject while unnumbered; no receive time: FB-Rcv-Time-Expired=1', () => {
    expect(attrs(decide(preReceive, { account: account({ receive: false }) }, full))).toEqual([['FB-Rcv-To-Account', 0]]);
    expect(kindOf(decide(preReceive, { account: account({ receive: false }) }))).toBe('reject:receive-disabled:FB-Rcv-To-Account-unnumbered');
    expect(attrs(decide(preReceive, { account: account({ receiveTimeExpired: true }) }, full))).toEqual([['FB-Rcv-Time-Expired', 1]]);
    expect(kindOf(decide(preReceive, {}))).toBe('reject:unknown-account');
  });
});

describe('row 5: For-External-Module', () => {
  it('type when not 0, receive e-mail and format', () => {
    expect(attrs(decide(accountInfo, { account: account({ type: 1, receiveEmail: 'a@b.c', receiveFormat: 2 }) }, full))).toEqual([
      ['FB-Account-Type', 1],
      ['FB-Rcv-Email', 'a@b.c'],
      ['FB-Rcv-Format', 2],
    ]);
    expect(kindOf(decide(accountInfo, {}))).toBe('reject:unknown-account');
  });
});

describe('rows 6 and 7: Get-Account-From-DID', () => {
  it('row 6: User-Name of the DID\'s account; disabled → FB-DID-Enabled=0 (Reject while unnumbered); unknown → Reject', () => {
    expect(attrs(decide(routeDid, { did: did({ account: 'Account' }) }))).toEqual([['User-Name', 'Account']]);
    expect(attrs(decide(routeDid, { did: did({ enabled: false }) }, full))).toEqual([['User-Name', 'account'], ['FB-DID-Enabled', 0]]);
    expect(kindOf(decide(routeDid, { did: did({ enabled: false }) }))).toBe('reject:did-disabled:FB-DID-Enabled-unnumbered');
    expect(kindOf(decide(routeDid, {}))).toBe('reject:did-not-found');
  });

  it('row 7: User-Name and FB-Rcv-Email both (spec §7 #9); disabled and unknown likewise', () => {
    expect(attrs(decide(didEmail, { did: did(), account: account({ name: 'Account', receiveEmail: 'x@y.z' }) }))).toEqual([['User-Name', 'Account'], ['FB-Rcv-Email', 'x@y.z']]);
    expect(attrs(decide(didEmail, { did: did({ enabled: false }), account: account() }, full))).toEqual([['User-Name', 'account'], ['FB-DID-Enabled', 0]]);
    expect(kindOf(decide(didEmail, {}))).toBe('reject:did-not-found');
    expect(kindOf(decide(didEmail, { did: did() }))).toBe('reject:did-account-missing');
  });
});

describe('rows 8 and 9: fax ATA by MAC or serial', () => {
  it('User-Name of the ATA\'s account, provisioning argument and queue profile; unknown → Reject', () => {
    const ata: FaxAta = { mac: '00908F1D37F0', account: 'account', provisioningArg: 'arg', queueProfile: '<QPXml />' };
    expect(attrs(decide(byMac, { ata }, full))).toEqual([['User-Name', 'account'], ['FB-Provisioning-Arg', 'arg'], ['FB-Queue-Profile', '<QPXml />']]);
    expect(attrs(decide(bySerial, { ata }))).toEqual([['User-Name', 'account'], ['FB-Queue-Profile', '<QPXml />']]);
    expect(kindOf(decide(byMac, {}))).toBe('reject:ata-not-found');
    expect(kindOf(decide(bySerial, {}))).toBe('reject:ata-not-found');
  });
});

describe('row 11: sender e-mail address', () => {
  const entry: FaxSenderEmail = { email: 'user@example.com', account: 'account' };
  it('User-Name of the account; disabled → FB-Snd-From-Account=0 (Reject while unnumbered); unknown → Reject', () => {
    expect(attrs(decide(sender, { senderEmail: entry, account: account() }))).toEqual([['User-Name', 'account']]);
    expect(attrs(decide(sender, { senderEmail: entry, account: account({ send: false }) }, full))).toEqual([['User-Name', 'account'], ['FB-Snd-From-Account', 0]]);
    expect(kindOf(decide(sender, { senderEmail: entry, account: account({ send: false }) }))).toBe('reject:send-disabled:FB-Snd-From-Account-unnumbered');
    expect(kindOf(decide(sender, {}))).toBe('reject:sender-not-found');
    expect(kindOf(decide(sender, { senderEmail: entry }))).toBe('reject:sender-account-missing');
  });
});

describe('rows 12 and 13: Get-DID, contexts 3 and 5 alike (spec §7 #2)', () => {
  const line: FaxDid = did({ did: '2222', account: 'testata', queueProfile: '<QPXml Op="1" />', sendAni: '5551119999', lineNum: 2, lineId: 'Line 2' });
  it.each([3, 5])('context %i: the superset; not found → empty Accept, never Reject; off → empty Accept', (context) => {
    expect(attrs(decide(getDid(context), { did: line }, full))).toEqual([
      ['User-Name', 'testata'],
      ['FB-Queue-Profile', '<QPXml Op="1" />'],
      ['FB-Snd-ANI', '5551119999'],
      ['FB-Line-Num', 2],
      ['FB-Line-Id', 'Line 2'],
    ]);
    expect(decide(getDid(context), {})).toMatchObject({ kind: 'accept', attributes: [], outcome: 'did-not-found' });
    expect(decide(getDid(context), { did: line }, { profile: profile({}, { getDid: false }) })).toMatchObject({ kind: 'accept', attributes: [], outcome: 'get-did-off' });
  });
});

describe('row 14: Get-DIDs-For-Account', () => {
  it('one FB-DID per DID; none → empty Accept; unknown account → Reject; off → empty Accept', () => {
    expect(attrs(decide(didsFor, { account: account(), dids: [did({ did: '1' }), did({ did: '2' })] }))).toEqual([['FB-DID', '1'], ['FB-DID', '2']]);
    expect(decide(didsFor, { account: account(), dids: [] })).toMatchObject({ kind: 'accept', attributes: [] });
    expect(kindOf(decide(didsFor, {}))).toBe('reject:unknown-account');
    expect(decide(didsFor, {}, { profile: profile({}, { getDidsForAccount: false }) })).toMatchObject({ kind: 'accept', attributes: [], outcome: 'dids-off' });
  });
});

describe('row 15 and refusals', () => {
  it('Get-Load-Balance-Group-Members: Access-Reject saying it is not supported', () => {
    const d = decide(groups, { account: account({ type: 8 }) });
    expect(d).toMatchObject({ kind: 'reject', reason: 'not-supported', message: 'Get-Load-Balance-Group-Members is not supported' });
    expect(encodeReply(d, { dictionary: BUILT_IN_DICTIONARY, profile: profile() })).toEqual({
      code: Code.AccessReject,
      attributes: [[Attr.ReplyMessage, 'Get-Load-Balance-Group-Members is not supported']],
    });
  });

  it('unknown command and invalid pair: Access-Reject with the refusal\'s sentence', () => {
    for (const [datagram, message] of [
      [faxRequest(10, 5, [[Attr.UserName, 'a']]), 'the FB-Command value is unknown'],
      [faxRequest(2, 1, [[Attr.UserName, 'a']]), 'the FB-Command is not valid with this FB-Context'],
    ] as const) {
      const r = read(datagram);
      expect(!r.ok && refusalDecision(r.refusal)).toMatchObject({ kind: 'reject', message });
    }
  });
});

describe('encodeReply', () => {
  it('User-Name first, then one VSA per attribute in decision order', () => {
    const d: FaxbackDecision = { kind: 'accept', attributes: [['FB-Rcv-Email', 'e'], ['User-Name', 'acc']], outcome: 'x', omitted: [] };
    const out = encodeReply(d, { dictionary: BUILT_IN_DICTIONARY, profile: profile() }).attributes;
    expect(out.map(([t]) => t)).toEqual([Attr.UserName, Attr.VendorSpecific]);
  });

  it('refuses a value too long for one VSA, and an unnumbered attribute, with a typed error', () => {
    const enc = (attributes: FaxbackDecision & { kind: 'accept' }) => () => encodeReply(attributes, { dictionary: BUILT_IN_DICTIONARY, profile: profile() });
    expect(enc({ kind: 'accept', attributes: [['FB-Queue-Profile', 'x'.repeat(248)]], outcome: 'x', omitted: [] })).toThrow(ReplyEncodingError);
    expect(enc({ kind: 'accept', attributes: [['FB-Queue-Profile', 'x'.repeat(247)]], outcome: 'x', omitted: [] })).not.toThrow();
    expect(enc({ kind: 'accept', attributes: [['FB-Snd-From-Account', 0]], outcome: 'x', omitted: [] })).toThrow(/no number/);
    expect(enc({ kind: 'accept', attributes: [['FB-Account-Type', 'four']], outcome: 'x', omitted: [] })).toThrow(ReplyEncodingError);
  });
});

/** A plain in-memory FaxbackFactsSource (the store contract's read side, as data). */
function source(data: { accounts?: FaxAccount[]; dids?: FaxDid[]; emails?: FaxSenderEmail[]; atas?: FaxAta[]; numbers?: CalledNumber[] }): FaxbackFactsSource & { asked: string[] } {
  const asked: string[] = [];
  const find = <T>(what: string, list: T[] | undefined, match: (t: T) => boolean) => {
    asked.push(what);
    return Promise.resolve(list?.find(match));
  };
  return {
    asked,
    account: (name) => find(`account:${name}`, data.accounts, (a) => a.name.toLowerCase() === name.toLowerCase()),
    accountByUuid: (uuid) => find(`uuid:${uuid}`, data.accounts, (a) => a.uuid === uuid),
    did: (d) => find(`did:${d}`, data.dids, (x) => x.did === d),
    didsOf: (name) => {
      asked.push(`didsOf:${name}`);
      return Promise.resolve((data.dids ?? []).filter((d) => d.account.toLowerCase() === name.toLowerCase()));
    },
    senderEmail: (e) => find(`email:${e}`, data.emails, (x) => x.email === e.toLowerCase()),
    ataByMac: (m) => find(`mac:${m}`, data.atas, (x) => x.mac === m),
    ataBySerial: (s) => find(`serial:${s}`, data.atas, (x) => x.serial === s),
    calledNumber: (n) => find(`number:${n}`, data.numbers, (x) => x.number === n),
  };
}

describe('lookupsFor and gatherFacts', () => {
  const requestOf = (datagram: Buffer, uuidMode = false) => {
    const r = read(datagram, { dictionary: FULL_DICTIONARY, uuidMode });
    if (!r.ok) throw new Error(r.refusal.reason);
    return r.request;
  };

  it('names exactly the records each row reads', () => {
    const p = profile();
    expect(lookupsFor(requestOf(login), p)).toEqual({ account: { name: 'account' } });
    expect(lookupsFor(requestOf(login), profile({ uuidMode: true }))).toEqual({ account: { name: 'account' }, then: { failoverAccount: true } });
    expect(lookupsFor(requestOf(preSend(2)), p)).toEqual({ account: { name: 'account' }, calledNumber: '5551112345' });
    expect(lookupsFor(requestOf(preSend(1)), p)).toEqual({ account: { name: 'account' } });
    expect(lookupsFor(requestOf(didEmail), p)).toEqual({ did: '5551231234', then: { accountOf: 'did' } });
    expect(lookupsFor(requestOf(sender), p)).toEqual({ senderEmail: 'user@example.com', then: { accountOf: 'sender-email' } });
    expect(lookupsFor(requestOf(byMac), p)).toEqual({ ataByMac: '00908F1D37F0' });
    expect(lookupsFor(requestOf(callAhead), p)).toEqual({ calledNumber: '5551231234' });
    expect(lookupsFor(requestOf(callAhead), profile({}, { callAhead: false }))).toEqual({});
    expect(lookupsFor(requestOf(getDid(3)), profile({}, { getDid: false }))).toEqual({});
    expect(lookupsFor(requestOf(didsFor), p)).toEqual({ account: { name: 'account' }, then: { didsOfAccount: true } });
    expect(lookupsFor(requestOf(groups), p)).toEqual({});
  });

  it('fetches them, follows records to their account, and checks the password (scrypt) outside the decision', async () => {
    const a = account({ name: 'Account', passwordHash: await hashPassword('pw'), failoverAccount: 'backup' });
    const backup = account({ name: 'backup', uuid: '11111111111111111111111111111111' });
    const s = source({ accounts: [a, backup], dids: [did({ account: 'Account' })], emails: [{ email: 'user@example.com', account: 'Account' }] });
    const loginRequest = requestOf(login);
    const p = profile({ uuidMode: true });
    const facts = await gatherFacts(loginRequest, lookupsFor(loginRequest, p), s);
    expect(facts).toMatchObject({ account: { name: 'Account' }, failoverAccount: { name: 'backup' }, passwordOk: true });
    const wrong = requestOf(faxRequest(1, 1, [[Attr.UserName, 'account']], 'nope'));
    expect((await gatherFacts(wrong, lookupsFor(wrong, p), s)).passwordOk).toBe(false);
    const viaDid = requestOf(didEmail);
    expect((await gatherFacts(viaDid, lookupsFor(viaDid, p), s)).account?.name).toBe('Account');
    const viaEmail = requestOf(sender);
    expect((await gatherFacts(viaEmail, lookupsFor(viaEmail, p), s)).account?.name).toBe('Account');
  });

  it('a clear stored password is compared too; an account with no password cannot log in', async () => {
    const s = source({ accounts: [account({ password: 'pw' }), account({ name: 'nopw' })] });
    const ok = requestOf(login);
    expect((await gatherFacts(ok, lookupsFor(ok, profile()), s)).passwordOk).toBe(true);
    const none = requestOf(faxRequest(1, 1, [[Attr.UserName, 'nopw']], 'pw'));
    expect((await gatherFacts(none, lookupsFor(none, profile()), s)).passwordOk).toBe(false);
  });

  it('Get-DIDs-For-Account lists the DIDs of the account as stored', async () => {
    const s = source({ accounts: [account({ name: 'Account' })], dids: [did({ did: '1111', account: 'Account' }), did({ did: '9', account: 'other' })] });
    const r = requestOf(didsFor);
    const facts = await gatherFacts(r, lookupsFor(r, profile()), s);
    expect(facts.dids?.map((d) => d.did)).toEqual(['1111']);
    expect(s.asked).toEqual(['account:account', 'didsOf:Account']);
  });
});

// The store contract's read side is what gatherFacts reads: a compile error here means they drifted apart.
const _storeIsASource = (s: FaxStore): FaxbackFactsSource => s;
void _storeIsASource;
