// A subscriber as operators change and see it, shared by `firebridge subscriber add|set|show` and
// /api/subscribers: the changes applied (passwords stored as HA1 per algorithm, plaintext only when
// insisted), the call features checked (subscriber-features.ts), the one description shown, and the
// fields the audit trail compares.
import { featuresToHash } from '../store/features-codec.js';
import type { Subscriber } from '../store/index.js';
import { SECRET_SET } from './audit.js';
import { ha1Set } from './subscriber-import.js';
import { applyFeatureOptions, describeFeatures, featureProblem, type FeatureOptions } from './subscriber-features.js';

/** What an operator changes; undefined leaves a field as it is, null (the API's) removes it. */
export interface SubscriberChanges extends FeatureOptions {
  readonly number?: string | null;
  readonly cui?: string | null;
  readonly enabled?: boolean;
  readonly maxRegistrations?: number | null;
  readonly maxCalls?: number | null;
  /** Empty: none besides its own number. */
  readonly present?: readonly string[];
  readonly maxDuration?: number | null;
  /** A new password: its HA1s replace the old ones (and the plaintext, kept only with storePlaintext). */
  readonly password?: string;
  readonly storePlaintext?: boolean;
}

type Optional = 'number' | 'cui' | 'maxRegistrations' | 'maxCalls' | 'maxDuration';

/** The subscriber after the changes, or why not (a feature problem, as featureProblem words it). */
export function applySubscriberChanges(current: Subscriber, c: SubscriberChanges): { ok: true; subscriber: Subscriber } | { ok: false; problem: string } {
  const next: Record<string, unknown> = { ...current };
  const set = (key: Optional, value: string | number | null | undefined): void => {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  };
  if (c.password !== undefined) {
    delete next.password;
    next.ha1 = ha1Set(current.username, current.realm, c.password);
    if (c.storePlaintext) next.password = c.password;
  }
  set('number', c.number);
  set('cui', c.cui);
  set('maxRegistrations', c.maxRegistrations);
  set('maxCalls', c.maxCalls);
  if (c.present !== undefined) {
    delete next.present;
    if (c.present.length) next.present = [...c.present];
  }
  set('maxDuration', c.maxDuration);
  if (c.enabled !== undefined) next.enabled = c.enabled;
  const features = applyFeatureOptions(current.features ?? {}, c);
  const problem = featureProblem(features);
  if (problem) return { ok: false, problem };
  delete next.features;
  if (Object.keys(features).length) next.features = features;
  return { ok: true, subscriber: next as unknown as Subscriber };
}

/** A new subscriber: enabled unless the changes say otherwise, with the password's HA1s. */
export function newSubscriber(username: string, realm: string, password: string, c: Omit<SubscriberChanges, 'password'>): ReturnType<typeof applySubscriberChanges> {
  return applySubscriberChanges({ username, realm, ha1: {}, enabled: true }, { ...c, password });
}

/** As `subscriber show` prints it and the API answers it: never a password or an HA1, only which are kept. */
export function describeSubscriber(s: Subscriber) {
  return {
    username: s.username,
    realm: s.realm,
    number: s.number ?? null,
    cui: s.cui ?? null,
    enabled: s.enabled,
    maxRegistrations: s.maxRegistrations ?? null,
    maxCalls: s.maxCalls ?? null,
    present: [...(s.present ?? [])],
    maxDuration: s.maxDuration ?? null,
    ...describeFeatures(s.features),
    credentials: [...Object.keys(s.ha1).map((a) => `HA1 ${a}`), ...(s.password !== undefined ? ['plaintext'] : [])],
  };
}

/**
 * The fields the audit trail compares (app/audit.ts): features as the store writes them
 * (features-codec.ts, as `subscriber set` records them), and `password` "(set)" when one was given.
 */
export function subscriberAuditFields(s: Subscriber | undefined, passwordGiven = false): Record<string, unknown> {
  if (!s) return {};
  return {
    number: s.number,
    cui: s.cui,
    enabled: s.enabled,
    maxRegistrations: s.maxRegistrations,
    maxCalls: s.maxCalls,
    present: s.present?.length ? [...s.present] : undefined,
    maxDuration: s.maxDuration,
    ...featuresToHash(s.features),
    ...(passwordGiven ? { password: SECRET_SET } : {}),
  };
}
