// FreeRADIUS radclient (freeradius-utils) as an independent RADIUS client: its packet encoding,
// authenticators and Message-Authenticator handling share no code with firebridge.
import { spawn } from 'node:child_process';
import { installCommand, toolNamed } from './tools.js';

export type RadclientCommand = 'auth' | 'acct' | 'status';

export interface RadclientOptions {
  /** Seconds to wait for a reply (radclient -t; fractions allowed). Default 1. */
  readonly timeoutSeconds?: number;
  /** radclient -r: attempts. Default 1 (no retransmission). */
  readonly retries?: number;
  /** radclient -d: user dictionary directory. */
  readonly raddb?: string;
  /** radclient -D: main dictionary directory. */
  readonly dictDir?: string;
}

export interface RadclientResult {
  /** Name of the reply code radclient printed ("Access-Accept", …), undefined when there was no reply. */
  readonly replyCode: string | undefined;
  /** The reply's attributes as radclient printed them, in order; quotes around strings removed. */
  readonly attributes: Array<[name: string, value: string]>;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `radclient -x -r 1 -t 1 HOST:PORT command SECRET` with `lines` (one "Attribute = value" each)
 * on stdin. IPv6 targets are written `[::1]:port`. No shell is involved.
 */
export function radclient(
  target: string,
  command: RadclientCommand,
  secret: string,
  lines: readonly string[],
  options: RadclientOptions = {},
): Promise<RadclientResult> {
  const args = ['-x', '-r', String(options.retries ?? 1), '-t', String(options.timeoutSeconds ?? 1)];
  if (options.raddb) args.push('-d', options.raddb);
  if (options.dictDir) args.push('-D', options.dictDir);
  args.push(target, command, secret);
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new Error(`cannot run radclient (${installCommand(toolNamed('radclient'), true)}): ${err.message}`)));
    child.on('close', (exitCode) => resolve({ ...parseRadclientOutput(stdout), exitCode, stdout, stderr }));
    child.stdin.end(lines.length ? `${lines.join('\n')}\n` : '\n');
  });
}

/** Picks the reply code and reply attributes out of radclient -x output. */
export function parseRadclientOutput(stdout: string): { replyCode: string | undefined; attributes: Array<[string, string]> } {
  // "Received Access-Accept Id 22 from [::1]:1812 to [::]:40000 length 44", then one "\tName = value"
  // line per attribute. Without a reply radclient prints "(0) No reply from server for ID 22 …".
  const received = /^Received (\S+) Id \d+[^\n]*$/m.exec(stdout);
  if (!received) return { replyCode: undefined, attributes: [] };
  const after = stdout.slice(received.index + received[0].length);
  const attributes: Array<[string, string]> = [];
  for (const line of after.split('\n').slice(1)) {
    const m = /^\t(\S+) = (.*)$/.exec(line);
    if (!m) break;
    attributes.push([m[1]!, unquote(m[2]!)]);
  }
  return { replyCode: received[1], attributes };
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/**
 * RFC 5090 attributes as raw octets. radclient's dictionary maps Digest-Method and friends to the old
 * draft-sterman 207 sub-attributes, so `{108: 'INVITE'}` must be sent as `Attr-108 = 0x494e56495445`.
 * Entries keep insertion order for string keys but integer-like keys are ordered numerically by
 * JavaScript; pass an array of pairs when the order matters.
 */
export function rawAttributeLines(attributes: Record<number, string> | ReadonlyArray<readonly [number, string | Buffer]>): string[] {
  const pairs: ReadonlyArray<readonly [number | string, string | Buffer]> = Array.isArray(attributes)
    ? attributes
    : Object.entries(attributes);
  return pairs.map(([type, value]) => `Attr-${type} = 0x${(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')).toString('hex')}`);
}
