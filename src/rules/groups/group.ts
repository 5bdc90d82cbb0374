// A ring group (hunt group) as data (README → Ring groups): who rings, in what order, and where the
// call goes when nobody answers. Its members and fallback are route-list destinations (spec §4.2),
// read and written here in the one form operators type: `201`, `tel:201`, `sip:…`, `@carrier`,
// `0123@carrier`. The store keeps groups (store/groups.ts); expand.ts turns one into legs. Pure.
import { formatTarget, parseTarget, type RouteTarget } from '../../firebrick/route-plan.js';

export const GROUP_STRATEGIES = ['all', 'cascade', 'round-robin'] as const;
/**
 * - all: every member rings at once (the FireBrick forks them, spec §4.2).
 * - cascade: the members in order, each `delaySeconds` after the one before (`N+` prefixes).
 * - round-robin: as cascade, each call starting one member further on (the position is kept in the store).
 */
export type GroupStrategy = (typeof GROUP_STRATEGIES)[number];

/** Seconds between one member and the next in cascade and round-robin, when none is given. */
export const DEFAULT_MEMBER_DELAY_SECONDS = 10;

export interface RingGroup {
  /** Starts with a letter, so it is never mistaken for a number (a rule's `group:` may be either). */
  readonly name: string;
  /** The dialled number (DID or extension) that reaches the group, for `group: "${called}"`. */
  readonly number?: string;
  /** In ring order; never empty. */
  readonly members: readonly RouteTarget[];
  readonly strategy: GroupStrategy;
  /** cascade and round-robin: seconds between one member and the next. */
  readonly delaySeconds: number;
  /** Where the call goes when no member answers (voicemail): the FireBrick fallback leg. */
  readonly fallback?: RouteTarget;
  /** Seconds the members ring: the fallback starts then, and no member is started later. */
  readonly ringSeconds?: number;
}

/** The group one call is routed to, with the round-robin position it got (0 for the other strategies). */
export interface GroupCall {
  readonly group: RingGroup;
  /** Calls the group had before this one: round-robin starts at member `position mod members`. */
  readonly position: number;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

const NUMBER = /^\+?[0-9*#]+$/;
const CARRIER = /^[A-Za-z0-9_.-]+$/;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** A member or fallback as typed: `201` (a local number, `tel:201`), `tel:201`, `sip:…`, `@carrier`, `0123@carrier`. */
export function readDestination(text: string): Checked<RouteTarget> {
  const t = text.trim();
  if (t === '') return { ok: false, why: 'is empty' };
  if (/^\d+\+/.test(t)) return { ok: false, why: "has a delay prefix (N+): the group's strategy sets the delays" };
  if (NUMBER.test(t)) return { ok: true, value: { kind: 'tel', number: t } };
  const target = parseTarget(t);
  const hint = 'give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier';
  switch (target?.kind) {
    case undefined:
      return { ok: false, why: `is not a destination: ${hint}` };
    case 'tel':
      return NUMBER.test(target.number) ? { ok: true, value: target } : { ok: false, why: 'is not a number after "tel:" (digits, *, #, a leading +)' };
    case 'sip':
      return /^sips?:[^\s,]+$/i.test(target.uri)
        ? { ok: true, value: target }
        : { ok: false, why: 'is not a SIP URI (sip:user@host, no spaces or commas)' };
    case 'carrier':
      if (!CARRIER.test(target.carrier)) return { ok: false, why: `names no carrier after "@" (letters, digits, _ . -): ${hint}` };
      if (target.number !== undefined && !NUMBER.test(target.number)) return { ok: false, why: 'dials no number before "@carrier" (digits, *, #, a leading +)' };
      return { ok: true, value: target };
  }
}

/** A destination as operators type it: a local number bare (`201`), the rest as on the wire. */
export function formatDestination(t: RouteTarget): string {
  return t.kind === 'tel' ? t.number : formatTarget(t);
}

export function checkGroupName(name: string): Checked<string> {
  return NAME.test(name)
    ? { ok: true, value: name }
    : { ok: false, why: 'is not a group name: a letter, then letters, digits, _ . - (at most 64)' };
}

export function checkGroupNumber(number: string): Checked<string> {
  return NUMBER.test(number) ? { ok: true, value: number } : { ok: false, why: 'is not a number (digits, *, #, a leading +)' };
}

export function isGroupStrategy(s: string): s is GroupStrategy {
  return (GROUP_STRATEGIES as readonly string[]).includes(s);
}
