// Hanging up one leg for an operator (`firebridge hangup`, the admin API): find the leg and its
// FireBrick, send the Disconnect-Request, and wait for the leg's Stop (app/disconnect.ts says why).
// The outcome is typed so the command and the API each say it their way, from one decision.
import type { ActiveLeg, Store } from '../store/index.js';
import { awaitStop, disconnectLeg, type DisconnectTarget } from './disconnect.js';

export interface HangupRequest {
  readonly sessionId: string;
  /** Send to this address instead of the one the leg was accounted from. */
  readonly address?: string | undefined;
  /** How long to wait for the Stop after the Disconnect-ACK; 0: do not wait. */
  readonly waitSeconds: number;
}

export type HangupOutcome =
  | { readonly kind: 'no-leg' }
  | { readonly kind: 'unknown-firebrick'; readonly leg: ActiveLeg }
  | { readonly kind: 'no-reply'; readonly leg: ActiveLeg; readonly detail: string }
  | { readonly kind: 'nak'; readonly leg: ActiveLeg; readonly code: string; readonly errorCause?: number; readonly message?: string }
  /** Disconnect-ACK, the Stop not awaited. */
  | { readonly kind: 'acked'; readonly leg: ActiveLeg }
  | { readonly kind: 'stopped'; readonly leg: ActiveLeg }
  /** Disconnect-ACK, but no Stop within the wait: the call may still be up. */
  | { readonly kind: 'no-stop'; readonly leg: ActiveLeg; readonly waitSeconds: number };

export async function hangUp(
  store: Pick<Store, 'calls'>,
  clients: ReadonlyArray<DisconnectTarget & { readonly name: string }>,
  h: HangupRequest,
  now: () => number = Date.now,
): Promise<HangupOutcome> {
  const leg = await store.calls.leg(h.sessionId);
  if (!leg) return { kind: 'no-leg' };
  const client = clients.find((c) => c.name === leg.firebrick);
  if (!client) return { kind: 'unknown-firebrick', leg };
  const sent = await disconnectLeg(leg, client, h.address !== undefined ? { address: h.address } : {});
  if (sent.kind !== 'ack') return { ...sent, leg };
  if (h.waitSeconds === 0) return { kind: 'acked', leg };
  const stop = await awaitStop(store.calls, h.sessionId, { timeoutMs: h.waitSeconds * 1000, now });
  return stop === 'stopped' ? { kind: 'stopped', leg } : { kind: 'no-stop', leg, waitSeconds: h.waitSeconds };
}

/** The outcome in words, as `firebridge hangup` prints it and the API returns it. */
export function hangupWords(sessionId: string, o: HangupOutcome): string {
  switch (o.kind) {
    case 'no-leg':
      return `no active leg ${sessionId} (see "firebridge calls")`;
    case 'unknown-firebrick':
      return `leg ${sessionId} belongs to FireBrick "${o.leg.firebrick}", which is no longer configured`;
    case 'no-reply':
      return `${o.detail}: is Disconnect enabled on the FireBrick?`;
    case 'nak':
      return `${sessionId}: ${o.leg.firebrick} answered ${o.code}${o.errorCause !== undefined ? ` (Error-Cause ${o.errorCause})` : ''}${o.message ? `: ${o.message}` : ''}`;
    case 'acked':
      return `${sessionId}: disconnected by ${o.leg.firebrick} (Disconnect-ACK; its Stop not awaited)`;
    case 'stopped':
      return `${sessionId}: disconnected by ${o.leg.firebrick} (Disconnect-ACK, Stop recorded)`;
    case 'no-stop':
      return `${sessionId}: ${o.leg.firebrick} answered Disconnect-ACK, but no Stop came within ${o.waitSeconds} s: the call may still be up`;
  }
}
