// A registration binding: one Contact of one phone, as the FireBrick reported it in a REGISTER
// (spec §1.2, §3). Several phones may register the same number; each Contact is its own binding.
import { hash } from 'node:crypto';
import type { FirebrickAccessRequest } from './access-request.js';
import { parseSipUri } from './uri/index.js';

export interface ContactParts {
  readonly user: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly transport: string | undefined;
}

export interface Binding {
  /** Stable per Contact (or per SIP source when the box sent no Contact). */
  readonly id: string;
  readonly number: string;
  /** "realm:username" of the subscriber that registered. */
  readonly subscriber: string;
  /** The Contact URI exactly as received (kept when it does not parse). */
  readonly contact: string | undefined;
  readonly contactParts: ContactParts | undefined;
  readonly sourceAddress: string | undefined;
  readonly sourcePort: number | undefined;
  readonly behindNat: boolean;
  readonly userAgent: string | undefined;
  readonly callId: string | undefined;
  /** RADIUS client name of the FireBrick, and its NAS-Identifier (configured hostname). */
  readonly firebrick: string;
  readonly nasIdentifier: string | undefined;
  readonly registeredAt: number;
  readonly expiresAt: number;
}

export function contactParts(contact: string | undefined): ContactParts | undefined {
  if (contact === undefined) return undefined;
  const uri = parseSipUri(contact);
  return uri ? { user: uri.user, host: uri.host, port: uri.port, transport: uri.transport } : undefined;
}

export function bindingId(request: Pick<FirebrickAccessRequest, 'contact' | 'sipPeer'>): string {
  const basis = request.contact ?? `${request.sipPeer.address ?? '?'}:${request.sipPeer.port ?? '?'}`;
  return hash('sha256', basis, 'hex').slice(0, 16);
}

export function bindingFrom(
  request: FirebrickAccessRequest,
  fields: { number: string; subscriber: string; firebrick: string; now: number; expiresSeconds: number },
): Binding {
  return {
    id: bindingId(request),
    number: fields.number,
    subscriber: fields.subscriber,
    contact: request.contact,
    contactParts: contactParts(request.contact),
    sourceAddress: request.sipPeer.address,
    sourcePort: request.sipPeer.port,
    behindNat: request.sipPeer.behindNat,
    userAgent: request.userAgent,
    callId: request.callId,
    firebrick: fields.firebrick,
    nasIdentifier: request.nasIdentifier,
    registeredAt: fields.now,
    expiresAt: fields.now + fields.expiresSeconds * 1000,
  };
}

export interface ExpiryPolicy {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly defaultSeconds: number;
}

/** The Expires granted: requested value clamped to policy; 0 (unregister) stays 0. */
export function grantExpiry(requested: number | undefined, policy: ExpiryPolicy): number {
  if (requested === 0) return 0;
  const wanted = requested ?? policy.defaultSeconds;
  return Math.min(policy.maxSeconds, Math.max(policy.minSeconds, wanted));
}
