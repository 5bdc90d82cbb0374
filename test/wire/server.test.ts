// The UDP server core with a test handler: drops are counted, duplicates replayed, nothing crashes.
import { createSocket, type Socket } from 'node:dgram';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, parsePacket, RadiusServer, serializeRequest, type HandlerResult, type RadiusClient, type RadiusRequest } from '../../src/radius/index.js';

const secret = Buffer.from('server-test-secret-0123');
const logs: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const l of chunk.toString().split('\n')) if (l) logs.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  }),
);

let calls = 0;
let gate: Promise<void> | undefined;
let behaviour: 'accept' | 'silent' | 'throw' = 'accept';

async function handler(req: RadiusRequest): Promise<HandlerResult> {
  calls++;
  if (gate) await gate;
  if (behaviour === 'silent') return { silent: true, outcome: 'not-now' };
  if (behaviour === 'throw') throw new Error('boom');
  return { code: Code.AccessAccept, attributes: [[Attr.ReplyMessage, `call ${calls} for ${req.attributes.text(Attr.UserName)}`]], outcome: 'accept' };
}

describe('RadiusServer', () => {
  let server: RadiusServer;
  let port: number;
  let socket: Socket;

  const send = (packet: Buffer, timeoutMs = 500): Promise<Buffer | undefined> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        socket.off('message', on);
        resolve(undefined);
      }, timeoutMs);
      const on = (m: Buffer): void => {
        clearTimeout(t);
        socket.off('message', on);
        resolve(m);
      };
      socket.on('message', on);
      socket.send(packet, port, '127.0.0.1');
    });

  beforeAll(async () => {
    const clients: RadiusClient[] = [{ name: 'local', address: '127.0.0.0/8', secret, requireMessageAuthenticator: true }];
    server = new RadiusServer({ host: '127.0.0.1', authPort: 0, acctPort: 0, clients, handler, logger });
    port = (await server.start()).auth;
    socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    socket.close();
    await server.stop();
  });

  it('re-sends the cached reply to a duplicate without calling the handler again', async () => {
    behaviour = 'accept';
    const packet = serializeRequest(Code.AccessRequest, 11, [[Attr.UserName, 'dup']], secret);
    const before = calls;
    const first = await send(packet);
    const second = await send(packet);
    expect(first).toBeDefined();
    expect(second!.equals(first!)).toBe(true);
    expect(calls - before).toBe(1);
    // Same Identifier, new authenticator: a new request.
    const fresh = serializeRequest(Code.AccessRequest, 11, [[Attr.UserName, 'dup']], secret);
    expect(await send(fresh)).toBeDefined();
    expect(calls - before).toBe(2);
  });

  it('drops a duplicate of a request still in flight, answering once', async () => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const packet = serializeRequest(Code.AccessRequest, 12, [[Attr.UserName, 'slow']], secret);
    const replies: Buffer[] = [];
    const collect = (m: Buffer): void => void replies.push(m);
    socket.on('message', collect);
    socket.send(packet, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 50));
    socket.send(packet, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 50));
    release();
    gate = undefined;
    await new Promise((r) => setTimeout(r, 100));
    socket.off('message', collect);
    expect(replies).toHaveLength(1);
    expect(server.counts.dropCount('duplicate-in-flight')).toBeGreaterThanOrEqual(1);
  });

  it('copies Proxy-State into the reply, after the decision, Message-Authenticator first', async () => {
    behaviour = 'accept';
    const packet = serializeRequest(Code.AccessRequest, 13, [[Attr.UserName, 'p'], [Attr.ProxyState, 'one'], [Attr.ProxyState, 'two']], secret);
    const reply = parsePacket((await send(packet))!);
    if (!reply.ok) throw new Error('bad reply');
    expect(reply.packet.attributes.map((a) => a.type)).toEqual([Attr.MessageAuthenticator, Attr.ReplyMessage, Attr.ProxyState, Attr.ProxyState]);
    expect(reply.packet.attributes.slice(2).map((a) => a.value.toString())).toEqual(['one', 'two']);
  });

  it('stays silent when the handler chooses silence, and processes the retransmission again', async () => {
    behaviour = 'silent';
    const packet = serializeRequest(Code.AccessRequest, 14, [[Attr.UserName, 's']], secret);
    expect(await send(packet, 300)).toBeUndefined();
    behaviour = 'accept';
    expect(await send(packet)).toBeDefined();
  });

  it('survives a throwing handler, counts it, and keeps answering', async () => {
    behaviour = 'throw';
    expect(await send(serializeRequest(Code.AccessRequest, 15, [[Attr.UserName, 't']], secret), 300)).toBeUndefined();
    expect(server.counts.dropCount('handler-error')).toBe(1);
    behaviour = 'accept';
    expect(await send(serializeRequest(Code.AccessRequest, 16, [[Attr.UserName, 't']], secret))).toBeDefined();
  });

  it('drops and counts malformed packets, bad Message-Authenticators and Status-Server without one, then answers a good one', async () => {
    for (let i = 0; i < 50; i++) socket.send(Buffer.from(`junk ${i}`), port, '127.0.0.1');
    const tampered = serializeRequest(Code.AccessRequest, 17, [[Attr.UserName, 'x']], secret);
    tampered[tampered.length - 1]! ^= 1;
    expect(await send(tampered, 300)).toBeUndefined();
    expect(await send(serializeRequest(Code.StatusServer, 18, [], secret, { messageAuthenticator: false }), 300)).toBeUndefined();
    expect(await send(serializeRequest(Code.AccountingRequest, 19, [[Attr.AcctSessionId, 'x']], secret), 300)).toBeUndefined(); // wrong port
    expect(server.counts.dropCount('malformed')).toBe(50);
    expect(server.counts.dropCount('bad-message-authenticator')).toBe(1);
    expect(server.counts.dropCount('missing-message-authenticator')).toBe(1);
    expect(server.counts.dropCount('unexpected-code')).toBe(1);
    // Rate-limited: at most 10 lines per reason per window.
    expect(logs.filter((l) => l.drop === 'malformed').length).toBeLessThanOrEqual(10);
    behaviour = 'accept';
    expect(await send(serializeRequest(Code.AccessRequest, 20, [[Attr.UserName, 'ok']], secret))).toBeDefined();
  });

  it('drops and counts packets from unknown addresses', async () => {
    const stranger = new RadiusServer({
      host: '127.0.0.1',
      authPort: 0,
      acctPort: 0,
      clients: [{ name: 'v6-only', address: '::1', secret, requireMessageAuthenticator: true }],
      handler,
      logger,
    });
    const p = (await stranger.start()).auth;
    socket.send(serializeRequest(Code.AccessRequest, 21, [[Attr.UserName, 'x']], secret), p, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 100));
    expect(stranger.counts.dropCount('unknown-client')).toBe(1);
    await stranger.stop();
  });
});
