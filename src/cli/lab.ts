// `firebridge lab` and `firebridge lab-call` (issue 9): try routing rules with real phones, or sipp,
// before a FireBrick is involved.
import { InvalidArgumentError, type Command } from 'commander';
import { isIPv6 } from 'node:net';
import { NoReplyError } from '../radius/index.js';
import { LAB_PROFILES, type LabProfile } from '../lab/access-request.js';
import { simulateCall, type AccountingSent } from '../lab/accounting.js';
import { startLab, type Endpoint, type LabEvent } from '../lab/lab.js';
import { CommandError } from './context.js';
import { jsonListOption, writeJsonLine } from './output.js';

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address; the port defaults. */
export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  const t = text.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if (isIPv6(t)) {
    host = t;
  } else {
    const m = /^([^:\s]+)(?::(\d+))?$/.exec(t);
    if (!m) throw new InvalidArgumentError(`"${text}" is not HOST[:PORT]`);
    host = m[1]!;
    port = m[2];
  }
  const n = port === undefined ? defaultPort : Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`port ${port} is out of range`);
  return { host, port: n };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('a UDP port (1-65535)');
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 86_400) throw new InvalidArgumentError('whole seconds (0-86400)');
  return n;
}

function parseProfile(value: string): LabProfile {
  const v = value.toLowerCase().replace(/^(\d)/, 'v$1');
  if (!(LAB_PROFILES as readonly string[]).includes(v)) throw new InvalidArgumentError(`one of ${LAB_PROFILES.join(', ')}`);
  return v as LabProfile;
}

function parseSipAor(value: string): 121 | 122 {
  if (value !== '121' && value !== '122') throw new InvalidArgumentError('121 (the FireBrick manuals) or 122 (RFC 5090)');
  return Number(value) as 121 | 122;
}

function secretOf(opts: { secret?: string }): Buffer {
  const secret = opts.secret ?? process.env.FIREBRIDGE_LAB_SECRET;
  if (!secret) throw new CommandError('give the RADIUS shared secret with --secret (or $FIREBRIDGE_LAB_SECRET)', 2);
  return Buffer.from(secret, 'utf8');
}

/** One human-readable line (or block, with --verbose) per event. */
export function formatLabEvent(e: LabEvent, verbose: boolean): string {
  const time = new Date().toISOString().slice(11, 23);
  switch (e.kind) {
    case 'request': {
      const head = `${time} ${e.method} ${e.from ?? '?'} → ${e.to ?? '?'} from ${e.source}: ${e.reply ? `${e.reply.code} → ` : ''}${e.status} ${e.summary}`;
      if (!verbose) return head;
      const lines = [head];
      if (e.sent) lines.push('  Access-Request:', ...e.sent.map((l) => `    ${l}`));
      if (e.reply) lines.push(`  ${e.reply.code}:`, ...e.reply.attributes.map((l) => `    ${l}`));
      if (e.body) lines.push('  body:', ...e.body.trimEnd().split('\n').map((l) => `    ${l}`));
      return lines.join('\n');
    }
    case 'accounting':
      return `${time} accounting ${e.status} ${e.sessionId} (${e.callId})${e.sessionTime !== undefined ? ` Acct-Session-Time=${e.sessionTime}` : ''}${e.error ? ` FAILED: ${e.error}` : ''}`;
    case 'dropped':
      return `${time} dropped from ${e.source}: ${e.reason}`;
  }
}

interface LabCliOptions {
  radius: Endpoint;
  secret?: string;
  acctPort?: number;
  listen: string;
  profile: LabProfile;
  nasIdentifier: string;
  sipAor: 121 | 122;
  realm?: string;
  accounting: boolean;
  verbose?: boolean;
  json?: boolean;
}

interface LabCallOptions {
  radius: Endpoint;
  secret?: string;
  acctPort?: number;
  from: string;
  to: string;
  ring: number;
  talk: number;
  legs: string;
  nasIdentifier: string;
  cui?: string;
  wait: boolean;
  json?: boolean;
}

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('a FireBrick stand-in with a SIP front end: point a softphone (or sipp) at it to try the rules')
    .requiredOption('--radius <host[:port]>', 'the RADIUS server to ask (port 1812 unless given)', (v) => parseEndpoint(v, 1812))
    .option('--secret <secret>', 'shared secret; also $FIREBRIDGE_LAB_SECRET')
    .option('--acct-port <port>', 'accounting port (default: the RADIUS port + 1)', parsePort)
    .option('--listen <host[:port]>', 'where to receive SIP over UDP (port 5060 unless given)', '127.0.0.1:5060')
    .option('--profile <version>', `FireBrick firmware whose Access-Request to imitate (${LAB_PROFILES.join(', ')})`, parseProfile, 'v1.36' as LabProfile)
    .option('--nas-identifier <name>', 'the FireBrick hostname sent as NAS-Identifier', 'lab')
    .option('--sip-aor <number>', 'attribute number carrying the Contact: 121 (manuals) or 122 (RFC 5090)', parseSipAor, 122 as 121 | 122)
    .option('--realm <realm>', 'realm offered when an Access-Challenge carries none (default: the NAS-Identifier)')
    .option('--no-accounting', 'do not send Start/Interim/Stop for answered INVITEs')
    .option('-v, --verbose', 'print the attributes sent and received, and the route plan bodies')
    .option(...jsonListOption('event'))
    .action(async (opts: LabCliOptions) => {
      const secret = secretOf(opts);
      const acctPort = opts.acctPort ?? opts.radius.port + 1;
      let listen: Endpoint;
      try {
        listen = parseEndpoint(opts.listen, 5060);
      } catch (err) {
        throw new CommandError(`--listen: ${(err as Error).message}`, 2);
      }
      let lab;
      try {
        lab = await startLab({
          radius: { ...opts.radius, secret, acctPort },
          listen,
          profile: opts.profile,
          sipAorAttribute: opts.sipAor,
          nasIdentifier: opts.nasIdentifier,
          ...(opts.realm !== undefined ? { realm: opts.realm } : {}),
          accounting: opts.accounting,
          onEvent: (e) => (opts.json ? writeJsonLine(e) : process.stdout.write(`${formatLabEvent(e, opts.verbose === true)}\n`)),
        });
      } catch (err) {
        throw new CommandError(`cannot listen on ${opts.listen}: ${(err as Error).message}`);
      }
      const where = isIPv6(lab.address.host) ? `[${lab.address.host}]:${lab.address.port}` : `${lab.address.host}:${lab.address.port}`;
      process.stderr.write(
        `firebridge lab: SIP on udp ${where}, asking RADIUS ${opts.radius.host}:${opts.radius.port} (accounting ${
          opts.accounting ? acctPort : 'off'
        }) as a FireBrick ${opts.profile}, NAS-Identifier "${opts.nasIdentifier}", SIP-AOR ${opts.sipAor}. Ctrl-C stops.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await lab.stop();
    });

  program
    .command('lab-call')
    .description('account a simulated call as a FireBrick would: Start, Interim (ringing time), Stop (talk time)')
    .requiredOption('--radius <host[:port]>', 'the RADIUS server (its accounting port is this port + 1 unless --acct-port)', (v) => parseEndpoint(v, 1812))
    .option('--secret <secret>', 'shared secret; also $FIREBRIDGE_LAB_SECRET')
    .option('--acct-port <port>', 'accounting port (default: the RADIUS port + 1)', parsePort)
    .requiredOption('--from <number>', 'calling number')
    .requiredOption('--to <number>', 'called number')
    .option('--ring <seconds>', 'time spent ringing (Interim Acct-Session-Time)', parseSeconds, 3)
    .option('--talk <seconds>', 'connected time (Stop Acct-Session-Time)', parseSeconds, 10)
    .option('--legs <n>', 'call legs to account: 2 (from the phone and to the destination) or 1', '2')
    .option('--nas-identifier <name>', 'the FireBrick hostname sent as NAS-Identifier', 'lab')
    .option('--cui <id>', 'Chargeable-User-Identity on the records')
    .option('--no-wait', 'send the records back to back instead of waiting the ringing and talk time')
    .option(...jsonListOption('record sent'))
    .action(async (opts: LabCallOptions) => {
      const secret = secretOf(opts);
      if (opts.legs !== '1' && opts.legs !== '2') throw new CommandError('--legs is 1 or 2', 2);
      const port = opts.acctPort ?? opts.radius.port + 1;
      const print = (s: AccountingSent): void => {
        if (opts.json) writeJsonLine(s);
        else process.stdout.write(`${s.status.padEnd(14)} ${s.sessionId}${s.sessionTime !== undefined ? `  Acct-Session-Time=${s.sessionTime}` : ''}  acknowledged\n`);
      };
      try {
        await simulateCall(
          { host: opts.radius.host, port, secret },
          {
            from: opts.from,
            to: opts.to,
            ringSeconds: opts.ring,
            talkSeconds: opts.talk,
            legs: opts.legs === '1' ? 1 : 2,
            nasIdentifier: opts.nasIdentifier,
            ...(opts.cui !== undefined ? { cui: opts.cui } : {}),
            realTime: opts.wait,
            onSent: print,
          },
        );
      } catch (err) {
        if (err instanceof NoReplyError) throw new CommandError(`${err.message}: is ${opts.radius.host}:${port} a RADIUS accounting port with this secret?`, 4);
        throw err;
      }
    });
}
