// Accounting for simulated call legs, as a FireBrick sends it (spec §6): Start when the leg is
// created, Interim-Update when it connects (Acct-Session-Time = time spent ringing), Stop when it
// ends (Acct-Session-Time = connected time). Event-Timestamp is the call start in all three.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attr, Code, sendRequest, type OutgoingAttribute } from '../radius/index.js';
import { peerAddressAttribute } from './access-request.js';

export const AcctStatusType = { Start: 1, Stop: 2, Interim: 3 } as const;
const TERMINATE_USER_REQUEST = 1;

/** One call leg as the FireBrick accounts it (spec §6.2). */
export interface LegDescription {
  readonly sessionId: string;
  /** SIP Call-ID of the leg (Acct-Multi-Session-Id). */
  readonly callId: string;
  /** SIP URI of the FireBrick's end of the leg (User-Name). */
  readonly localUri: string;
  /** SIP URI of the far end (Callback-Id). */
  readonly remoteUri: string;
  readonly called: string;
  readonly calling: string;
  readonly nasIdentifier: string;
  /** The far-end SIP peer (NAS-IP-Address or NAS-IPv6-Address, NAS-Port). */
  readonly peer: { readonly address: string; readonly port: number };
  /** Call start, seconds since 1970 (Event-Timestamp, even in the Stop). */
  readonly startedAt: number;
  readonly cui?: string | undefined;
}

export function accountingAttributes(
  leg: LegDescription,
  status: (typeof AcctStatusType)[keyof typeof AcctStatusType],
  sessionTime?: number,
): OutgoingAttribute[] {
  const peer = peerAddressAttribute(leg.peer.address);
  const out: OutgoingAttribute[] = [
    [Attr.UserName, leg.localUri],
    [Attr.CallbackId, leg.remoteUri],
    [Attr.CalledStationId, leg.called],
    [Attr.CallingStationId, leg.calling],
    [Attr.AcctStatusType, status],
    [Attr.AcctSessionId, leg.sessionId],
    [Attr.AcctMultiSessionId, leg.callId],
    [Attr.EventTimestamp, leg.startedAt],
    [Attr.NasIdentifier, leg.nasIdentifier],
    ...(peer ? [peer] : []),
    [Attr.NasPort, leg.peer.port],
  ];
  // Where CUI goes is not documented (spec §9.6): the lab puts it on every record when it has one.
  if (leg.cui) out.push([Attr.ChargeableUserIdentity, leg.cui]);
  if (status !== AcctStatusType.Start) out.push([Attr.AcctSessionTime, sessionTime ?? 0]);
  if (status === AcctStatusType.Stop) out.push([Attr.AcctTerminateCause, TERMINATE_USER_REQUEST]);
  // RADIUS has no empty text (RFC 2865 §5): an unknown value is left out.
  return out.filter(([, value]) => value !== '');
}

export interface AccountingTarget {
  readonly host: string;
  readonly port: number;
  readonly secret: Buffer;
  readonly timeoutMs?: number;
  readonly attempts?: number;
}

export const ACCT_STATUS_NAMES = { 1: 'Start', 2: 'Stop', 3: 'Interim-Update' } as const;

export interface AccountingSent {
  readonly sessionId: string;
  readonly status: 'Start' | 'Interim-Update' | 'Stop';
  readonly sessionTime: number | undefined;
}

/** Sends one Accounting-Request and waits for its Accounting-Response (NoReplyError when none comes). */
export async function sendAccounting(
  target: AccountingTarget,
  leg: LegDescription,
  status: (typeof AcctStatusType)[keyof typeof AcctStatusType],
  sessionTime?: number,
): Promise<AccountingSent> {
  const reply = await sendRequest(Code.AccountingRequest, accountingAttributes(leg, status, sessionTime), {
    host: target.host,
    port: target.port,
    secret: target.secret,
    timeoutMs: target.timeoutMs ?? 1_000,
    attempts: target.attempts ?? 3,
  });
  if (reply.code !== Code.AccountingResponse) throw new Error(`expected Accounting-Response, got code ${reply.code}`);
  return { sessionId: leg.sessionId, status: ACCT_STATUS_NAMES[status], sessionTime: status === AcctStatusType.Start ? undefined : (sessionTime ?? 0) };
}

export interface SimulatedCall {
  readonly from: string;
  readonly to: string;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  /** 2: the leg from the caller's phone and the leg to the destination; 1: only the caller's. Default 2. */
  readonly legs?: 1 | 2;
  readonly nasIdentifier: string;
  /** The calling phone (A leg peer) and the far end (B leg peer). */
  readonly callerPeer?: { readonly address: string; readonly port: number };
  readonly calleePeer?: { readonly address: string; readonly port: number };
  readonly cui?: string;
  /** Wait the ringing and talking time for real (so `firebridge calls` shows the legs live). */
  readonly realTime: boolean;
  /** Seconds since 1970; default now. */
  readonly startedAt?: number;
  readonly onSent?: (sent: AccountingSent) => void;
}

/**
 * A two-leg call through the FireBrick: the A leg from the caller's phone and the B leg towards
 * the destination, each with its own Acct-Session-Id and Call-ID (spec §6.1, §6.5). Both get
 * Start, then Interim (ringing time) when answered, then Stop (connected time).
 */
export function simulatedLegs(call: SimulatedCall): [LegDescription, LegDescription] {
  const id = randomBytes(6).toString('hex');
  const startedAt = call.startedAt ?? Math.floor(Date.now() / 1000);
  const fb = call.nasIdentifier;
  const common = { called: call.to, calling: call.from, nasIdentifier: fb, startedAt, cui: call.cui };
  return [
    {
      ...common,
      sessionId: `lab-${id}-a`,
      callId: `lab-${id}-a@${fb}`,
      localUri: `sip:${call.to}@${fb}`,
      remoteUri: `sip:${call.from}@${call.callerPeer?.address ?? '192.0.2.10'}`,
      peer: call.callerPeer ?? { address: '192.0.2.10', port: 5060 },
    },
    {
      ...common,
      sessionId: `lab-${id}-b`,
      callId: `lab-${id}-b@${fb}`,
      localUri: `sip:${call.from}@${fb}`,
      remoteUri: `sip:${call.to}@${call.calleePeer?.address ?? '198.51.100.20'}`,
      peer: call.calleePeer ?? { address: '198.51.100.20', port: 5060 },
    },
  ];
}

export async function simulateCall(target: AccountingTarget, call: SimulatedCall): Promise<AccountingSent[]> {
  const legs = simulatedLegs(call).slice(0, call.legs ?? 2);
  const sent: AccountingSent[] = [];
  const send = async (leg: LegDescription, status: (typeof AcctStatusType)[keyof typeof AcctStatusType], time?: number): Promise<void> => {
    const s = await sendAccounting(target, leg, status, time);
    sent.push(s);
    call.onSent?.(s);
  };
  for (const leg of legs) await send(leg, AcctStatusType.Start);
  if (call.realTime) await sleep(call.ringSeconds * 1000);
  for (const leg of legs) await send(leg, AcctStatusType.Interim, call.ringSeconds);
  if (call.realTime) await sleep(call.talkSeconds * 1000);
  for (const leg of legs) await send(leg, AcctStatusType.Stop, call.talkSeconds);
  return sent;
}
