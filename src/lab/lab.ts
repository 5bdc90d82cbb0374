// `firebridge lab` (issue 9): a FireBrick stand-in with a real SIP front end. Phones (or sipp) talk
// SIP over UDP to it; it asks RADIUS exactly as a FireBrick with `radius-challenge` set would
// (spec §1), and turns the answer into the SIP response the FireBrick would give (spec §2–§5).
// INVITEs are not connected anywhere: the 200 carries the route plan as text. Answered INVITEs are
// accounted like a FireBrick leg (spec §6) until their BYE.
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { Attr, AttributeReader, Code, NoReplyError, codeName, encodeAttributes, sendRequest, type OutgoingAttribute, type RadiusPacket } from '../radius/index.js';
import { accessRequestAttributes, credentialsOf, type LabProfile } from './access-request.js';
import { ACCT_STATUS_NAMES, AcctStatusType, sendAccounting, type LegDescription } from './accounting.js';
import { describeReply, sipAnswer, warningHeader, type SipAnswer } from './decision.js';
import { buildResponse, newTag, parseSipRequest, type SipRequest } from './sip-message.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface LabOptions {
  /** firebridge (or any RADIUS server) to ask: authentication port, accounting port, shared secret. */
  readonly radius: Endpoint & { readonly secret: Buffer; readonly acctPort: number };
  /** Where SIP is received (UDP). Port 0 picks a free one. */
  readonly listen: Endpoint;
  readonly profile: LabProfile;
  readonly sipAorAttribute: 121 | 122;
  /** NAS-Identifier (the FireBrick's hostname), also in accounting. */
  readonly nasIdentifier: string;
  /** Realm the lab offers when an Access-Challenge has none (default: the NAS-Identifier). */
  readonly realm?: string;
  /** Send Start/Interim/Stop for answered INVITEs (default true). */
  readonly accounting?: boolean;
  /** Per-attempt RADIUS timeout and attempts (default 500 ms × 5, like a FireBrick with no history: spec §7). */
  readonly radiusTimeoutMs?: number;
  readonly radiusAttempts?: number;
  /** Everything the lab does, as it happens. */
  readonly onEvent?: (event: LabEvent) => void;
}

export type LabEvent =
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly requestUri: string;
      readonly from: string | undefined;
      readonly to: string | undefined;
      readonly callId: string;
      readonly source: string;
      /** The Access-Request's attributes as `Name = "value"` (absent for requests answered locally). */
      readonly sent?: readonly string[];
      /** The RADIUS reply: its code name and attributes. */
      readonly reply?: { readonly code: string; readonly attributes: readonly string[] };
      readonly status: number;
      readonly summary: string;
      readonly body?: string;
    }
  | { readonly kind: 'accounting'; readonly status: string; readonly sessionId: string; readonly callId: string; readonly sessionTime?: number; readonly error?: string }
  | { readonly kind: 'dropped'; readonly source: string; readonly reason: string };

export interface RunningLab {
  /** The bound SIP address (the port is the real one when 0 was asked for). */
  readonly address: Endpoint;
  /** Stops listening, then sends Stop for calls still up. */
  stop(): Promise<void>;
}

/** Answers to requests still being retransmitted are kept this long (RFC 3261 Timer J/H: 64·T1). */
const TRANSACTION_MS = 32_000;
const MAX_TRANSACTIONS = 10_000;
const MAX_CALLS = 1_000;
/** A call with no BYE is considered over after this long (its Stop is sent then). */
const MAX_CALL_MS = 4 * 3600_000;
const DEFAULT_EXPIRES = 3600;

interface Transaction {
  response: string | undefined;
  readonly expiresAt: number;
}

interface LabCall {
  readonly leg: LegDescription;
  readonly toTag: string;
  readonly connectedAt: number;
  /** Start and Interim, in flight: the Stop waits for them so the records arrive in order. */
  accounted: Promise<void>;
}

function formatEndpoint(address: string, port: number): string {
  return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeSent(attributes: readonly OutgoingAttribute[]): string[] {
  // Render through the same codec the packet uses, then the reader used for replies.
  const body = encodeAttributes(attributes);
  const list: Array<{ type: number; value: Buffer }> = [];
  for (let i = 0; i + 2 <= body.length; i += body[i + 1]! || body.length) list.push({ type: body[i]!, value: body.subarray(i + 2, i + body[i + 1]!) });
  return describeReply(list);
}

export async function startLab(options: LabOptions): Promise<RunningLab> {
  const emit = (e: LabEvent): void => options.onEvent?.(e);
  const accounting = options.accounting ?? true;
  const own = { realm: options.realm ?? options.nasIdentifier };
  const transactions = new Map<string, Transaction>();
  const calls = new Map<string, LabCall>();
  const socket: Socket = createSocket({ type: isIPv6(options.listen.host) ? 'udp6' : 'udp4' });
  let closed = false;

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.listen.port, options.listen.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (err) => emit({ kind: 'dropped', source: '-', reason: `socket error: ${err.message}` }));
  const bound = socket.address();
  const address: Endpoint = { host: bound.address, port: bound.port };

  function send(text: string, to: RemoteInfo): void {
    if (!closed) socket.send(Buffer.from(text, 'utf8'), to.port, to.address);
  }

  function sweep(now: number): void {
    for (const [key, t] of transactions) {
      if (t.expiresAt > now && transactions.size <= MAX_TRANSACTIONS) break;
      transactions.delete(key);
    }
  }

  function labContact(request: SipRequest): string {
    const wildcard = address.host === '0.0.0.0' || address.host === '::';
    const host = wildcard ? (/^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>?]+)/i.exec(request.requestUri)?.[1] ?? '127.0.0.1') : isIPv6(address.host) ? `[${address.host}]` : address.host;
    return `sip:lab@${host}:${address.port}`;
  }

  async function account(call: LabCall, status: (typeof AcctStatusType)[keyof typeof AcctStatusType], sessionTime?: number): Promise<void> {
    const target = {
      host: options.radius.host,
      port: options.radius.acctPort,
      secret: options.radius.secret,
      timeoutMs: options.radiusTimeoutMs ?? 500,
      attempts: options.radiusAttempts ?? 5,
    };
    try {
      const sent = await sendAccounting(target, call.leg, status, sessionTime);
      emit({ kind: 'accounting', status: sent.status, sessionId: sent.sessionId, callId: call.leg.callId, ...(sent.sessionTime !== undefined ? { sessionTime: sent.sessionTime } : {}) });
    } catch (err) {
      emit({ kind: 'accounting', status: ACCT_STATUS_NAMES[status], sessionId: call.leg.sessionId, callId: call.leg.callId, error: (err as Error).message });
    }
  }

  async function endCall(callId: string, now: number): Promise<void> {
    const call = calls.get(callId);
    if (!call) return;
    calls.delete(callId);
    if (!accounting) return;
    await call.accounted;
    await account(call, AcctStatusType.Stop, Math.round((now - call.connectedAt) / 1000));
  }

  function startCall(request: SipRequest, source: RemoteInfo, toTag: string, reply: RadiusPacket): void {
    const now = Date.now();
    // A new call on a Call-ID still up ends the old one first.
    if (calls.has(request.callId)) void endCall(request.callId, now);
    for (const [id, c] of calls) {
      if (calls.size < MAX_CALLS && now - c.connectedAt < MAX_CALL_MS) break;
      void endCall(id, now);
    }
    const call: LabCall = {
      toTag,
      connectedAt: now,
      accounted: Promise.resolve(),
      leg: {
        sessionId: `lab-${randomBytes(6).toString('hex')}`,
        callId: request.callId,
        localUri: request.requestUri,
        remoteUri: request.contactUri ?? `sip:${request.fromUser ?? 'anonymous'}@${formatEndpoint(source.address, source.port)}`,
        called: request.toUser ?? '',
        calling: request.fromUser ?? '',
        nasIdentifier: options.nasIdentifier,
        peer: { address: source.address, port: source.port },
        startedAt: Math.floor(now / 1000),
        cui: new AttributeReader(reply.attributes).text(Attr.ChargeableUserIdentity),
      },
    };
    calls.set(request.callId, call);
    if (!accounting) return;
    call.accounted = (async () => {
      await account(call, AcctStatusType.Start);
      // Answered at once: no time spent ringing.
      await account(call, AcctStatusType.Interim, 0);
    })();
  }

  async function askRadius(request: SipRequest, source: RemoteInfo): Promise<{ answer: SipAnswer; sent: string[]; reply?: RadiusPacket }> {
    const attributes = accessRequestAttributes(request, {
      profile: options.profile,
      sipAorAttribute: options.sipAorAttribute,
      nasIdentifier: options.nasIdentifier,
      source: { address: source.address, port: source.port },
    });
    const sent = describeSent(attributes);
    let reply: RadiusPacket;
    try {
      reply = await sendRequest(Code.AccessRequest, attributes, {
        host: options.radius.host,
        port: options.radius.port,
        secret: options.radius.secret,
        timeoutMs: options.radiusTimeoutMs ?? 500,
        attempts: options.radiusAttempts ?? 5,
      });
    } catch (err) {
      const why = err instanceof NoReplyError ? err.message : `RADIUS error: ${(err as Error).message}`;
      return { answer: { status: 503, reason: 'Service Unavailable', headers: [warningHeader(why)], summary: why }, sent };
    }
    const answer = sipAnswer(request, reply, {
      profile: options.profile,
      own,
      credentials: credentialsOf(request),
      labContact: labContact(request),
      defaultExpires: DEFAULT_EXPIRES,
    });
    return { answer, sent, reply };
  }

  /** Requests inside a lab call, and the ones that never go to RADIUS. */
  function answerLocally(request: SipRequest): SipAnswer | undefined {
    switch (request.method) {
      case 'CANCEL':
        // The INVITE is answered as soon as RADIUS is, so there is nothing left to cancel.
        return { status: 200, reason: 'OK', summary: 'CANCEL acknowledged' };
      case 'BYE': {
        const call = calls.get(request.callId);
        if (!call || call.toTag !== request.toTag) return { status: 481, reason: 'Call/Transaction Does Not Exist', summary: 'BYE for no lab call' };
        void endCall(request.callId, Date.now());
        return { status: 200, reason: 'OK', summary: 'call ended' };
      }
      default:
        if (request.toTag !== undefined) {
          const call = calls.get(request.callId);
          if (call && call.toTag === request.toTag) {
            return {
              status: 200,
              reason: 'OK',
              summary: `${request.method} inside a lab call`,
              ...(request.method === 'INVITE' ? { headers: [['Contact', `<${labContact(request)}>`] as const] } : {}),
            };
          }
          if (request.method !== 'REGISTER' && request.method !== 'OPTIONS') {
            return { status: 481, reason: 'Call/Transaction Does Not Exist', summary: `${request.method} for no lab call` };
          }
        }
        return undefined;
    }
  }

  async function handle(request: SipRequest, source: RemoteInfo): Promise<void> {
    const key = `${source.address}|${source.port}|${request.topVia.branch ?? `${request.callId}|${request.cseqNumber}`}|${request.cseqMethod}`;
    const now = Date.now();
    const known = transactions.get(key);
    if (known) {
      // A retransmission: repeat the answer, or (INVITE still with RADIUS) the 100 Trying.
      if (known.response !== undefined) send(known.response, source);
      else if (request.method === 'INVITE') send(buildResponse(request, source, { status: 100, reason: 'Trying' }), source);
      return;
    }
    sweep(now);
    const transaction: Transaction = { response: undefined, expiresAt: now + TRANSACTION_MS };
    transactions.set(key, transaction);

    const toTag = request.toTag ?? newTag();
    const local = answerLocally(request);
    let result: { answer: SipAnswer; sent?: string[]; reply?: RadiusPacket };
    if (local) {
      result = { answer: local };
    } else {
      if (request.method === 'INVITE') send(buildResponse(request, source, { status: 100, reason: 'Trying' }), source);
      try {
        result = await askRadius(request, source);
      } catch (err) {
        // A request the lab cannot put into RADIUS (e.g. a value the encoder refuses): say so.
        const why = `lab error: ${(err as Error).message}`;
        result = { answer: { status: 500, reason: 'Server Internal Error', headers: [warningHeader(why)], summary: why } };
      }
    }
    const { answer } = result;
    const text = buildResponse(request, source, { ...answer, toTag });
    transaction.response = text;
    send(text, source);
    if (answer.connected && result.reply) startCall(request, source, toTag, result.reply);
    emit({
      kind: 'request',
      method: request.method,
      requestUri: request.requestUri,
      from: request.fromUser,
      to: request.toUser,
      callId: request.callId,
      source: formatEndpoint(source.address, source.port),
      ...(result.sent ? { sent: result.sent } : {}),
      ...(result.reply ? { reply: { code: codeName(result.reply.code), attributes: describeReply(result.reply.attributes) } } : {}),
      status: answer.status,
      summary: answer.summary,
      ...(answer.body ? { body: answer.body } : {}),
    });
  }

  socket.on('message', (msg, source) => {
    const parsed = parseSipRequest(msg.toString('utf8'));
    if (!parsed.ok) {
      if (parsed.reason !== 'keep-alive') emit({ kind: 'dropped', source: formatEndpoint(source.address, source.port), reason: parsed.reason });
      return;
    }
    // ACK completes a transaction or a lab call; it is never answered.
    if (parsed.request.method === 'ACK') return;
    handle(parsed.request, source).catch((err: unknown) =>
      emit({ kind: 'dropped', source: formatEndpoint(source.address, source.port), reason: `internal error: ${(err as Error).message}` }),
    );
  });

  return {
    address,
    async stop() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      const now = Date.now();
      await Promise.all([...calls.keys()].map((id) => endCall(id, now)));
      transactions.clear();
    },
  };
}
