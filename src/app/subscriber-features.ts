// A subscriber's call features as an operator changes them (README → Call features): the same
// changes from `firebridge subscriber set --forward …` and from PATCH /api/subscribers/…, checked
// alike, and shown alike (`subscriber show`, GET /api/subscribers/{realm}/{username}).
import { DEFAULT_NO_ANSWER_SECONDS, formatFeatureTarget, formatFollowMeLeg, type CallFeatures, type FeatureTarget, type FollowMeLeg } from '../rules/features/call-features.js';

export interface FeatureOptions {
  /** false: --no-forward. */
  forward?: FeatureTarget | false;
  forwardMode?: 'legs' | 'redirect';
  forwardNoAnswer?: FeatureTarget | false;
  answerTimeout?: number | false;
  forwardUnreachable?: FeatureTarget | false;
  dnd?: boolean;
  dndMode?: 'reject' | 'voicemail';
  voicemail?: string | false;
  followMe?: FollowMeLeg[] | false;
  simRing?: FeatureTarget[] | false;
}

/** The features after the options; untouched options leave their feature as it was. */
export function applyFeatureOptions(current: CallFeatures, o: FeatureOptions): CallFeatures {
  const next: Record<string, unknown> = { ...current };
  const set = (key: keyof CallFeatures, value: unknown): void => {
    if (value === undefined) return;
    if (value === false || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
  };
  set('forward', o.forward);
  set('forwardMode', o.forwardMode);
  set('forwardNoAnswer', o.forwardNoAnswer);
  set('noAnswerSeconds', o.answerTimeout);
  set('forwardUnreachable', o.forwardUnreachable);
  if (o.dnd !== undefined) set('dnd', o.dnd || false);
  set('dndMode', o.dndMode);
  set('voicemail', o.voicemail);
  set('followMe', o.followMe);
  set('simRing', o.simRing);
  return next as CallFeatures;
}

/** A voicemail destination needs a voicemail URI: refused now rather than left out of every call. */
export function featureProblem(f: CallFeatures): string | undefined {
  const usesVoicemail =
    [f.forward, f.forwardNoAnswer, f.forwardUnreachable, ...(f.simRing ?? []), ...(f.followMe ?? []).map((l) => l.target)].some((t) => t?.kind === 'voicemail') ||
    (f.dnd === true && f.dndMode === 'voicemail');
  return usesVoicemail && f.voicemail === undefined ? 'a destination is "voicemail" but the subscriber has no --voicemail sip:URI' : undefined;
}

/** The features as `subscriber show` prints them. */
export interface FeaturesDescribed {
  readonly forward: string | null;
  readonly forwardMode: string | null;
  readonly forwardNoAnswer: string | null;
  readonly answerTimeout: number | null;
  readonly forwardUnreachable: string | null;
  readonly dnd: boolean;
  readonly dndMode: string;
  readonly voicemail: string | null;
  readonly followMe: string[];
  readonly simRing: string[];
}

/** As `subscriber show` prints them: route-list text (spec §4.2), null for unset. */
export function describeFeatures(f: CallFeatures | undefined): FeaturesDescribed {
  const t = (x: FeatureTarget | undefined) => (x ? formatFeatureTarget(x) : null);
  return {
    forward: t(f?.forward),
    forwardMode: f?.forward ? (f.forwardMode ?? 'legs') : (f?.forwardMode ?? null),
    forwardNoAnswer: t(f?.forwardNoAnswer),
    answerTimeout: f?.forwardNoAnswer ? (f.noAnswerSeconds ?? DEFAULT_NO_ANSWER_SECONDS) : (f?.noAnswerSeconds ?? null),
    forwardUnreachable: t(f?.forwardUnreachable),
    dnd: f?.dnd === true,
    dndMode: f?.dndMode ?? 'reject',
    voicemail: f?.voicemail ?? null,
    followMe: (f?.followMe ?? []).map(formatFollowMeLeg),
    simRing: (f?.simRing ?? []).map(formatFeatureTarget),
  };
}
