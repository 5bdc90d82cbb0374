// What a FireBrick Accounting-Request says (spec §6.2, §6.3, §8.6), as a typed event. Pure.
import { Attr, type AttributeReader } from '../radius/index.js';
import type { LegEvent } from '../store/index.js';

export const AcctStatus = { Start: 1, Stop: 2, Interim: 3, AccountingOn: 7, AccountingOff: 8 } as const;

export type AccountingMessage =
  | { readonly kind: 'leg'; readonly event: LegEvent }
  /** Accounting-On/Off: the FireBrick (re)started or is stopping, so its open legs are over. */
  | { readonly kind: 'nas-state'; readonly status: 'on' | 'off' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function readAccounting(
  a: AttributeReader,
  client: { readonly name: string; readonly source: string },
  receivedAt: number,
): AccountingMessage {
  const status = a.integer(Attr.AcctStatusType);
  if (status === AcctStatus.AccountingOn || status === AcctStatus.AccountingOff) {
    return { kind: 'nas-state', status: status === AcctStatus.AccountingOn ? 'on' : 'off' };
  }
  const kind = status === AcctStatus.Start ? 'start' : status === AcctStatus.Stop ? 'stop' : status === AcctStatus.Interim ? 'interim' : undefined;
  if (!kind) return { kind: 'invalid', reason: `Acct-Status-Type ${status ?? '(absent)'} is not Start, Interim-Update or Stop` };
  const sessionId = a.text(Attr.AcctSessionId);
  if (!sessionId) return { kind: 'invalid', reason: 'no Acct-Session-Id' };
  return {
    kind: 'leg',
    event: {
      status: kind,
      sessionId,
      callId: a.text(Attr.AcctMultiSessionId),
      firebrick: client.name,
      radiusSource: client.source,
      nasIdentifier: a.text(Attr.NasIdentifier),
      localUri: a.text(Attr.UserName),
      remoteUri: a.text(Attr.CallbackId),
      called: a.text(Attr.CalledStationId),
      calling: a.text(Attr.CallingStationId),
      cui: a.text(Attr.ChargeableUserIdentity),
      peerAddress: a.ipv4(Attr.NasIpAddress) ?? a.ipv6(Attr.NasIpv6Address),
      peerPort: a.integer(Attr.NasPort),
      startedAt: a.integer(Attr.EventTimestamp),
      sessionTime: a.integer(Attr.AcctSessionTime),
      terminateCause: a.integer(Attr.AcctTerminateCause),
      receivedAt,
    },
  };
}
