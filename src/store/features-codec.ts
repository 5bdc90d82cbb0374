// CallFeatures ⇄ Redis hash fields, the same in the subscriber hash and in its number's callee hash
// (keys.ts). Destinations are written as route lists write them (spec §4.2), lists space-separated
// (a SIP URI has no spaces), so `redis-cli HGETALL` reads like `subscriber show`.
import {
  formatFeatureTarget,
  formatFollowMeLeg,
  parseFeatureTarget,
  parseFollowMeLeg,
  type CallFeatures,
  type FeatureTarget,
  type FollowMeLeg,
} from '../rules/features/call-features.js';

/** Every field a feature may write: put() clears them all before writing the set ones. */
export const FEATURE_FIELDS = ['fwd', 'fwd_mode', 'fwd_noanswer', 'noanswer_secs', 'fwd_unreachable', 'dnd', 'dnd_mode', 'voicemail', 'follow_me', 'sim_ring'] as const;

export function featuresToHash(f: CallFeatures | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (!f) return h;
  if (f.forward) h.fwd = formatFeatureTarget(f.forward);
  if (f.forwardMode) h.fwd_mode = f.forwardMode;
  if (f.forwardNoAnswer) h.fwd_noanswer = formatFeatureTarget(f.forwardNoAnswer);
  if (f.noAnswerSeconds !== undefined) h.noanswer_secs = String(f.noAnswerSeconds);
  if (f.forwardUnreachable) h.fwd_unreachable = formatFeatureTarget(f.forwardUnreachable);
  if (f.dnd) h.dnd = '1';
  if (f.dndMode) h.dnd_mode = f.dndMode;
  if (f.voicemail) h.voicemail = f.voicemail;
  if (f.followMe?.length) h.follow_me = f.followMe.map(formatFollowMeLeg).join(' ');
  if (f.simRing?.length) h.sim_ring = f.simRing.map(formatFeatureTarget).join(' ');
  return h;
}

function target(v: string | undefined): FeatureTarget | undefined {
  if (!v) return undefined;
  const parsed = parseFeatureTarget(v);
  return parsed.ok ? parsed.target : undefined;
}

/** Values an operator mistyped with redis-cli are left out rather than routed. */
export function featuresFromHash(h: Record<string, string>): CallFeatures {
  const forward = target(h.fwd);
  const forwardNoAnswer = target(h.fwd_noanswer);
  const forwardUnreachable = target(h.fwd_unreachable);
  const seconds = h.noanswer_secs !== undefined ? Number(h.noanswer_secs) : undefined;
  const followMe = (h.follow_me ?? '')
    .split(' ')
    .filter((x) => x !== '')
    .map(parseFollowMeLeg)
    .flatMap((p): FollowMeLeg[] => (p.ok ? [p.leg] : []));
  const simRing = (h.sim_ring ?? '')
    .split(' ')
    .map(target)
    .filter((t): t is FeatureTarget => t !== undefined);
  return {
    ...(forward ? { forward } : {}),
    ...(h.fwd_mode === 'legs' || h.fwd_mode === 'redirect' ? { forwardMode: h.fwd_mode } : {}),
    ...(forwardNoAnswer ? { forwardNoAnswer } : {}),
    ...(seconds !== undefined && Number.isInteger(seconds) && seconds >= 0 ? { noAnswerSeconds: seconds } : {}),
    ...(forwardUnreachable ? { forwardUnreachable } : {}),
    ...(h.dnd === '1' ? { dnd: true } : {}),
    ...(h.dnd_mode === 'reject' || h.dnd_mode === 'voicemail' ? { dndMode: h.dnd_mode } : {}),
    ...(h.voicemail ? { voicemail: h.voicemail } : {}),
    ...(followMe.length ? { followMe } : {}),
    ...(simRing.length ? { simRing } : {}),
  };
}
