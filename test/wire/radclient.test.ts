// Issue 2 "done when": an independent client (FreeRADIUS radclient) against the real UDP server,
// over IPv4 and IPv6 loopback.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirebridge, type RunningFirebridge } from '../../src/app/firebridge.js';
import { configSchema } from '../../src/config/schema.js';
import { Attr, Code, serializeRequest, type HandlerResult } from '../../src/radius/index.js';

const SECRET = 'radclient-secret-0123456789';

interface RadclientResult {
  readonly reply: string | undefined;
  readonly attributes: Array<[string, string]>;
  readonly output: string;
}

function radclient(target: string, kind: 'auth' | 'acct' | 'status', lines: string[], secret = SECRET): Promise<RadclientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', ['-x', '-r', '1', '-t', '1', target, kind, secret], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => reject(new Error(`radclient (apt-get install freeradius-utils): ${err.message}`)));
    child.on('close', () => {
      const m = /Received (\S+) Id/.exec(output);
      const after = m ? output.slice(output.indexOf(m[0])) : '';
      const attributes = [...after.matchAll(/^\t(\S+) = (.*)$/gm)].map((x) => [x[1]!, x[2]!.replace(/^"|"$/g, '')] as [string, string]);
      resolve({ reply: m?.[1], attributes, output });
    });
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** RFC 5090 attributes as raw octets: radclient's dictionary maps Digest-* names to the old 207 form. */
const raw = (type: number, text: string): string => `Attr-${type} = 0x${Buffer.from(text).toString('hex')}`;

describe('radclient against the wire core', () => {
  let running: RunningFirebridge;
  const seen: string[] = [];

  beforeAll(async () => {
    const config = configSchema.parse({
      listen: { host: '::', auth: 0, acct: 0 },
      clients: [
        { name: 'v4', address: '127.0.0.1', secret: SECRET },
        { name: 'v6', address: '::1', secret: SECRET },
        { name: 'legacy', address: '127.0.0.2', secret: SECRET, requireMessageAuthenticator: false },
      ],
      metrics: { enabled: false },
    });
    const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
    running = await startFirebridge({
      config,
      logger,
      handler: (req): HandlerResult => {
        if (req.packet.code === Code.AccountingRequest) return { code: Code.AccountingResponse, attributes: [], outcome: 'stored' };
        seen.push(`${req.attributes.text(Attr.DigestMethod)} ${req.attributes.text(Attr.DigestUri)}`);
        return {
          code: Code.AccessAccept,
          attributes: [
            [Attr.ReplyMessage, 'hello'],
            [Attr.CalledStationId, 'tel:201'],
            [Attr.CalledStationId, '10+@carrierA'],
          ],
          outcome: 'accept',
        };
      },
    });
  });
  afterAll(() => running?.stop());

  describe.each([
    ['IPv4', '127.0.0.1'],
    ['IPv6', '[::1]'],
  ])('%s', (_family, host) => {
    const auth = (): string => `${host}:${running.ports.auth}`;
    const acct = (): string => `${host}:${running.ports.acct}`;

    it('answers Status-Server on both ports', async () => {
      expect((await radclient(auth(), 'status', ['Message-Authenticator = 0x00'])).reply).toBe('Access-Accept');
      expect((await radclient(acct(), 'status', ['Message-Authenticator = 0x00'])).reply).toBe('Accounting-Response');
    });

    it('answers an Access-Request with Message-Authenticator, attributes in order, RFC 5090 values intact', async () => {
      const r = await radclient(auth(), 'auth', ['User-Name = "alice"', raw(108, 'INVITE'), raw(109, 'sip:201@fb.example'), 'Message-Authenticator = 0x00']);
      expect(r.reply).toBe('Access-Accept');
      expect(r.attributes.map(([n]) => n)).toEqual(['Message-Authenticator', 'Reply-Message', 'Called-Station-Id', 'Called-Station-Id']);
      expect(r.attributes.filter(([n]) => n === 'Called-Station-Id').map(([, v]) => v)).toEqual(['tel:201', '10+@carrierA']);
      expect(seen).toContain('INVITE sip:201@fb.example');
    });

    it('drops an Access-Request without Message-Authenticator (BlastRADIUS)', async () => {
      const r = await radclient(auth(), 'auth', ['User-Name = "alice"', raw(108, 'INVITE')]);
      expect(r.reply).toBeUndefined();
      expect(r.output).toMatch(/No reply/);
    });

    it('drops requests signed with a wrong secret', async () => {
      expect((await radclient(auth(), 'auth', ['User-Name = "a"', 'Message-Authenticator = 0x00'], 'not-the-secret')).reply).toBeUndefined();
      expect((await radclient(acct(), 'acct', ['Acct-Status-Type = Start', 'Acct-Session-Id = "s1"'], 'not-the-secret')).reply).toBeUndefined();
    });

    it('answers an Accounting-Request', async () => {
      const r = await radclient(acct(), 'acct', ['Acct-Status-Type = Start', 'Acct-Session-Id = "s1"', 'NAS-Identifier = "fb"']);
      expect(r.reply).toBe('Accounting-Response');
    });
  });

  it('answers without Message-Authenticator for a client exempted from requiring it', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.2', () => r()));
    const packet = serializeRequest(Code.AccessRequest, 7, [[Attr.UserName, 'x']], Buffer.from(SECRET), { messageAuthenticator: false });
    const reply = await new Promise<Buffer | undefined>((resolve) => {
      const t = setTimeout(() => resolve(undefined), 1_000);
      socket.once('message', (m) => {
        clearTimeout(t);
        resolve(m);
      });
      socket.send(packet, running.ports.auth, '127.0.0.1');
    });
    socket.close();
    expect(reply?.[0]).toBe(Code.AccessAccept);
  });
});
