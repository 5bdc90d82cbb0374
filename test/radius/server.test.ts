// The UDP wire core, in-process through startFirebridge with a test handler, over real loopback
// sockets: who is answered, what is dropped (and counted, and logged without flooding), duplicate
// handling (RFC 5080 §2.2.2), Proxy-State, Status-Server (RFC 5997), and the reply's signature.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServedClient } from '../../src/app/clients.js';
import {
  checkReplyMessageAuthenticator,
  verifyResponseAuthenticator,
} from '../../src/radius/authenticators.js';
import {
  Attr,
  Code,
  serializeRequest,
  type DropReason,
  type HandlerResult,
  type OutgoingAttribute,
  type RadiusPacket,
  type RadiusRequest,
} from '../../src/radius/index.js';
import { parsePacket } from '../../src/radius/parser.js';
import { startWireFirebridge, WIRE_SECRET, type WireFirebridge } from '../support/firebridge.js';
import { openUdpClient, sendUdp, waitFor, type UdpClient } from '../support/udp-client.js';

const secret = Buffer.from(WIRE_SECRET);
const REPLY_MS = 1_000;
const SILENCE_MS = 300;

type Behaviour = (req: RadiusRequest<ServedClient>) => HandlerResult | Promise<HandlerResult>;

const defaultBehaviour: Behaviour = (req) =>
  req.packet.code === Code.AccountingRequest
    ? { code: Code.AccountingResponse, attributes: [], outcome: 'stored' }
    : {
        code: Code.AccessAccept,
        attributes: [
          [Attr.ReplyMessage, `hello ${req.attributes.text(Attr.UserName) ?? '?'}`],
          [Attr.CalledStationId, 'tel:201'],
          [Attr.CalledStationId, '10+@carrierA'],
        ],
        outcome: 'accept',
      };

let behaviour: Behaviour = defaultBehaviour;
let calls: Array<RadiusRequest<ServedClient>> = [];
const handler = (req: RadiusRequest<ServedClient>): HandlerResult | Promise<HandlerResult> => {
  calls.push(req);
  return behaviour(req);
};

let nextId = 0;
const id = (): number => nextId++ & 0xff;

function accessRequest(attributes: readonly OutgoingAttribute[] = [[Attr.UserName, 'alice']], options: { messageAuthenticator?: boolean; identifier?: number } = {}): Buffer {
  return serializeRequest(Code.AccessRequest, options.identifier ?? id(), attributes, secret, { messageAuthenticator: options.messageAuthenticator ?? true });
}

function accountingRequest(session = 'acct-1'): Buffer {
  return serializeRequest(
    Code.AccountingRequest,
    id(),
    [
      [Attr.AcctStatusType, 1],
      [Attr.AcctSessionId, session],
      [Attr.NasIdentifier, 'fb.example'],
    ],
    secret,
  );
}

/** Parses a reply and checks it is signed for `request` (Response Authenticator and, when present, MA). */
function verifiedReply(reply: Buffer | undefined, request: Buffer): RadiusPacket {
  expect(reply, 'expected a reply').toBeDefined();
  const r = parsePacket(reply!);
  if (!r.ok) throw new Error(`unparseable reply: ${r.reason}`);
  const requestAuthenticator = request.subarray(4, 20);
  expect(r.packet.identifier).toBe(request[1]);
  expect(verifyResponseAuthenticator(r.packet, requestAuthenticator, secret)).toBe(true);
  expect(checkReplyMessageAuthenticator(r.packet, requestAuthenticator, secret)).not.toBe('invalid');
  return r.packet;
}

/** Fires all packets at once and expects no datagram back within SILENCE_MS. */
async function expectSilence(client: UdpClient, packets: readonly Buffer[], host: string, port: number): Promise<void> {
  const got = client.collect(SILENCE_MS);
  for (const p of packets) client.fire(p, host, port);
  expect(await got).toEqual([]);
}

describe('wire core over UDP (dual-stack firebridge with a test handler)', () => {
  let fb: WireFirebridge;
  let v4: UdpClient;
  let v6: UdpClient;
  const drops = (reason: DropReason): number => fb.running.radius.counts.dropCount(reason);

  beforeAll(async () => {
    fb = await startWireFirebridge({ handler });
    v4 = await openUdpClient('udp4');
    v6 = await openUdpClient('udp6');
  });
  afterAll(async () => {
    await v4?.close();
    await v6?.close();
    await fb?.stop();
  });
  beforeEach(() => {
    behaviour = defaultBehaviour;
    calls = [];
  });

  it('answers an Access-Request over IPv4 and IPv6: Message-Authenticator first, attributes in order, signed', async () => {
    for (const [client, host, family] of [
      [v4, '127.0.0.1', 'loop4'],
      [v6, '::1', 'loop6'],
    ] as const) {
      const request = accessRequest([[Attr.UserName, 'alice']]);
      const reply = verifiedReply(await client.send(request, host, fb.ports.auth, REPLY_MS), request);
      expect(reply.code).toBe(Code.AccessAccept);
      expect(reply.attributes.map((a) => a.type)).toEqual([Attr.MessageAuthenticator, Attr.ReplyMessage, Attr.CalledStationId, Attr.CalledStationId]);
      expect(checkReplyMessageAuthenticator(reply, request.subarray(4, 20), secret)).toBe('valid');
      expect(reply.attributes.slice(1).map((a) => a.value.toString())).toEqual(['hello alice', 'tel:201', '10+@carrierA']);
      const seen = calls.at(-1)!;
      expect(seen.client.name).toBe(family);
      expect(seen.remote).toEqual({ address: host, port: client.port });
      expect(seen.listener).toBe('auth');
    }
    expect(calls).toHaveLength(2);
  });

  it('drops malformed packets, counts them, and still answers the next good one', async () => {
    const before = drops('malformed');
    const good = accessRequest();
    const lyingLength = Buffer.from(good);
    lyingLength.writeUInt16BE(good.length + 10, 2);
    const zeroLengthAttr = Buffer.concat([good, Buffer.from([Attr.UserName, 0])]);
    zeroLengthAttr.writeUInt16BE(zeroLengthAttr.length, 2);
    const overrun = Buffer.concat([good, Buffer.from([Attr.UserName, 9, 0x61])]);
    overrun.writeUInt16BE(overrun.length, 2);
    const short = good.subarray(0, 12);
    const below = Buffer.from(good);
    below.writeUInt16BE(19, 2);
    const malformed = [lyingLength, zeroLengthAttr, overrun, short, below];
    await expectSilence(v4, malformed, '127.0.0.1', fb.ports.auth);
    await waitFor(() => drops('malformed') - before === malformed.length, 2_000, 'malformed drops');
    expect(calls).toHaveLength(0);
    const reply = verifiedReply(await v4.send(good, '127.0.0.1', fb.ports.auth, REPLY_MS), good);
    expect(reply.code).toBe(Code.AccessAccept);
    expect(fb.dropLogs('malformed').some((l) => /length-exceeds-datagram/.test(String(l.detail)))).toBe(true);
  });

  it('drops a packet with a code the port does not take', async () => {
    const before = drops('unexpected-code');
    // Access-Request on the accounting port, Accounting-Request on the authentication port, a reply code.
    const accept = Buffer.from(accessRequest());
    accept[0] = Code.AccessAccept;
    const silent = [
      expectSilence(v4, [accessRequest()], '127.0.0.1', fb.ports.acct),
      expectSilence(v6, [accountingRequest(), accept], '::1', fb.ports.auth),
    ];
    await Promise.all(silent);
    await waitFor(() => drops('unexpected-code') - before === 3, 2_000, 'unexpected-code drops');
    expect(calls).toHaveLength(0);
  });

  it('re-sends the byte-identical cached reply to a duplicate without calling the handler again', async () => {
    let n = 0;
    behaviour = () => ({ code: Code.AccessAccept, attributes: [[Attr.ReplyMessage, `call ${++n}`]], outcome: 'accept' });
    const replayedBefore = fb.running.radius.counts.duplicates;
    const request = accessRequest();
    const first = await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS);
    const second = await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS);
    const third = await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS);
    verifiedReply(first, request);
    expect(second!.equals(first!)).toBe(true);
    expect(third!.equals(first!)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(fb.running.radius.counts.duplicates - replayedBefore).toBe(2);
  });

  it('treats the same Identifier and authenticator from another source port as a new request', async () => {
    const request = accessRequest();
    const other = await openUdpClient('udp4');
    try {
      verifiedReply(await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS), request);
      verifiedReply(await other.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS), request);
    } finally {
      await other.close();
    }
    expect(calls).toHaveLength(2);
  });

  it('drops a duplicate that arrives while the handler is still running, and answers once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    behaviour = async (req) => {
      await gate;
      return defaultBehaviour(req);
    };
    const before = drops('duplicate-in-flight');
    const request = accessRequest();
    const replies = v4.collect(SILENCE_MS * 3);
    v4.fire(request, '127.0.0.1', fb.ports.auth);
    await waitFor(() => calls.length === 1, 2_000, 'the handler to start');
    v4.fire(request, '127.0.0.1', fb.ports.auth);
    v4.fire(request, '127.0.0.1', fb.ports.auth);
    await waitFor(() => drops('duplicate-in-flight') - before === 2, 2_000, 'in-flight drops');
    release();
    const got = await replies;
    expect(got).toHaveLength(1);
    verifiedReply(got[0], request);
    expect(calls).toHaveLength(1);
    // Once answered, a further duplicate is a replay of that reply.
    expect((await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS))!.equals(got[0]!)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('processes the same Identifier with a new authenticator again', async () => {
    const identifier = id();
    const a = accessRequest([[Attr.UserName, 'first']], { identifier });
    const b = accessRequest([[Attr.UserName, 'second']], { identifier });
    expect(a.subarray(4, 20).equals(b.subarray(4, 20))).toBe(false);
    const ra = verifiedReply(await v4.send(a, '127.0.0.1', fb.ports.auth, REPLY_MS), a);
    const rb = verifiedReply(await v4.send(b, '127.0.0.1', fb.ports.auth, REPLY_MS), b);
    expect(calls.map((c) => c.attributes.text(Attr.UserName))).toEqual(['first', 'second']);
    expect(ra.attributes[1]!.value.toString()).toBe('hello first');
    expect(rb.attributes[1]!.value.toString()).toBe('hello second');
  });

  it('copies Proxy-State attributes into the reply unchanged and in order, after the handler attributes', async () => {
    const states = [Buffer.from('proxy-one'), Buffer.from([0x00, 0xff, 0x80]), Buffer.from('proxy-three')];
    const request = accessRequest([
      [Attr.ProxyState, states[0]!],
      [Attr.UserName, 'bob'],
      [Attr.ProxyState, states[1]!],
      [Attr.ProxyState, states[2]!],
    ]);
    const reply = verifiedReply(await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS), request);
    expect(reply.attributes.map((a) => a.type)).toEqual([
      Attr.MessageAuthenticator,
      Attr.ReplyMessage,
      Attr.CalledStationId,
      Attr.CalledStationId,
      Attr.ProxyState,
      Attr.ProxyState,
      Attr.ProxyState,
    ]);
    expect(reply.attributes.filter((a) => a.type === Attr.ProxyState).map((a) => a.value)).toEqual(states);
    expect(checkReplyMessageAuthenticator(reply, request.subarray(4, 20), secret)).toBe('valid');
  });

  it('drops Access-Requests without Message-Authenticator (default) or with a wrong one, without touching the cache', async () => {
    const missingBefore = drops('missing-message-authenticator');
    const badBefore = drops('bad-message-authenticator');
    const genuine = accessRequest();
    const forged = Buffer.from(genuine);
    forged[30] = forged[30]! ^ 0x01; // inside the Message-Authenticator value
    await expectSilence(v4, [accessRequest(undefined, { messageAuthenticator: false }), forged], '127.0.0.1', fb.ports.auth);
    await waitFor(() => drops('missing-message-authenticator') - missingBefore === 1 && drops('bad-message-authenticator') - badBefore === 1);
    expect(calls).toHaveLength(0);
    // Same Identifier and authenticator as the forgery: still a new request, processed normally.
    verifiedReply(await v4.send(genuine, '127.0.0.1', fb.ports.auth, REPLY_MS), genuine);
    expect(calls).toHaveLength(1);
  });

  it('answers a valid Accounting-Request with an empty signed Accounting-Response', async () => {
    const request = accountingRequest('acct-ok');
    const reply = verifiedReply(await v6.send(request, '::1', fb.ports.acct, REPLY_MS), request);
    expect(reply.code).toBe(Code.AccountingResponse);
    expect(reply.raw.length).toBe(20);
    expect(calls.at(-1)!.listener).toBe('acct');
    expect(calls.at(-1)!.attributes.text(Attr.AcctSessionId)).toBe('acct-ok');
  });

  it('drops an Accounting-Request with a bad authenticator', async () => {
    const before = drops('bad-authenticator');
    const request = accountingRequest('acct-bad');
    request[4] = request[4]! ^ 0x80;
    const wrongSecret = serializeRequest(Code.AccountingRequest, id(), [[Attr.AcctStatusType, 2], [Attr.AcctSessionId, 'x']], Buffer.from('not-the-secret-at-all'));
    await expectSilence(v4, [request, wrongSecret], '127.0.0.1', fb.ports.acct);
    await waitFor(() => drops('bad-authenticator') - before === 2, 2_000, 'bad-authenticator drops');
    expect(calls).toHaveLength(0);
  });

  it('sends nothing for {silent: true}, and processes the retransmission again (forgotten from the cache)', async () => {
    behaviour = () => ({ silent: true, outcome: 'store-down' });
    const request = accountingRequest('acct-silent');
    expect(await v4.send(request, '127.0.0.1', fb.ports.acct, SILENCE_MS)).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(await v4.send(request, '127.0.0.1', fb.ports.acct, SILENCE_MS)).toBeUndefined();
    expect(calls).toHaveLength(2);
    // When storing works again, the same retransmission is answered.
    behaviour = defaultBehaviour;
    verifiedReply(await v4.send(request, '127.0.0.1', fb.ports.acct, REPLY_MS), request);
    expect(calls).toHaveLength(3);
    const line = fb.logs.find((l) => l.msg === 'request' && l.outcome === 'store-down');
    expect(line).toMatchObject({ reply: 'none', code: 'Accounting-Request' });
  });

  it('a throwing handler: no reply, counted as handler-error, logged, and the server keeps serving', async () => {
    const before = drops('handler-error');
    const request = accessRequest();
    const other = accessRequest();
    let n = 0;
    behaviour = () => {
      if (n++ === 0) throw new Error('handler exploded');
      return Promise.reject(new Error('async handler exploded'));
    };
    await expectSilence(v4, [request, other], '127.0.0.1', fb.ports.auth);
    await waitFor(() => drops('handler-error') - before === 2, 2_000, 'handler-error drops');
    expect(fb.logs.filter((l) => l.msg === 'request handler failed').length).toBeGreaterThanOrEqual(2);
    behaviour = defaultBehaviour;
    // The failed request is forgotten: its retransmission is processed.
    verifiedReply(await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS), request);
    expect(fb.running.radius.inFlightRequests).toBe(0);
  });

  it('a reply that cannot be encoded is dropped and counted; the retransmission is processed again', async () => {
    const before = drops('reply-encoding-error');
    behaviour = () => ({ code: Code.AccessAccept, attributes: [[Attr.ReplyMessage, 'x'.repeat(300)]], outcome: 'too-long' });
    const request = accessRequest();
    expect(await v4.send(request, '127.0.0.1', fb.ports.auth, SILENCE_MS)).toBeUndefined();
    await waitFor(() => drops('reply-encoding-error') - before === 1, 2_000, 'reply-encoding-error drop');
    behaviour = defaultBehaviour;
    verifiedReply(await v4.send(request, '127.0.0.1', fb.ports.auth, REPLY_MS), request);
    expect(calls).toHaveLength(2);
  });

  it('answers Status-Server with Message-Authenticator on both ports without calling the handler', async () => {
    for (const [port, code] of [
      [fb.ports.auth, Code.AccessAccept],
      [fb.ports.acct, Code.AccountingResponse],
    ] as const) {
      const request = serializeRequest(Code.StatusServer, id(), [], secret);
      const reply = verifiedReply(await v4.send(request, '127.0.0.1', port, REPLY_MS), request);
      expect(reply.code).toBe(code);
    }
    expect(calls).toHaveLength(0);
  });

  it('drops Status-Server without Message-Authenticator', async () => {
    const before = drops('missing-message-authenticator');
    const status = (): Buffer => serializeRequest(Code.StatusServer, id(), [], secret, { messageAuthenticator: false });
    await Promise.all([expectSilence(v4, [status()], '127.0.0.1', fb.ports.auth), expectSilence(v6, [status()], '::1', fb.ports.acct)]);
    await waitFor(() => drops('missing-message-authenticator') - before === 2, 2_000, 'missing-MA drops');
    expect(calls).toHaveLength(0);
  });
});

describe('drops from unknown sources', () => {
  let fb: WireFirebridge;
  beforeAll(async () => {
    fb = await startWireFirebridge({ handler, clients: [{ name: 'only6', address: '::1', secret: WIRE_SECRET }] });
  });
  afterAll(() => fb?.stop());
  beforeEach(() => {
    behaviour = defaultBehaviour;
    calls = [];
  });

  it('drops and counts a packet from an address with no client; answers the configured one', async () => {
    const request = accessRequest();
    const v4 = await openUdpClient('udp4');
    await Promise.all([
      expectSilence(v4, [request], '127.0.0.1', fb.ports.auth),
      sendUdp(accountingRequest(), '127.0.0.1', fb.ports.acct, SILENCE_MS).then((r) => expect(r).toBeUndefined()),
    ]);
    await v4.close();
    await waitFor(() => fb.running.radius.counts.dropCount('unknown-client') === 2, 2_000, 'unknown-client drops');
    expect(calls).toHaveLength(0);
    const line = fb.dropLogs('unknown-client')[0]!;
    expect(line.level).toBe(40);
    expect(String(line.from)).toMatch(/^127\.0\.0\.1:\d+$/);
    verifiedReply(await sendUdp(request, '::1', fb.ports.auth, REPLY_MS), request);
    expect(calls).toHaveLength(1);
  });
});

describe('drop logging', () => {
  let fb: WireFirebridge;
  beforeAll(async () => {
    fb = await startWireFirebridge({ handler });
  });
  afterAll(() => fb?.stop());

  it('rate-limits warnings per reason: 50 bad packets, at most ~10 lines, all counted', async () => {
    const client = await openUdpClient('udp4');
    try {
      for (let i = 0; i < 50; i++) client.fire(Buffer.from([Code.AccessRequest, i, 0, 5]), '127.0.0.1', fb.ports.auth);
      await waitFor(() => fb.running.radius.counts.dropCount('malformed') === 50, 3_000, '50 malformed drops');
    } finally {
      await client.close();
    }
    const lines = fb.dropLogs('malformed');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines[0]).toMatchObject({ level: 40, drop: 'malformed', client: 'loop4' });
    expect(String(lines[0]!.detail)).toMatch(/short-datagram/);
    // Another reason has its own budget.
    const bad = accessRequest(undefined, { messageAuthenticator: false });
    expect(await sendUdp(bad, '127.0.0.1', fb.ports.auth, SILENCE_MS)).toBeUndefined();
    await waitFor(() => fb.dropLogs('missing-message-authenticator').length === 1, 2_000, 'a missing-MA log line');
  });
});

describe('request log lines', () => {
  it('one line per answered request at info; Status-Server (a heartbeat) only at debug, always counted', async () => {
    for (const level of ['info', 'debug'] as const) {
      const fb = await startWireFirebridge({ handler, logLevel: level });
      const client = await openUdpClient('udp4');
      try {
        const status = serializeRequest(Code.StatusServer, id(), [], secret);
        expect(await client.send(status, '127.0.0.1', fb.ports.auth, REPLY_MS)).toBeDefined();
        expect(await client.send(accessRequest(), '127.0.0.1', fb.ports.auth, REPLY_MS)).toBeDefined();
      } finally {
        await client.close();
      }
      const requests = fb.logs.filter((l) => l.msg === 'request');
      expect(requests.filter((l) => l.code === 'Access-Request')).toHaveLength(1);
      expect(requests.filter((l) => l.code === 'Status-Server')).toHaveLength(level === 'debug' ? 1 : 0);
      await fb.stop();
    }
  });
});

describe('shutdown', () => {
  // A handler that outlives stop()'s grace period must not throw on the closed socket (that would be
  // an unhandled rejection, which ends a Node 20 process).
  it('a reply finished after stop() closed the sockets is dropped quietly', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fb = await startWireFirebridge({
      handler: async () => {
        await gate;
        return { code: Code.AccessAccept, attributes: [], outcome: 'late' };
      },
    });
    const client = await openUdpClient('udp4');
    const started = fb.running.radius.inFlightRequests;
    client.fire(accessRequest(), '127.0.0.1', fb.ports.auth);
    await waitFor(() => fb.running.radius.inFlightRequests === started + 1, 2_000, 'the request to be in flight');
    await fb.running.radius.stop(20);
    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();
    expect(fb.running.radius.inFlightRequests).toBe(0);
  });
});

afterEach(() => {
  behaviour = defaultBehaviour;
});
