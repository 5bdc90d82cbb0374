// An INVITE to a feature code (README → Feature codes): after authentication and before routing, a
// known caller dialling one of its client's codes has its own call features changed, the change goes
// to the audit trail, and the phone is answered with an Access-Reject whose Reply-Message confirms it
// (spec §5: the phone shows it). A caller who is nobody, or a number that is no code, is routed.
import type { FirebrickClient } from '../../firebrick/client.js';
import type { FeatureCodesProfile } from '../../firebrick/profile.js';
import type { FeatureTarget } from '../../rules/features/call-features.js';
import { applyFeatureCode, compileFeatureCodes, type DialledCode, type FeatureCodeMatcher } from '../../rules/feature-codes/index.js';
import type { CallContext } from '../../rules/index.js';
import { subscriberSubject, type Store, type Subscriber } from '../../store/index.js';
import { recordChange } from '../audit.js';
import { featuresToHash } from '../../store/features-codec.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { Decided } from './decided.js';

const matchers = new WeakMap<FeatureCodesProfile, FeatureCodeMatcher>();

function matcherOf(profile: FeatureCodesProfile): FeatureCodeMatcher {
  let m = matchers.get(profile);
  if (!m) matchers.set(profile, (m = compileFeatureCodes(profile)));
  return m;
}

/** A subscriber's number rings its registrations; another goes to the client's carrier, when it names one. */
async function destinationOf(store: Store, profile: FeatureCodesProfile, number: string): Promise<FeatureTarget> {
  if (profile.carrier === undefined || (await store.subscribers.callee(number))) return { kind: 'tel', number };
  return { kind: 'carrier', carrier: profile.carrier, number };
}

/** What a dialled code would change, without writing it (the INVITE path writes it; `firebridge route` shows it). */
export interface FeatureCodeChange {
  readonly code: DialledCode;
  readonly before: Subscriber;
  readonly after: Subscriber;
  readonly message: string;
}

export async function featureCodeChange(
  store: Store,
  profile: FeatureCodesProfile | undefined,
  subscriber: Subscriber | undefined,
  called: string | undefined,
): Promise<FeatureCodeChange | undefined> {
  if (!profile || !subscriber || !called) return undefined;
  const code = matcherOf(profile).match(called);
  if (!code) return undefined;
  // Read again rather than trusting the authentication's copy: the write replaces the whole subscriber.
  const before = (await store.subscribers.get(subscriber.realm, subscriber.username)) ?? subscriber;
  const target = code.number !== undefined ? await destinationOf(store, profile, code.number) : undefined;
  const outcome = applyFeatureCode(before.features ?? {}, code, target);
  const { features: _old, ...rest } = before;
  const after: Subscriber = Object.keys(outcome.features).length ? { ...rest, features: outcome.features } : rest;
  return { code, before, after, message: outcome.message };
}

export async function answerFeatureCode(
  deps: PipelineDeps,
  client: FirebrickClient,
  call: CallContext,
  subscriber: Subscriber | undefined,
): Promise<Decided | undefined> {
  const change = await featureCodeChange(deps.store, client.featureCodes, subscriber, call.called);
  if (!change) return undefined;
  const { code, before, after, message } = change;
  await deps.store.subscribers.put(after);
  await recordChange(deps.store.audit, deps.now(), {
    who: { kind: 'subscriber', name: `${before.realm}:${before.username}` },
    subject: subscriberSubject(before.realm, before.username),
    what: `feature code ${code.code}`,
    before: featuresToHash(before.features),
    after: featuresToHash(after.features),
  });
  return {
    decision: { kind: 'reject', reason: `feature-code:${code.action}`, message },
    log: { featureCode: code.action, called: call.called },
    subscriber: after,
  };
}
