// Helpers for the lab tests: a tiny UDP SIP phone (no sipp needed), digest answers with node:crypto,
// seeded subscribers, and a sipp runner.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type LabEvent, type LabOptions, type RunningLab } from '../../src/lab/lab.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';

export const REALM = 'firebridge';
export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** alice 201 and bob 202 (password `<user>-pw`), carol 203 with no phone registered in any test. */
export async function seedSubscribers(server: TestServer): Promise<void> {
  for (const [u, n] of [
    ['alice', '201'],
    ['bob', '202'],
    ['carol', '203'],
  ] as const) {
    await server.store.subscribers.put({ username: u, realm: REALM, ha1: { MD5: md5(`${u}:${REALM}:${u}-pw`) }, number: n, enabled: true });
  }
}

export interface LabHandle {
  readonly lab: RunningLab;
  readonly events: LabEvent[];
  /** Resolves when an event matching `pred` has been seen (bounded wait). */
  waitFor(pred: (e: LabEvent) => boolean, timeoutMs?: number): Promise<LabEvent>;
}

export async function startTestLab(server: TestServer, extra: Partial<LabOptions> = {}): Promise<LabHandle> {
  const events: LabEvent[] = [];
  const lab = await startLab({
    radius: { host: '127.0.0.1', port: server.authPort, acctPort: server.acctPort, secret: Buffer.from(TEST_SECRET) },
    listen: { host: '127.0.0.1', port: 0 },
    profile: 'v1.36',
    sipAorAttribute: 122,
    nasIdentifier: 'lab',
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return {
    lab,
    events,
    async waitFor(pred, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(pred);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching lab event within ${timeoutMs} ms; events: ${JSON.stringify(events, null, 1)}`);
    },
  };
}

export interface SipResponse {
  readonly status: number;
  readonly reason: string;
  /** Header values by lower-cased name, in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
  readonly raw: string;
  header(name: string): string | undefined;
}

export function parseResponse(raw: string): SipResponse {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const m = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(lines[0] ?? '');
  if (!m) throw new Error(`not a SIP response: ${raw.slice(0, 80)}`);
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return { status: Number(m[1]), reason: m[2]!, headers, body: rest.join('\r\n\r\n'), raw, header: (n) => headers.get(n.toLowerCase())?.[0] };
}

/** A UDP "phone": sends request texts, collects the responses for each. */
export class UdpPhone {
  readonly socket: Socket;
  private received: SipResponse[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (msg) => this.received.push(parseResponse(msg.toString('utf8'))));
  }

  static async open(): Promise<UdpPhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    return new UdpPhone(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    this.socket.close();
  }

  sendRaw(text: string, port: number): void {
    this.socket.send(Buffer.from(text), port, '127.0.0.1');
  }

  /** Sends a request and returns every response to its Call-ID + CSeq up to the first final one. */
  async request(text: string, port: number, timeoutMs = 5_000): Promise<SipResponse[]> {
    const callId = /\r\nCall-ID: ([^\r]+)/i.exec(text)?.[1];
    const cseq = /\r\nCSeq: ([^\r]+)/i.exec(text)?.[1];
    this.sendRaw(text, port);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const mine = this.received.filter((r) => r.header('call-id') === callId && r.header('cseq') === cseq);
      if (mine.some((r) => r.status >= 200)) {
        this.received = this.received.filter((r) => !mine.includes(r));
        return mine;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no final response to ${text.split('\r\n')[0]} within ${timeoutMs} ms`);
  }
}

export interface RequestInit {
  readonly method: string;
  readonly uri: string;
  readonly fromUser: string;
  readonly toUser: string;
  readonly callId: string;
  readonly cseq: number;
  readonly phonePort: number;
  readonly labPort: number;
  readonly branch?: string;
  readonly toTag?: string;
  readonly headers?: readonly string[];
  readonly viaHost?: string;
}

/** The From tag `sipRequest` writes for a Call-ID (a token, unlike most Call-IDs). */
export const fromTag = (callId: string): string => `f${md5(callId).slice(0, 10)}`;

export function sipRequest(r: RequestInit): string {
  const lines = [
    `${r.method} ${r.uri} SIP/2.0`,
    `Via: SIP/2.0/UDP ${r.viaHost ?? '127.0.0.1'}:${r.phonePort};branch=${r.branch ?? `z9hG4bK${randomBytes(6).toString('hex')}`};rport`,
    'Max-Forwards: 70',
    `From: "Phone ${r.fromUser}" <sip:${r.fromUser}@127.0.0.1>;tag=${fromTag(r.callId)}`,
    `To: <sip:${r.toUser}@127.0.0.1>${r.toTag ? `;tag=${r.toTag}` : ''}`,
    `Call-ID: ${r.callId}`,
    `CSeq: ${r.cseq} ${r.method}`,
    `Contact: <sip:${r.fromUser}@127.0.0.1:${r.phonePort};transport=udp>`,
    'User-Agent: lab-test-phone/1.0',
    ...(r.headers ?? []),
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Parses `Digest realm="x", nonce="y", qop="auth", ...` (values unescaped). */
export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/([a-z-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/gi)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

/** The Authorization value a phone sends for `challenge` (RFC 2617 with qop=auth, or RFC 2069). */
export function authorization(o: { method: string; uri: string; username: string; password: string; challenge: Record<string, string>; nc?: number }): string {
  const c = o.challenge;
  const ha1 = md5(`${o.username}:${c.realm}:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = randomBytes(4).toString('hex');
  const qop = c.qop?.split(',')[0];
  const response = qop ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${c.nonce}:${ha2}`);
  const parts = [`username="${o.username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${o.uri}"`, `response="${response}"`, `algorithm=${c.algorithm ?? 'MD5'}`];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

// ---- sipp ----

export const SCENARIOS = fileURLToPath(new URL('.', import.meta.url));

export interface SippResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The contents of the error and message logs sipp wrote (with -trace_err / -trace_msg). */
  readonly logs: string;
}

/** A free local UDP port (bound and released; sipp binds it a moment later). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Runs one sipp scenario once against the lab; never longer than `timeoutMs`. */
export async function runSipp(scenario: string, labPort: number, keys: Record<string, string> = {}, timeoutMs = 15_000): Promise<SippResult> {
  const cwd = mkdtempSync(join(tmpdir(), 'firebridge-sipp-'));
  const port = await freeUdpPort();
  const args = [
    '-sf', join(SCENARIOS, scenario),
    '-m', '1',
    '-p', String(port),
    '-i', '127.0.0.1',
    '-timeout', '10s',
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    '-trace_msg',
    ...Object.entries(keys).flatMap(([k, v]) => ['-key', k, v]),
    `127.0.0.1:${labPort}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const logs = readdirSync(cwd)
        .filter((f) => f.endsWith('.log'))
        .map((f) => `==> ${f} <==\n${readFileSync(join(cwd, f), 'utf8').slice(-8_000)}`)
        .join('\n');
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, stdout, stderr, logs });
    });
  });
}
