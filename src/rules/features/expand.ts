// What a callee's features make of a call to it (issue 18), pure. Precedence as in BroadWorks and
// Asterisk: do-not-disturb, then the unconditional forward, then the phones ringing with follow-me,
// simultaneous ring and the conditional forwards as delayed and fallback legs (spec §4.2).
import type { RouteTarget } from '../../firebrick/route-plan.js';
import type { ExpandedLeg } from '../compiled.js';
import { FALLBACK_DELAY_SECONDS } from '../fallback.js';
import { DEFAULT_NO_ANSWER_SECONDS, formatFeatureTarget, type FeatureTarget } from './call-features.js';
import type { Callee } from './callee.js';

export type FeatureOutcome =
  | { readonly kind: 'legs'; readonly legs: readonly ExpandedLeg[] }
  /** A 302 back to the caller (SIP-AOR, spec §4.5). */
  | { readonly kind: 'redirect'; readonly uri: string }
  /** Access-Reject; the Reply-Message is shown by the phone (spec §5). */
  | { readonly kind: 'reject'; readonly message: string };

export const DND_MESSAGE = 'Do not disturb';

export interface ExpandOptions {
  /** The client's FireBrick can carry a SIP-AOR redirect (not routingModel v1.25, spec §4.4). */
  readonly canRedirect: boolean;
}

/** A feature destination as a route-list one: `voicemail` is the callee's voicemail URI, if it has one. */
export function resolveTarget(callee: Callee, t: FeatureTarget): RouteTarget | undefined {
  if (t.kind !== 'voicemail') return t;
  return callee.features.voicemail !== undefined ? { kind: 'sip', uri: callee.features.voicemail } : undefined;
}

export function expandFeatures(callee: Callee, options: ExpandOptions, notes: string[]): FeatureOutcome {
  const f = callee.features;
  const who = `${callee.number} (${callee.username})`;
  const resolve = (t: FeatureTarget, what: string): RouteTarget | undefined => {
    const target = resolveTarget(callee, t);
    if (!target) notes.push(`${who}: ${what} to voicemail left out: no voicemail set`);
    return target;
  };
  if (f.dnd) {
    if (f.dndMode === 'voicemail') {
      const vm = resolve({ kind: 'voicemail' }, 'do-not-disturb');
      if (vm) {
        notes.push(`${who}: do not disturb, voicemail only`);
        return { kind: 'legs', legs: [{ target: vm }] };
      }
    }
    notes.push(`${who}: do not disturb`);
    return { kind: 'reject', message: DND_MESSAGE };
  }
  if (f.forward) {
    const target = resolve(f.forward, 'forward');
    if (target) {
      if (f.forwardMode === 'redirect') {
        if (target.kind === 'sip' && options.canRedirect) {
          notes.push(`${who}: forwarded by redirect to ${target.uri}`);
          return { kind: 'redirect', uri: target.uri };
        }
        notes.push(
          `${who}: forward placed as a leg, not a redirect: ${target.kind !== 'sip' ? 'a redirect needs a sip: URI' : 'this FireBrick cannot redirect (routingModel v1.25)'}`,
        );
      } else notes.push(`${who}: forwarded to ${formatFeatureTarget(f.forward)}`);
      return { kind: 'legs', legs: [{ target }] };
    }
  }
  const legs: ExpandedLeg[] = [{ target: { kind: 'tel', number: callee.number } }];
  for (const t of f.simRing ?? []) {
    const target = resolve(t, 'simultaneous ring');
    if (target) legs.push({ target });
  }
  for (const l of f.followMe ?? []) {
    const target = resolve(l.target, 'follow-me');
    if (target) legs.push({ target, ...(l.delaySeconds ? { delaySeconds: l.delaySeconds } : {}) });
  }
  if (f.forwardNoAnswer) {
    const target = resolve(f.forwardNoAnswer, 'no-answer forward');
    if (target) legs.push({ target, delaySeconds: f.noAnswerSeconds ?? DEFAULT_NO_ANSWER_SECONDS });
  }
  if (f.forwardUnreachable) {
    const target = resolve(f.forwardUnreachable, 'unreachable forward');
    if (target) legs.push({ target, delaySeconds: FALLBACK_DELAY_SECONDS });
  }
  if (legs.length > 1) notes.push(`${who}: ${legs.length - 1} feature leg${legs.length > 2 ? 's' : ''} added`);
  return { kind: 'legs', legs };
}
