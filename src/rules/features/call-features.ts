// A subscriber's own call features (issue 18): forwarding, do-not-disturb, follow-me and simultaneous
// ring. Plain data, stored with the subscriber (store/subscriber-codec.ts) and read by the rules when
// its number is dialled (expand.ts). Destinations are route-list destinations (spec §4.2), or the
// subscriber's voicemail.
import { formatTarget, parseLeg, parseTarget, type RouteTarget } from '../../firebrick/route-plan.js';

/** Where a feature sends a call: a route-list destination, or the subscriber's own voicemail. */
export type FeatureTarget = RouteTarget | { readonly kind: 'voicemail' };

/** A follow-me destination and when it starts ringing, seconds after the call (spec §4.2 `N+`). */
export interface FollowMeLeg {
  readonly target: FeatureTarget;
  readonly delaySeconds: number;
}

/**
 * `legs`: the forward is placed as the call's one leg (the caller hears it ring); `redirect`: a 302
 * back to the caller (SIP-AOR, spec §4.5), for a `sip:` destination on a FireBrick that can redirect.
 */
export type ForwardMode = 'legs' | 'redirect';
/** `reject`: Access-Reject with a Reply-Message (spec §5); `voicemail`: straight to voicemail. */
export type DndMode = 'reject' | 'voicemail';

export interface CallFeatures {
  /** Forward every call, unconditionally: the subscriber's phones do not ring. */
  readonly forward?: FeatureTarget;
  readonly forwardMode?: ForwardMode;
  /** Forward when nobody answered within noAnswerSeconds (a delayed leg). */
  readonly forwardNoAnswer?: FeatureTarget;
  readonly noAnswerSeconds?: number;
  /** Forward when every other leg has failed (the fallback leg, spec §4.2). */
  readonly forwardUnreachable?: FeatureTarget;
  readonly dnd?: boolean;
  readonly dndMode?: DndMode;
  /** The subscriber's voicemail, a `sip:` URI: where `voicemail` destinations go. */
  readonly voicemail?: string;
  readonly followMe?: readonly FollowMeLeg[];
  /** Destinations that ring at once with the subscriber's own phones. */
  readonly simRing?: readonly FeatureTarget[];
}

export const DEFAULT_NO_ANSWER_SECONDS = 20;
export const NO_FEATURES: CallFeatures = {};

/** True when any feature is set (the settings of a feature alone, e.g. forwardMode, are none). */
export function hasFeatures(f: CallFeatures): boolean {
  return (
    f.forward !== undefined ||
    f.forwardNoAnswer !== undefined ||
    f.forwardUnreachable !== undefined ||
    f.dnd === true ||
    (f.followMe?.length ?? 0) > 0 ||
    (f.simRing?.length ?? 0) > 0
  );
}

/** The destination as written in a route list, or `voicemail`. */
export function formatFeatureTarget(t: FeatureTarget): string {
  return t.kind === 'voicemail' ? 'voicemail' : formatTarget(t);
}

/** `N+destination`, as a route list writes a delayed leg (spec §4.2). */
export function formatFollowMeLeg(l: FollowMeLeg): string {
  return `${l.delaySeconds}+${formatFeatureTarget(l.target)}`;
}

const NUMBER = /^\+?[0-9*#]+$/;

/**
 * Reads a destination as an operator or a feature code gives it: `voicemail`, a bare number (its
 * registrations, `tel:N`), or any form of spec §4.2 (`tel:N`, `sip:…`, `@carrier`, `N@carrier`).
 */
export function parseFeatureTarget(text: string): { ok: true; target: FeatureTarget } | { ok: false; error: string } {
  const t = text.trim();
  if (t === 'voicemail') return { ok: true, target: { kind: 'voicemail' } };
  if (NUMBER.test(t)) return { ok: true, target: { kind: 'tel', number: t } };
  const leg = parseLeg(t);
  if (leg.delaySeconds !== undefined) return { ok: false, error: `"${t}": a delay ("N+") is not part of a destination here` };
  const target = parseTarget(t);
  if (!target) return { ok: false, error: `"${t}": not a destination (a number, tel:N, sip:URI, @carrier, N@carrier or voicemail)` };
  if (/\s/.test(t)) return { ok: false, error: `"${t}": a destination has no spaces` };
  switch (target.kind) {
    case 'tel':
      if (!NUMBER.test(target.number)) return { ok: false, error: `"${t}": tel: takes a number` };
      break;
    case 'sip':
      if (!/^sips?:[^@\s]+@[^@\s]+$|^sips?:[^@\s]+$/i.test(target.uri)) return { ok: false, error: `"${t}": not a SIP URI` };
      break;
    case 'carrier':
      if (target.carrier === '' || target.carrier.includes('@')) return { ok: false, error: `"${t}": no carrier name after "@"` };
      if (target.number !== undefined && !NUMBER.test(target.number)) return { ok: false, error: `"${t}": the number before "@carrier" is no number` };
      break;
  }
  return { ok: true, target };
}

/** `N+destination` or `destination` (delay 0), as follow-me legs are written (spec §4.2 syntax). */
export function parseFollowMeLeg(text: string): { ok: true; leg: FollowMeLeg } | { ok: false; error: string } {
  const m = /^(\d+)\+(.*)$/s.exec(text.trim());
  const delaySeconds = m ? Number(m[1]) : 0;
  if (delaySeconds > 998) return { ok: false, error: `"${text}": a delay is at most 998 s (999 is the fallback, spec §4.2)` };
  const target = parseFeatureTarget(m ? m[2]! : text);
  return target.ok ? { ok: true, leg: { target: target.target, delaySeconds } } : target;
}

/** A voicemail URI: a `sip:` URI, as the FireBrick places a leg to it (spec §4.2). */
export function parseVoicemail(text: string): { ok: true; uri: string } | { ok: false; error: string } {
  const parsed = parseFeatureTarget(text);
  if (!parsed.ok) return parsed;
  if (parsed.target.kind !== 'sip') return { ok: false, error: `"${text}": voicemail is a sip: URI` };
  return { ok: true, uri: parsed.target.uri };
}
