// Every test vector of spec §9, hex verbatim from the spec. Requests parse to the documented fields;
// each documented reply is what the decision, given matching records, encodes to — compared on the
// attribute section only, since the manual's identifiers and authenticators are log artefacts (§9,
// §7 #7). The inconsistent packets are refused by the framing parser as RFC 2865 §3 says.
import { describe, expect, it } from 'vitest';
import type { FaxbackRequest } from '../../src/faxback/access-request.js';
import type { FaxbackFacts } from '../../src/faxback/lookups.js';
import { Code, parsePacket } from '../../src/radius/index.js';
import { encodeReply } from '../../src/faxback/encode-reply.js';
import { BUILT_IN_DICTIONARY } from '../../src/faxback/dictionary.js';
import { DEFAULT_FAXBACK_PROFILE } from '../../src/config/schema.js';
import { account, decide, did, hex, read, replyBytes } from './support.js';

const QPXML = '<QPXml Rf="0" Dn="1" Ndn="1" Ea="" Ef="" Ln="en-US" Tz="Pacific*" />';
const ZERO_AUTH = '00000000000000000000000000000000';

interface Vector {
  readonly name: string;
  /** The request, hex as printed (header assembled from the printed id, length and authenticator). */
  readonly request: string;
  readonly parsed: Partial<FaxbackRequest> & { kind: FaxbackRequest['kind'] };
  /** Records under which the decision gives the documented reply. */
  readonly facts: FaxbackFacts;
  /** The documented reply, header then attributes. */
  readonly reply: string;
  readonly replyCode: number;
}

const VECTORS: readonly Vector[] = [
  {
    name: 'Get-DIDs-For-Account (9/5) [p.29]',
    request: `01 03 002c c9ec4f8daa6d6b43a254e3ae5eb9e60a
              1a 12 000077e6 01 06 00000009 02 06 00000005
              01 06 54455354`,
    parsed: { kind: 'dids-for-account', command: 9, context: 5, account: 'TEST' },
    facts: { account: account({ name: 'TEST' }), dids: [did({ did: '1111', account: 'TEST' }), did({ did: '2222', account: 'TEST' })] },
    reply: `02 02 002c 00000000000000000000000000000000
            1a 0c 000077e6 4b 06 31313131
            1a 0c 000077e6 4b 06 32323232`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account-From-Serial-Number (6/5) [p.22], User-Name length corrected (§7 #6)',
    request: `01 0b 003c 38f79b70099aab4db17c1f4809ffdca8
              1a 12 000077e6 01 06 00000006 02 06 00000005
              01 0a 3237343832373334
              1a 0c 000077e6 42 06 00000000`,
    parsed: { kind: 'ata-by-serial', command: 6, context: 5, serial: '27482734', ataType: 0 },
    facts: { ata: { serial: '27482734', account: 'account', queueProfile: QPXML } },
    reply: `02 0b 0069 ${ZERO_AUTH} 01 09 6163636f756e74 1a 4c 000077e6 39 46 ${Buffer.from(QPXML).toString('hex')}`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account-From-MAC-Address (7/5) [p.21]',
    request: `01 0b 0040 38f79b70099aab4db17c1f4809ffdca8
              1a 12 000077e6 01 06 00000007 02 06 00000005
              01 0e 303039303846314433374630
              1a 0c 000077e6 42 06 00000000`,
    parsed: { kind: 'ata-by-mac', command: 7, context: 5, mac: '00908F1D37F0', ataType: 0 },
    facts: { ata: { mac: '00908F1D37F0', account: 'account', queueProfile: QPXML } },
    reply: `02 0b 0069 ${ZERO_AUTH} 01 09 6163636f756e74 1a 4c 000077e6 39 46 ${Buffer.from(QPXML).toString('hex')}`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account / Account-Login (1/1) [p.12]',
    request: `01 83 006c 6c422a8afa766542a678b82f8db0104f
              1a 12 000077e6 01 06 00000001 02 06 00000001
              01 09 6163636f756e74
              02 12 011ba64d5f20b23e6e52d3a060c4f5ba
              1a 2b 000077e6 2d 25 3b46563d312e302e302e303b4d4e3d4e49434b44554f3b49503d31302e302e302e3834`,
    parsed: { kind: 'account-login', command: 1, context: 1, account: 'account' },
    facts: { account: account({ type: 4 }), passwordOk: true },
    reply: `02 09 0020 ${ZERO_AUTH} 1a 0c 000077e6 0a 06 00000004`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account-From-DID / Pre-Receive-Session (2/4) [p.19]',
    request: `01 02 004c 3c247e06c09d4d42be1e0135dbb76cfc
              1a 12 000077e6 01 06 00000002 02 06 00000004
              01 0c 35353531323331323334
              2c 1a 315f6a4759566534734e6d46397345705b6545644b6f6941`,
    parsed: { kind: 'route-did', command: 2, context: 4, did: '5551231234', sessionId: '1_jGYVe4sNmF9sEp[eEdKoiA' },
    facts: { did: did() },
    reply: `02 02 001d ${ZERO_AUTH} 01 09 6163636f756e74`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account / Pre-Receive-Session (1/4) [pp.16–17], User-Name `account` assumed (page break)',
    request: `01 02 006f b37e5d1c636e964ca30be83d40617b42
              1a 12 000077e6 01 06 00000001 02 06 00000004
              01 09 6163636f756e74
              2c 22 ${Buffer.from('03bb96b4af2d41f08dd0e46c250c274f').toString('hex')}
              1a 12 000077e6 22 0c 35353531313132333435
              1a 0c 000077e6 3a 06 00000001`,
    parsed: { kind: 'pre-receive', command: 1, context: 4, account: 'account', sessionId: '03bb96b4af2d41f08dd0e46c250c274f', dialNumber: '5551112345', transferType: 1 },
    facts: { account: account() },
    reply: `02 22 0014 ${ZERO_AUTH}`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account / For-External-Module (1/5) [p.18], authenticator not printed',
    request: `01 25 002f ${ZERO_AUTH}
              1a 12 000077e6 01 06 00000001 02 06 00000005
              01 09 6163636f756e74`,
    parsed: { kind: 'account-info', command: 1, context: 5, account: 'account' },
    facts: { account: account() },
    reply: `02 25 0014 ${ZERO_AUTH}`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account-From-DID / For-External-Module (2/5) [p.20], request Length corrected to its 50 octets (§7 #6)',
    request: `01 4d 0032 ${ZERO_AUTH}
              1a 12 000077e6 01 06 00000002 02 06 00000005
              01 0c 35353531323331323334`,
    parsed: { kind: 'did-email', command: 2, context: 5, did: '5551231234' },
    facts: { did: did(), account: account({ receiveEmail: 'email@domain.com' }) },
    reply: `02 4d 0035 ${ZERO_AUTH} 01 09 6163636f756e74 1a 18 000077e6 0e 12 656d61696c40646f6d61696e2e636f6d`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Call-Ahead-Mode / Pre-Send-Session (5/3) [pp.23–24], header on an unread page',
    request: `01 0f 0044 ${ZERO_AUTH}
              1a 12 000077e6 01 06 00000005 02 06 00000003
              01 0c 35353531323331323334
              2c 12 31323439333336323739323635303030`,
    parsed: { kind: 'call-ahead', command: 5, context: 3, number: '5551231234', sessionId: '1249336279265000' },
    facts: { calledNumber: { number: '5551231234', faxSeen: true, voiceSeen: false, updatedAt: 0 } },
    reply: `02 0f 0020 459232678dd18546b052b44864fbd3bd 1a 0c 000077e6 3d 06 00000000`,
    replyCode: Code.AccessAccept,
  },
  {
    name: 'Get-Account-From-Sender-Email-Address (3/5) [p.25], the hidden 23-octet address replaced by one of that size',
    request: `01 31 003f e66428e2038d36418a2b8fe179510879
              1a 12 000077e6 01 06 00000003 02 06 00000005
              01 19 ${Buffer.from('someone@example.invalid').toString('hex')}`,
    parsed: { kind: 'sender-email', command: 3, context: 5, email: 'someone@example.invalid' },
    facts: { senderEmail: { email: 'someone@example.invalid', account: 'account' }, account: account() },
    reply: `02 31 001d ${ZERO_AUTH} 01 09 6163636f756e74`,
    replyCode: Code.AccessAccept,
  },
];

describe('spec §9 vectors: requests read to the documented fields, replies encode to the documented bytes', () => {
  it.each(VECTORS)('$name', (v) => {
    const datagram = hex(v.request);
    expect(datagram.readUInt16BE(2)).toBe(datagram.length);
    const r = read(datagram);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request).toMatchObject(v.parsed);
    const replied = hex(v.reply);
    expect(replied.readUInt16BE(2)).toBe(replied.length);
    const decision = decide(r, v.facts);
    expect(decision.kind === 'accept' ? Code.AccessAccept : Code.AccessReject).toBe(v.replyCode);
    expect(replyBytes(decision).toString('hex')).toBe(replied.subarray(20).toString('hex'));
  });

  it('Account-Login: FB-Client-Info is split into its ;TAG=value pairs and the password is revealed', () => {
    const r = read(hex(VECTORS[3]!.request));
    expect(r.ok && r.request.kind === 'account-login').toBe(true);
    if (!r.ok || r.request.kind !== 'account-login') return;
    expect(r.request.clientInfo).toEqual({ raw: ';FV=1.0.0.0;MN=NICKDUO;IP=10.0.0.84', tags: { FV: '1.0.0.0', MN: 'NICKDUO', IP: '10.0.0.84' } });
    // The manual's secret is unknown, so the password's clear text cannot be checked — only that one block came out.
    expect(r.request.password.length).toBeLessThanOrEqual(16);
  });

  it('Get-DID reply [pp.27–28] (both contexts): User-Name then FB-Snd-ANI', () => {
    const reply = hex(`02 08 002f ${ZERO_AUTH} 01 09 74657374617461 1a 12 000077e6 13 0c 35353531313139393939`);
    expect(reply.readUInt16BE(2)).toBe(reply.length);
    for (const context of ['00000003', '00000005']) {
      const request = hex(`01 01 002c 4cbf526e5118d94e883519b993d51133 1a 12 000077e6 01 06 00000008 02 06 ${context} 01 06 32323232`);
      const d = decide(request, { did: did({ did: '2222', account: 'testata', sendAni: '5551119999' }) });
      expect(replyBytes(d).toString('hex')).toBe(reply.subarray(20).toString('hex'));
    }
  });

  it('Account-Validate reply [p.14] is the login reply\'s bytes', () => {
    const d = { kind: 'accept', attributes: [['FB-Account-Type', 4]], outcome: 'validated', omitted: [] } as const;
    const encoded = encodeReply(d, { dictionary: BUILT_IN_DICTIONARY, profile: DEFAULT_FAXBACK_PROFILE });
    expect(encoded.code).toBe(Code.AccessAccept);
    expect(replyBytes(d).toString('hex')).toBe('1a0c000077e60a0600000004');
  });
});

describe('spec §9 inconsistent packets: shorter than their Length, so dropped (RFC 2865 §3)', () => {
  const inconsistent = [
    {
      name: 'Account-Validate [pp.13–14]: printed 107 over 65 octets',
      bytes: `01 57 006b 5a91f714e163e849b7553c986ce8bec8
              1a 12 000077e6 01 06 00000001 02 06 00000002
              01 09 6163636f756e74
              02 12 4dfaeac5a01a6bffd6955ea3fa4aefd9`,
      octets: 65,
    },
    {
      name: 'Get-Account / Pre-Send [pp.14–15]: printed 113, FB-Dial-Number printed 20/14 over a 10-digit value',
      bytes: `01 02 0071 b37e5d1c636e964ca30be83d40617b42
              1a 12 000077e6 01 06 00000001 02 06 00000003
              01 09 6163636f756e74
              2c 22 ${Buffer.from('ea7a820446d54db8a98f42be08e65b23').toString('hex')}
              1a 14 000077e6 22 0e 35353531313132333435
              1a 0c 000077e6 3a 06 00000001`,
      octets: 111,
    },
    {
      name: 'Get-Account-From-DID / For-External-Module [p.20]: printed 76 over 50 octets',
      bytes: `01 4d 004c ${ZERO_AUTH} 1a 12 000077e6 01 06 00000002 02 06 00000005 01 0c 35353531323331323334`,
      octets: 50,
    },
    {
      name: 'Get-DID / For-External-Module [p.27]: printed 62 over 44 octets',
      bytes: `01 01 003e 4cbf526e5118d94e883519b993d51133 1a 12 000077e6 01 06 00000008 02 06 00000003 01 06 32323232`,
      octets: 44,
    },
  ];

  it.each(inconsistent)('$name', ({ bytes, octets }) => {
    const datagram = hex(bytes);
    expect(datagram.length).toBe(octets);
    const r = parsePacket(datagram);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('length-exceeds-datagram');
  });

  it('with Length and the FB-Dial-Number VSA made consistent, the Pre-Send reads as row 3 and gets the documented empty Accept [p.16]', () => {
    const datagram = hex(`01 02 006f b37e5d1c636e964ca30be83d40617b42
      1a 12 000077e6 01 06 00000001 02 06 00000003
      01 09 6163636f756e74
      2c 22 ${Buffer.from('ea7a820446d54db8a98f42be08e65b23').toString('hex')}
      1a 12 000077e6 22 0c 35353531313132333435
      1a 0c 000077e6 3a 06 00000001`);
    const r = read(datagram);
    expect(r.ok && r.request).toMatchObject({ kind: 'pre-send', account: { name: 'account' }, sessionId: 'ea7a820446d54db8a98f42be08e65b23', dialNumber: '5551112345', transferType: 1 });
    expect(replyBytes(decide(r, { account: account() })).length).toBe(0);
  });

  it('with Length corrected, the Account-Validate reads as row 2 and gets FB-Account-Type=4 [p.14]', () => {
    const datagram = hex(`01 57 0041 5a91f714e163e849b7553c986ce8bec8 1a 12 000077e6 01 06 00000001 02 06 00000002 01 09 6163636f756e74 02 12 4dfaeac5a01a6bffd6955ea3fa4aefd9`);
    const r = read(datagram);
    expect(r.ok && r.request.kind).toBe('account-validate');
    expect(replyBytes(decide(r, { account: account({ type: 4 }), passwordOk: true })).toString('hex')).toBe('1a0c000077e60a0600000004');
  });
});
