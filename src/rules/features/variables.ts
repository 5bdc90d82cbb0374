// Template variables of the dialled number's subscriber (README → Call features): `${callee.forward}`
// and the like. A rule whose templates read one fetches the callee with its other facts.
import { DEFAULT_NO_ANSWER_SECONDS, formatFeatureTarget, type FeatureTarget } from './call-features.js';
import type { Callee } from './callee.js';
import { resolveTarget } from './expand.js';
import { formatTarget } from '../../firebrick/route-plan.js';

export const CALLEE_VARIABLES = [
  'callee.number',
  'callee.username',
  'callee.realm',
  'callee.forward',
  'callee.forwardMode',
  'callee.forwardNoAnswer',
  'callee.noAnswerSeconds',
  'callee.forwardUnreachable',
  'callee.voicemail',
  'callee.dnd',
] as const;

/** A destination as route-list text (spec §4.2), `voicemail` resolved to the callee's URI; none when unset. */
function target(callee: Callee, t: FeatureTarget | undefined): string | undefined {
  if (!t) return undefined;
  const resolved = resolveTarget(callee, t);
  return resolved ? formatTarget(resolved) : t.kind === 'voicemail' ? undefined : formatFeatureTarget(t);
}

/** undefined when the dialled number is no subscriber's, or the feature is not set (a leg reading it is left out). */
export function calleeVariable(callee: Callee | undefined, name: string): string | undefined {
  if (!callee) return undefined;
  const f = callee.features;
  switch (name) {
    case 'callee.number':
      return callee.number;
    case 'callee.username':
      return callee.username;
    case 'callee.realm':
      return callee.realm;
    case 'callee.forward':
      return target(callee, f.forward);
    case 'callee.forwardMode':
      return f.forward ? (f.forwardMode ?? 'legs') : undefined;
    case 'callee.forwardNoAnswer':
      return target(callee, f.forwardNoAnswer);
    case 'callee.noAnswerSeconds':
      return String(f.noAnswerSeconds ?? DEFAULT_NO_ANSWER_SECONDS);
    case 'callee.forwardUnreachable':
      return target(callee, f.forwardUnreachable);
    case 'callee.voicemail':
      return f.voicemail;
    case 'callee.dnd':
      return f.dnd ? 'on' : 'off';
  }
  return undefined;
}
