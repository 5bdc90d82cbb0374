// Sends requests the way a FireBrick does (spec §1.2, §6.2) over real UDP, computing digest responses
// with its own MD5 code (independent of src/digest); and answers Disconnect-Requests as one does
// (spec §6.4, RFC 5176): ACK, then the leg's Stop.
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { Attr, AttributeReader, Code, serializeReply, serializeRequest, type OutgoingAttribute, type RadiusPacket } from '../../src/radius/index.js';
import { parsePacket } from '../../src/radius/parser.js';
import { verifyAccountingRequestAuthenticator, verifyResponseAuthenticator } from '../../src/radius/authenticators.js';
import { TEST_SECRET } from './server.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export interface Reply {
  readonly packet: RadiusPacket;
  readonly attrs: AttributeReader;
  readonly code: number;
}

/** What the stand-in does with a Disconnect-Request whose authenticator verifies. */
export type DisconnectAnswer = 'ack-and-stop' | 'ack' | 'nak' | 'silent';

export interface DisconnectSeen {
  readonly sessionId: string | undefined;
  readonly nasIdentifier: string | undefined;
  /** Identifier and authenticator: a retransmission repeats both (RFC 5080 §2.2.1). */
  readonly packetKey: string;
}

export interface DisconnectListener {
  readonly port: number;
  /** Every Disconnect-Request datagram with a valid Request Authenticator, retransmissions included. */
  readonly received: DisconnectSeen[];
  /** Datagrams refused: not a Disconnect-Request, or its authenticator does not verify. */
  readonly refused: number;
  /** Distinct Disconnect-Requests (retransmissions counted once), per session. */
  requestsFor(sessionId: string): number;
  answer: DisconnectAnswer;
  close(): void;
}

/** RFC 5176 §3.6 / RFC 2866 §5.10: Acct-Terminate-Cause Admin-Reset, as a NAS reports a disconnect. */
const ADMIN_RESET = 6;

export class FirebrickStandIn {
  private socket: Socket;
  private nextId = 0;

  constructor(
    private readonly host: string,
    private readonly authPort: number,
    private readonly acctPort: number,
    private readonly secret = Buffer.from(TEST_SECRET),
  ) {
    this.socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  }

  close(): void {
    this.socket.close();
  }

  /** Sends one packet and waits for the matching reply (undefined on timeout). */
  async send(code: number, attributes: readonly OutgoingAttribute[], timeoutMs = 1_500): Promise<Reply | undefined> {
    const id = this.nextId++ % 256;
    const packet = serializeRequest(code, id, attributes, this.secret, code === Code.AccessRequest ? {} : { messageAuthenticator: false });
    return this.sendRaw(packet, code === Code.AccountingRequest ? this.acctPort : this.authPort, timeoutMs);
  }

  sendRaw(packet: Buffer, port: number, timeoutMs = 1_500): Promise<Reply | undefined> {
    const id = packet[1]!;
    const authenticator = Buffer.from(packet.subarray(4, 20));
    return new Promise((resolve) => {
      const onMessage = (msg: Buffer): void => {
        const parsed = parsePacket(msg);
        if (!parsed.ok || parsed.packet.identifier !== id) return;
        if (!verifyResponseAuthenticator(parsed.packet, authenticator, this.secret)) return;
        cleanup();
        resolve({ packet: parsed.packet, attrs: new AttributeReader(parsed.packet.attributes), code: parsed.packet.code });
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(undefined);
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.socket.off('message', onMessage);
      };
      this.socket.on('message', onMessage);
      this.socket.send(packet, port, this.host);
    });
  }

  /**
   * Listens for Disconnect-Requests on an ephemeral port (give it as the client's `disconnectPort`).
   * A request whose Request Authenticator verifies (RFC 5176 §2.3: as an Accounting-Request's) is
   * answered per `answer`; with `ack-and-stop`, the leg's Stop (`stop(sessionId)`, by default
   * Admin-Reset after 60 s connected) then goes to this stand-in's accounting port, as a FireBrick
   * ends the leg it was told to clear.
   */
  async listenForDisconnect(
    answer: DisconnectAnswer = 'ack-and-stop',
    stop: (sessionId: string) => OutgoingAttribute[] = (sessionId) => [
      [Attr.AcctStatusType, 2],
      [Attr.AcctSessionId, sessionId],
      [Attr.AcctSessionTime, 60],
      [Attr.AcctTerminateCause, ADMIN_RESET],
    ],
  ): Promise<DisconnectListener> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const received: DisconnectSeen[] = [];
    const listener = {
      port: socket.address().port,
      received,
      refused: 0,
      answer,
      requestsFor: (sessionId: string) => new Set(received.filter((r) => r.sessionId === sessionId).map((r) => r.packetKey)).size,
      close: () => socket.close(),
    };
    socket.on('message', (msg, rinfo) => {
      const parsed = parsePacket(msg);
      if (!parsed.ok || parsed.packet.code !== Code.DisconnectRequest || !verifyAccountingRequestAuthenticator(parsed.packet, this.secret)) {
        listener.refused++;
        return;
      }
      const p = parsed.packet;
      const attrs = new AttributeReader(p.attributes);
      const sessionId = attrs.text(Attr.AcctSessionId);
      const packetKey = `${p.identifier}:${p.authenticator.toString('hex')}`;
      const retransmission = received.some((r) => r.packetKey === packetKey);
      received.push({ sessionId, nasIdentifier: attrs.text(Attr.NasIdentifier), packetKey });
      if (listener.answer === 'silent') return;
      const code = listener.answer === 'nak' ? Code.DisconnectNak : Code.DisconnectAck;
      socket.send(serializeReply(code, p.identifier, p.authenticator, [], this.secret), rinfo.port, rinfo.address);
      if (listener.answer === 'ack-and-stop' && sessionId && !retransmission) void this.send(Code.AccountingRequest, stop(sessionId));
    });
    return listener;
  }

  /** REGISTER (or other method) with radius-challenge: ask first, then answer the challenge. */
  async authenticate(o: {
    method: string;
    username: string;
    password: string;
    realm?: string;
    uri?: string;
    extra?: OutgoingAttribute[];
    nc?: number;
  }): Promise<{ challenge: Reply; reply: Reply | undefined; response: OutgoingAttribute[] }> {
    const uri = o.uri ?? 'sip:firebrick.example.com';
    const base: OutgoingAttribute[] = [
      [Attr.NasIpAddress, '198.51.100.20'],
      [Attr.NasPort, 5060],
      [Attr.DigestMethod, o.method],
      [Attr.DigestUri, uri],
      ...(o.extra ?? []),
    ];
    const challenge = await this.send(Code.AccessRequest, base);
    if (!challenge || challenge.code !== Code.AccessChallenge) throw new Error(`expected a challenge, got ${challenge?.code}`);
    const response = this.answer(challenge, { ...o, uri, base });
    return { challenge, reply: await this.send(Code.AccessRequest, response), response };
  }

  answer(
    challenge: Reply,
    o: { method: string; username: string; password: string; realm?: string; uri: string; base: OutgoingAttribute[]; nc?: number },
  ): OutgoingAttribute[] {
    const realm = o.realm ?? challenge.attrs.text(Attr.DigestRealm)!;
    const nonce = challenge.attrs.text(Attr.DigestNonce)!;
    const qop = challenge.attrs.text(Attr.DigestQop);
    const opaque = challenge.attrs.text(Attr.DigestOpaque);
    return digestAttributes({ ...o, realm, nonce, qop, opaque });
  }
}

/** The Digest-* attributes a FireBrick forwards for an Authorization header (RFC 5090 §3). */
export function digestAttributes(o: {
  method: string;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  uri: string;
  qop?: string | undefined;
  opaque?: string | undefined;
  base: OutgoingAttribute[];
  nc?: number;
  cnonce?: string;
}): OutgoingAttribute[] {
  const ha1 = md5(`${o.username}:${o.realm}:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = o.cnonce ?? randomBytes(4).toString('hex');
  const response = o.qop ? md5(`${ha1}:${o.nonce}:${nc}:${cnonce}:${o.qop}:${ha2}`) : md5(`${ha1}:${o.nonce}:${ha2}`);
  return [
    ...o.base,
    [Attr.DigestUsername, o.username],
    [Attr.DigestRealm, o.realm],
    [Attr.DigestNonce, o.nonce],
    ...(o.qop ? ([[Attr.DigestQop, o.qop], [Attr.DigestNonceCount, nc], [Attr.DigestCNonce, cnonce]] as OutgoingAttribute[]) : []),
    ...(o.opaque ? ([[Attr.DigestOpaque, o.opaque]] as OutgoingAttribute[]) : []),
    [Attr.DigestAlgorithm, 'MD5'],
    [Attr.DigestResponse, response],
  ];
}

/**
 * A subscriber's digest INVITE to `to`, as a FireBrick forwards it: the tests' password convention
 * `<username>-pw`, qop auth, a fresh nonce and a Call-ID of its own unless given; `cli` as
 * Calling-Station-Id when given; `extra` after the rest.
 */
export function subscriberInvite(o: {
  username: string;
  realm: string;
  to: string;
  cli?: string;
  callId?: string;
  nonce?: string;
  host?: string;
  extra?: OutgoingAttribute[];
}): OutgoingAttribute[] {
  const uri = `sip:${o.to}@${o.host ?? 'firebrick.example.com'}`;
  return digestAttributes({
    method: 'INVITE',
    username: o.username,
    password: `${o.username}-pw`,
    realm: o.realm,
    nonce: o.nonce ?? `fb-nonce-${Math.random().toString(36).slice(2)}`,
    qop: 'auth',
    uri,
    base: [
      [Attr.DigestMethod, 'INVITE'],
      [Attr.DigestUri, uri],
      [Attr.CalledStationId, o.to],
      ...(o.cli !== undefined ? ([[Attr.CallingStationId, o.cli]] as OutgoingAttribute[]) : []),
      [Attr.AcctMultiSessionId, o.callId ?? `call-${Math.random().toString(36).slice(2)}@phone`],
      ...(o.extra ?? []),
    ],
  });
}
