// The UDP server: two sockets (authentication and accounting), each datagram taken through
// client lookup → framing → authenticators → duplicate cache → handler → signed reply.
// Every failure before the handler is a silent drop, counted and logged rate-limited (RFC 2865 §3).
import { createSocket, type RemoteInfo, type Socket, type SocketOptions } from 'node:dgram';
import { lookup, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { Attr } from './attribute-types.js';
import { checkRequestMessageAuthenticator, verifyAccountingRequestAuthenticator } from './authenticators.js';
import { ClientTable, normalizeAddress, type RadiusClient } from './clients.js';
import { Code, codeName } from './codes.js';
import { DuplicateCache } from './duplicate-cache.js';
import { AttributeReader, type RadiusPacket } from './packet.js';
import { parsePacket } from './parser.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { isSilence, type HandlerResult, type ListenerKind, type RequestHandler } from './request.js';
import { serializeReply, type OutgoingAttribute } from './serializer.js';
import { CountingStats, type DropReason, type RadiusStats } from './stats.js';

export interface RadiusServerOptions<C extends RadiusClient> {
  readonly host: string;
  readonly authPort: number;
  readonly acctPort: number;
  readonly clients: readonly C[];
  readonly handler: RequestHandler<C>;
  readonly logger: Logger;
  /**
   * Writes the one line per request (fields in order, message "request"). By default through the
   * logger; the app passes a cheaper writer of the same line (app/logger.ts requestLineWriter).
   */
  readonly requestLine?: RequestLine;
  readonly stats?: RadiusStats;
  /** RFC 5080 §2.2.2 suggests 5–30 s. */
  readonly duplicateWindowMs?: number;
  readonly duplicateCacheEntries?: number;
}

export type RequestLine = (level: 'info' | 'debug', fields: Readonly<Record<string, unknown>>) => void;

export interface BoundPorts {
  readonly auth: number;
  readonly acct: number;
}

const ACCEPTED_CODES: Record<ListenerKind, ReadonlySet<number>> = {
  auth: new Set([Code.AccessRequest, Code.StatusServer]),
  acct: new Set([Code.AccountingRequest, Code.StatusServer]),
};

const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Replies go to the address a request came from, always a literal: answering at once spares each
 * reply dns.lookup's deferral to the next tick. A name (only ever the bind host) still goes to DNS.
 */
const literalAddressLookup = ((hostname: string, options: unknown, callback: (err: Error | null, address: string, family: number) => void): void => {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else lookup(hostname, options as LookupOptions, callback as never);
}) as unknown as SocketOptions['lookup'];

export class RadiusServer<C extends RadiusClient = RadiusClient> {
  readonly counts = new CountingStats();
  private clients: ClientTable<C>;
  private handler: RequestHandler<C>;
  private readonly stats: RadiusStats;
  private readonly dropLog: RateLimitedLog;
  private readonly requestLine: RequestLine;
  private readonly duplicates: DuplicateCache;
  private readonly sockets: Partial<Record<ListenerKind, Socket>> = {};
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private accepting = false;

  constructor(private readonly options: RadiusServerOptions<C>) {
    this.clients = new ClientTable(options.clients);
    this.handler = options.handler;
    const counts = this.counts;
    const extra = options.stats;
    this.stats = extra
      ? {
          dropped: (r, c) => (counts.dropped(r), extra.dropped(r, c)),
          duplicateReplayed: (c) => (counts.duplicateReplayed(), extra.duplicateReplayed(c)),
          answered: (c, q, r, o, s) => (counts.answered(c, q, r, o), extra.answered(c, q, r, o, s)),
        }
      : counts;
    this.dropLog = new RateLimitedLog(options.logger);
    const logger = options.logger;
    this.requestLine = options.requestLine ?? ((level, fields) => logger[level](fields, 'request'));
    this.duplicates = new DuplicateCache({
      windowMs: options.duplicateWindowMs ?? 10_000,
      maxEntries: options.duplicateCacheEntries ?? 100_000,
    });
  }

  /** Bound ports, kept at start(): socket.address() is a getsockname(2) on every call. */
  private ports: Record<ListenerKind, number> = { auth: 0, acct: 0 };

  /** Replaces the client table (SIGHUP); requests in flight finish with the old one. */
  setClients(clients: readonly C[]): void {
    this.clients = new ClientTable(clients);
  }

  setHandler(handler: RequestHandler<C>): void {
    this.handler = handler;
  }

  get inFlightRequests(): number {
    return this.inFlight;
  }

  async start(): Promise<BoundPorts> {
    const auth = await this.bind('auth', this.options.authPort);
    const acct = await this.bind('acct', this.options.acctPort);
    this.ports = { auth, acct };
    this.accepting = true;
    return { auth, acct };
  }

  /** Stops reading, lets requests in flight finish (bounded by `graceMs`), then closes the sockets. */
  async stop(graceMs = 5_000): Promise<void> {
    this.accepting = false;
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    await Promise.all(
      Object.values(this.sockets).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
    for (const k of Object.keys(this.sockets) as ListenerKind[]) delete this.sockets[k];
  }

  private bind(kind: ListenerKind, port: number): Promise<number> {
    const host = this.options.host;
    const v6 = isIP(host) === 6 || host === '::';
    // A deep receive queue absorbs bursts (every phone re-registering after a FireBrick restart) instead
    // of dropping them in the kernel; the kernel caps it at net.core.rmem_max.
    const socket = createSocket({
      type: v6 ? 'udp6' : 'udp4',
      ipv6Only: false,
      reuseAddr: false,
      recvBufferSize: RECEIVE_BUFFER_BYTES,
      lookup: literalAddressLookup,
    });
    this.sockets[kind] = socket;
    socket.on('message', (msg, rinfo) => {
      if (this.accepting) void this.onDatagram(kind, socket, msg, rinfo);
    });
    // A reply sent without a callback (transmit) reports a refusal here, one event per reply: under a
    // flood to an unreachable client that is a line per packet, so the log is rate-limited.
    socket.on('error', (err) => this.dropLog.error(`socket-error:${kind}`, { err, listener: kind }, 'UDP socket error'));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve(socket.address().port);
      });
    });
  }

  private drop(reason: DropReason, client: string | undefined, rinfo: RemoteInfo, detail?: string): void {
    this.stats.dropped(reason, client);
    this.dropLog.warn(
      reason,
      { drop: reason, client, from: `${normalizeAddress(rinfo.address)}:${rinfo.port}`, detail },
      'dropped RADIUS packet',
    );
  }

  private async onDatagram(kind: ListenerKind, socket: Socket, msg: Buffer, rinfo: RemoteInfo): Promise<void> {
    const started = process.hrtime.bigint();
    const client = this.clients.find(rinfo.address);
    if (!client) return this.drop('unknown-client', undefined, rinfo);

    const parsed = parsePacket(msg);
    if (!parsed.ok) return this.drop('malformed', client.name, rinfo, `${parsed.reason}: ${parsed.detail}`);
    const packet = parsed.packet;
    if (!ACCEPTED_CODES[kind].has(packet.code)) {
      return this.drop('unexpected-code', client.name, rinfo, `${codeName(packet.code)} on the ${kind} port`);
    }

    const authFailure = this.authenticate(packet, client);
    if (authFailure) return this.drop(authFailure, client.name, rinfo, codeName(packet.code));

    if (packet.code === Code.StatusServer) {
      // RFC 5997 §3: Access-Accept on the authentication port, Accounting-Response on accounting; no other action.
      const code = kind === 'auth' ? Code.AccessAccept : Code.AccountingResponse;
      this.send(socket, rinfo, packet, client, { code, attributes: [], outcome: 'status' }, started);
      return;
    }

    const verdict = this.duplicates.begin(this.ports[kind], normalizeAddress(rinfo.address), rinfo.port, packet.identifier, packet.authenticator);
    if (verdict.kind === 'in-flight') return this.drop('duplicate-in-flight', client.name, rinfo);
    if (verdict.kind === 'replay') {
      this.stats.duplicateReplayed(client.name);
      this.transmit(socket, verdict.reply, rinfo);
      return;
    }

    this.inFlight++;
    try {
      let result: HandlerResult;
      try {
        result = await this.handler({
          packet,
          attributes: new AttributeReader(packet.attributes),
          client,
          remote: { address: normalizeAddress(rinfo.address), port: rinfo.port },
          listener: kind,
        });
      } catch (err) {
        this.duplicates.forget(verdict);
        this.options.logger.error({ err, client: client.name, id: packet.identifier }, 'request handler failed');
        return this.drop('handler-error', client.name, rinfo);
      }
      if (isSilence(result)) {
        this.duplicates.forget(verdict);
        this.logRequest(packet, client, 'none', result.outcome, started, result.log);
        return;
      }
      const reply = this.send(socket, rinfo, packet, client, result, started);
      if (reply) this.duplicates.complete(verdict, reply);
      else this.duplicates.forget(verdict);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        for (const w of this.idleWaiters.splice(0)) w();
      }
    }
  }

  private authenticate(packet: RadiusPacket, client: C): DropReason | undefined {
    if (packet.code === Code.AccountingRequest) {
      // RFC 2866 §3: the Request Authenticator is a keyed hash; a wrong one is silently discarded.
      if (!verifyAccountingRequestAuthenticator(packet, client.secret)) return 'bad-authenticator';
      return checkRequestMessageAuthenticator(packet, client.secret) === 'invalid' ? 'bad-message-authenticator' : undefined;
    }
    const ma = checkRequestMessageAuthenticator(packet, client.secret);
    if (ma === 'invalid') return 'bad-message-authenticator';
    // Status-Server always needs one (RFC 5997 §3); Access-Request unless the client is exempted
    // (BlastRADIUS, CVE-2024-3596; RFC 5090 makes it mandatory for digest requests anyway).
    if (ma === 'absent' && (packet.code === Code.StatusServer || client.requireMessageAuthenticator)) {
      return 'missing-message-authenticator';
    }
    return undefined;
  }

  private send(
    socket: Socket,
    rinfo: RemoteInfo,
    request: RadiusPacket,
    client: C,
    reply: { code: number; attributes: readonly OutgoingAttribute[]; outcome: string; log?: Readonly<Record<string, unknown>> },
    started: bigint,
  ): Buffer | undefined {
    // Proxy-State is copied into the reply unchanged and in order (RFC 2865 §5.33).
    const proxyState = request.attributes.filter((a) => a.type === Attr.ProxyState);
    const attributes = proxyState.length
      ? [...reply.attributes, ...proxyState.map((a) => [Attr.ProxyState, a.value] as const)]
      : reply.attributes;
    let wire: Buffer;
    try {
      wire = serializeReply(reply.code, request.identifier, request.authenticator, attributes, client.secret, {
        // Accounting-Response carries no attributes in RFC 2866; Message-Authenticator is for Access-*.
        messageAuthenticator: reply.code !== Code.AccountingResponse,
      });
    } catch (err) {
      this.options.logger.error({ err, client: client.name, id: request.identifier }, 'cannot encode reply');
      this.drop('reply-encoding-error', client.name, rinfo);
      return undefined;
    }
    this.transmit(socket, wire, rinfo);
    this.logRequest(request, client, reply.code, reply.outcome, started, reply.log);
    return wire;
  }

  /**
   * No completion callback, on purpose: without one Node sends with one synchronous sendmsg
   * (uv_udp_try_send) instead of queueing a send request and a completion callback per reply. A
   * reply the kernel refuses is lost as a lost datagram would be; the client retransmits (RFC 5080
   * §2.2.1) and the duplicate cache answers it again. A handler may finish after stop() closed its
   * socket (a slow Redis outliving the grace period): send() then throws synchronously, and an
   * unhandled throw here would end the process.
   */
  private transmit(socket: Socket, wire: Buffer, rinfo: RemoteInfo): void {
    try {
      socket.send(wire, rinfo.port, rinfo.address);
    } catch (err) {
      this.options.logger.debug({ err, to: `${rinfo.address}:${rinfo.port}` }, 'reply not sent: socket closed');
    }
  }

  private logRequest(
    request: RadiusPacket,
    client: C,
    replyCode: number | 'none',
    outcome: string,
    started: bigint,
    extra: Readonly<Record<string, unknown>> | undefined,
  ): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.stats.answered(client.name, request.code, replyCode, outcome, seconds);
    // Status-Server is a monitor's heartbeat (RFC 5997): counted always, but a line each only at debug,
    // as FreeRADIUS does, so health checks do not bury the requests that matter.
    const level = request.code === Code.StatusServer ? 'debug' : 'info';
    if (!this.options.logger.isLevelEnabled(level)) return;
    const reader = new AttributeReader(request.attributes);
    this.requestLine(level, {
      client: client.name,
      code: codeName(request.code),
      id: request.identifier,
      user: reader.text(Attr.UserName) ?? reader.text(Attr.DigestUsername),
      reply: replyCode === 'none' ? 'none' : codeName(replyCode),
      outcome,
      latencyMs: Math.round(seconds * 1e6) / 1e3,
      ...extra,
    });
  }
}
