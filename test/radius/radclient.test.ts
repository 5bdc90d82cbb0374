// An independent client (FreeRADIUS radclient 3.2) against the real UDP wire core, over IPv4 and IPv6
// loopback: Status-Server, Message-Authenticator policy, wrong secrets, accounting, and RFC 5090
// attributes reaching the handler intact.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServedClient } from '../../src/app/clients.js';
import { Attr, Code, type HandlerResult, type RadiusRequest } from '../../src/radius/index.js';
import { startWireFirebridge, WIRE_SECRET, type WireFirebridge } from '../support/firebridge.js';
import { radclient, rawAttributeLines } from '../support/radclient.js';
import { exampleDigestAnswer } from '../support/rfc5090-example.js';
import { available } from '../support/tools.js';

interface Seen {
  readonly client: string;
  readonly code: number;
  readonly listener: string;
  readonly userName: string | undefined;
  readonly digest: Record<number, string | undefined>;
  readonly nasIpAddress: string | undefined;
}

const DIGEST_TYPES = [103, 104, 105, 108, 109, 110, 111, 113, 114, 115, 122] as const;

let seen: Seen[] = [];
function handler(req: RadiusRequest<ServedClient>): HandlerResult {
  seen.push({
    client: req.client.name,
    code: req.packet.code,
    listener: req.listener,
    userName: req.attributes.text(Attr.UserName),
    digest: Object.fromEntries(DIGEST_TYPES.map((t) => [t, req.attributes.text(t)])),
    nasIpAddress: req.attributes.ipv4(Attr.NasIpAddress),
  });
  if (req.packet.code === Code.AccountingRequest) return { code: Code.AccountingResponse, attributes: [], outcome: 'stored' };
  return {
    code: Code.AccessAccept,
    attributes: [
      [Attr.ReplyMessage, 'welcome'],
      [Attr.CalledStationId, 'tel:201'],
      [Attr.CalledStationId, '10+@carrierA'],
      [Attr.CalledStationId, 'sip:0123@gw.example.net'],
    ],
    outcome: 'accept',
  };
}

describe.skipIf(!available('radclient'))('radclient against firebridge', () => {
  let strict: WireFirebridge;
  let lenient: WireFirebridge;

  beforeAll(async () => {
    [strict, lenient] = await Promise.all([
      startWireFirebridge({ handler }),
      startWireFirebridge({
        handler,
        clients: [
          { name: 'legacy4', address: '127.0.0.1', secret: WIRE_SECRET, requireMessageAuthenticator: false },
          { name: 'legacy6', address: '::1', secret: WIRE_SECRET, requireMessageAuthenticator: false },
        ],
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([strict?.stop(), lenient?.stop()]);
  });
  beforeEach(() => {
    seen = [];
  });

  describe.each([
    ['IPv4', '127.0.0.1', 'loop4'],
    ['IPv6', '[::1]', 'loop6'],
  ])('over %s', (_family, host, clientName) => {
    const auth = (fb: WireFirebridge = strict): string => `${host}:${fb.ports.auth}`;
    const acct = (fb: WireFirebridge = strict): string => `${host}:${fb.ports.acct}`;

    it('Status-Server: Access-Accept on the auth port, Accounting-Response on the acct port, handler untouched', async () => {
      const [a, b] = await Promise.all([
        radclient(auth(), 'status', WIRE_SECRET, ['Message-Authenticator = 0x00']),
        radclient(acct(), 'status', WIRE_SECRET, ['Message-Authenticator = 0x00']),
      ]);
      expect(a.replyCode, a.stdout + a.stderr).toBe('Access-Accept');
      expect(b.replyCode, b.stdout + b.stderr).toBe('Accounting-Response');
      expect(b.attributes).toEqual([]);
      expect(seen).toEqual([]);
    });

    it('Access-Request with Message-Authenticator: answered, reply attributes in order', async () => {
      const r = await radclient(auth(), 'auth', WIRE_SECRET, ['User-Name = "alice"', 'NAS-IP-Address = 192.0.2.38', 'Message-Authenticator = 0x00']);
      expect(r.replyCode, r.stdout + r.stderr).toBe('Access-Accept');
      expect(r.exitCode).toBe(0);
      expect(r.attributes).toEqual([
        ['Message-Authenticator', expect.stringMatching(/^0x[0-9a-f]{32}$/)],
        ['Reply-Message', 'welcome'],
        ['Called-Station-Id', 'tel:201'],
        ['Called-Station-Id', '10+@carrierA'],
        ['Called-Station-Id', 'sip:0123@gw.example.net'],
      ]);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ client: clientName, listener: 'auth', userName: 'alice', nasIpAddress: '192.0.2.38' });
    });

    it('Access-Request without Message-Authenticator: no reply by default, answered for an exempted client', async () => {
      const [dropped, answered] = await Promise.all([
        radclient(auth(), 'auth', WIRE_SECRET, ['User-Name = "mallory"']),
        radclient(auth(lenient), 'auth', WIRE_SECRET, ['User-Name = "legacy"']),
      ]);
      expect(dropped.replyCode).toBeUndefined();
      expect(dropped.stdout + dropped.stderr).toMatch(/No reply from server/);
      expect(answered.replyCode, answered.stdout + answered.stderr).toBe('Access-Accept');
      // We still sign the reply with a Message-Authenticator.
      expect(answered.attributes[0]?.[0]).toBe('Message-Authenticator');
      expect(seen.map((s) => s.userName)).toEqual(['legacy']);
      expect(strict.running.radius.counts.dropCount('missing-message-authenticator')).toBeGreaterThanOrEqual(1);
    });

    it('wrong secret: no reply on the auth port nor on the acct port', async () => {
      const wrong = 'not-the-right-secret-0123456789';
      const [a, b, c] = await Promise.all([
        radclient(auth(), 'auth', wrong, ['User-Name = "alice"', 'Message-Authenticator = 0x00']),
        radclient(acct(), 'acct', wrong, ['Acct-Status-Type = Start', 'Acct-Session-Id = "wrong-1"', 'NAS-Identifier = "fb"']),
        radclient(auth(), 'status', wrong, ['Message-Authenticator = 0x00']),
      ]);
      for (const r of [a, b, c]) {
        expect(r.replyCode).toBeUndefined();
        expect(r.stdout + r.stderr).toMatch(/No reply from server/);
      }
      expect(seen).toEqual([]);
    });

    it('Accounting-Request: Accounting-Response', async () => {
      const r = await radclient(acct(), 'acct', WIRE_SECRET, [
        'Acct-Status-Type = Start',
        'Acct-Session-Id = "call-42"',
        'NAS-Identifier = "fb.example"',
        'Calling-Station-Id = "01234567890"',
      ]);
      expect(r.replyCode, r.stdout + r.stderr).toBe('Accounting-Response');
      expect(r.attributes).toEqual([]);
      expect(seen).toEqual([expect.objectContaining({ client: clientName, code: Code.AccountingRequest, listener: 'acct' })]);
    });

    it('RFC 5090 attributes (sent raw as Attr-1xx) reach the handler decoded exactly', async () => {
      const values: Array<[number, string]> = [
        [Attr.DigestMethod, 'INVITE'],
        [Attr.DigestUri, 'sip:97226491335@example.com'],
        ...(exampleDigestAnswer as Array<[number, string]>),
        // Backslash escapes stay in (RFC 5090 §3: the server un-escapes), and UTF-8 passes through.
        [Attr.DigestUsername, 'J\\"ö\\\\rg'],
        [Attr.SipAor, 'sip:12345678@example.com'],
      ];
      const r = await radclient(auth(), 'auth', WIRE_SECRET, [
        'User-Name = "12345678"',
        'NAS-IP-Address = 192.0.2.38',
        'NAS-Port = 5',
        ...rawAttributeLines(values),
        'Message-Authenticator = 0x00',
      ]);
      expect(r.replyCode, r.stdout + r.stderr).toBe('Access-Accept');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.digest).toEqual(Object.fromEntries(values));
      expect(seen[0]!.digest[Attr.DigestUsername]).toBe('J\\"ö\\\\rg');
      expect(seen[0]!.userName).toBe('12345678');
    });
  });

  it('rawAttributeLines writes Attr-N = 0x<hex> lines radclient understands', () => {
    expect(rawAttributeLines({ 108: 'INVITE' })).toEqual(['Attr-108 = 0x494e56495445']);
    expect(rawAttributeLines([[109, 'sip:a'], [108, Buffer.from([0xff])]])).toEqual(['Attr-109 = 0x7369703a61', 'Attr-108 = 0xff']);
  });
});
