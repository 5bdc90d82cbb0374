// Disconnecting one call leg (RFC 5176) and awaiting its Stop: what `firebridge hangup` and the
// duration-limit sweeper (duration-cuts.ts) both do. A Disconnect-ACK says the FireBrick will clear
// the leg, not that it did (spec §6.4: "ACK if the session could be cleared"); the leg's Stop is the
// proof, so both wait for it and say whether it came.
import { Attr, AttributeReader, Code, codeName, NoReplyError, sendRequest } from '../radius/index.js';
import type { ActiveLeg, CallStore } from '../store/index.js';

/** Where a FireBrick takes Disconnect-Requests, and its shared secret (its `clients[]` entry). */
export interface DisconnectTarget {
  readonly secret: string;
  readonly disconnectPort: number;
}

export interface DisconnectOptions {
  /** Send to this address instead of the one the leg was accounted from. */
  readonly address?: string;
  /** Sends in all (the first and its retransmissions, RFC 5080 §2.2.1), and the wait before each next one. */
  readonly attempts?: number;
  readonly timeoutMs?: number;
}

export type DisconnectOutcome =
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak'; readonly code: string; readonly errorCause?: number; readonly message?: string }
  | { readonly kind: 'no-reply'; readonly detail: string };

/** RFC 5176 §3.5 Error-Cause. */
const ERROR_CAUSE = 101;

export async function disconnectLeg(leg: ActiveLeg, target: DisconnectTarget, o: DisconnectOptions = {}): Promise<DisconnectOutcome> {
  // The leg's Acct-Session-Id identifies it (spec §6.4, as the L2TP section documents it).
  const attributes = [[Attr.AcctSessionId, leg.sessionId], ...(leg.nasIdentifier ? [[Attr.NasIdentifier, leg.nasIdentifier] as const] : [])] as const;
  let reply;
  try {
    reply = await sendRequest(Code.DisconnectRequest, attributes, {
      host: o.address ?? leg.radiusSource,
      port: target.disconnectPort,
      secret: Buffer.from(target.secret),
      ...(o.attempts !== undefined ? { attempts: o.attempts } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
  } catch (err) {
    if (err instanceof NoReplyError) return { kind: 'no-reply', detail: err.message };
    throw err;
  }
  if (reply.code === Code.DisconnectAck) return { kind: 'ack' };
  const attrs = new AttributeReader(reply.attributes);
  const errorCause = attrs.integer(ERROR_CAUSE);
  const message = attrs.text(Attr.ReplyMessage);
  return { kind: 'nak', code: codeName(reply.code), ...(errorCause !== undefined ? { errorCause } : {}), ...(message ? { message } : {}) };
}

export interface StopWait {
  /** How long to wait, ms, by `now`. */
  readonly timeoutMs: number;
  readonly now: () => number;
  /** Between looks at the store; real time, so a test's clock decides only the deadline. */
  readonly pollMs?: number;
}

/**
 * Waits until the leg is no longer active — its Stop was recorded, by whichever instance took it —
 * or the wait is over. Looks at the store, since the Stop may reach any instance of the pool.
 */
export async function awaitStop(calls: Pick<CallStore, 'leg'>, sessionId: string, w: StopWait): Promise<'stopped' | 'no-stop'> {
  const deadline = w.now() + w.timeoutMs;
  for (;;) {
    if (!(await calls.leg(sessionId))) return 'stopped';
    if (w.now() >= deadline) return 'no-stop';
    await new Promise((r) => setTimeout(r, w.pollMs ?? 100));
  }
}
