// Digest authentication of one FireBrick request (spec §8.5; RFC 5090 §2.2): guard → replay →
// subscriber → hash → nonce freshness. Decisions are made by pure functions in digest/ and firebrick/;
// this file only sequences them around the store.
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import {
  checkNonce,
  issueNonce,
  opaqueFor,
  unescapeDigestValue,
  verifyDigest,
  type DigestInput,
} from '../../digest/index.js';
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import { accountName, type AccountKey } from '../../firebrick/caller.js';
import type { ChallengeDecision, RejectDecision } from '../../firebrick/decision.js';
import type { AccountLookup, GuardSubject, Store, Subscriber } from '../../store/index.js';
import { RejectMessage } from '../reject-messages.js';

export type AuthOutcome =
  | { readonly kind: 'authenticated'; readonly subscriber: Subscriber; readonly rspauth: string | undefined }
  | { readonly kind: 'decided'; readonly decision: ChallengeDecision | RejectDecision };

export interface AuthContext {
  readonly config: Config;
  readonly store: Store;
  readonly now: () => number;
  /** Told when a failure starts a lockout: operators want that line on its own. */
  readonly onLockout?: (subject: GuardSubject, reason: string) => void;
}

function reject(reason: string, message: string): AuthOutcome {
  return { kind: 'decided', decision: { kind: 'reject', reason, message } };
}

export async function challenge(ctx: AuthContext, stale = false): Promise<ChallengeDecision> {
  const d = ctx.config.digest;
  const key = await ctx.store.nonceKey();
  return {
    kind: 'challenge',
    realm: d.realm,
    nonce: issueNonce(key, ctx.now(), d.realm),
    ...(d.qop === 'auth' ? { qop: 'auth' } : {}),
    algorithm: d.algorithm,
    opaque: opaqueFor(key, d.realm),
    stale,
    state: randomBytes(8),
  };
}

function guardSubjects(ctx: AuthContext, key: AccountKey, request: FirebrickAccessRequest): [GuardSubject, ...GuardSubject[]] {
  const g = ctx.config.guard;
  const subjects: [GuardSubject, ...GuardSubject[]] = [{ scope: 'user', id: accountName(key), maxFailures: g.maxFailuresPerUser }];
  if (request.sipPeer.address) subjects.push({ scope: 'source', id: request.sipPeer.address, maxFailures: g.maxFailuresPerSource });
  return subjects;
}

function accountLookup(key: AccountKey): AccountLookup {
  switch (key.by) {
    case 'digest-username':
      return { realm: unescapeDigestValue(key.realm), username: unescapeDigestValue(key.username) };
    case 'cui':
      return { cui: key.cui };
    case 'carrier':
      return undefined;
  }
}

export async function authenticate(
  ctx: AuthContext,
  request: FirebrickAccessRequest,
  key: AccountKey,
): Promise<AuthOutcome> {
  const subjects = guardSubjects(ctx, key, request);
  const policy = { windowMs: ctx.config.guard.windowSeconds * 1000, lockoutMs: ctx.config.guard.lockoutSeconds * 1000 };
  const d = request.digest;
  const input: DigestInput = {
    username: unescapeDigestValue(d.username ?? ''),
    realm: unescapeDigestValue(d.realm ?? ''),
    nonce: unescapeDigestValue(d.nonce ?? ''),
    uri: unescapeDigestValue(d.uri ?? ''),
    method: d.method ?? '',
    response: d.response ?? '',
    ...(d.algorithm !== undefined ? { algorithm: unescapeDigestValue(d.algorithm) } : {}),
    ...(d.qop !== undefined ? { qop: unescapeDigestValue(d.qop) } : {}),
    ...(d.nonceCount !== undefined ? { nc: d.nonceCount } : {}),
    ...(d.cnonce !== undefined ? { cnonce: unescapeDigestValue(d.cnonce) } : {}),
  };
  const nonceLifetimeMs = ctx.config.digest.nonceLifetimeSeconds * 1000;
  // Every read, and the (nonce, nc) claim, leave in one auto-pipelined round trip: each sequential
  // round trip costs a wake-up of Redis and of us (bench/results.md). Claiming before the hash is
  // checked is safe: a pair serves the one SIP request that claimed it first, and a failed guess
  // burns a pair that the phone would not reuse (a rejected request earns it a new challenge).
  const { lock, subscriber, userHasFailures, claim } = await ctx.store.authSnapshot({
    account: accountLookup(key),
    subjects,
    claim: { nonce: input.nonce, nc: input.nc ?? '-', fingerprint: request.fingerprint, atMs: ctx.now(), ttlMs: nonceLifetimeMs },
  });
  if (lock) return reject(`locked-out:${lock.subject.scope}`, RejectMessage.lockedOut);

  // What the claim says (store/nonce-replay.ts):
  // - 'first': a new attempt, judged and counted.
  // - 'retransmission': the same SIP request again within 64×T1 (RFC 3261 §17.1.1.1) — the next
  //   server of the FireBrick's pool, or a phone resending because no answer came (perhaps none was
  //   sent: Redis stalled). Judged again as the first was, since the first may never have completed
  //   and REGISTER and INVITE handling are idempotent, so it gets the first's decision; but its
  //   failure is not counted again: one SIP attempt is one attempt.
  // - 'replay': the pair belongs to another request (a captured digest with another Contact), or to
  //   this one after SIP stopped retransmitting (RFC 2617 §3.2.2: an nc seen twice is a replay).
  //   Refused before anything is judged, so it tells nothing about the password, and never counted:
  //   it is not a password guess, and counting it would let whoever sniffed a request lock its user out.
  if (claim === 'replay') return reject('replay', RejectMessage.replay);
  const countsAsAttempt = claim === 'first';

  const fail = async (reason: string, message: string): Promise<AuthOutcome> => {
    if (!countsAsAttempt) return reject(reason, message);
    const lockedNow = await ctx.store.guard.recordFailure(subjects, policy);
    for (const subject of lockedNow) ctx.onLockout?.(subject, reason);
    return reject(lockedNow.length ? `${reason}+locked:${lockedNow.map((s) => s.scope).join(',')}` : reason, message);
  };

  if (!subscriber) return fail('unknown-user', RejectMessage.authFailed);
  if (!subscriber.enabled) return reject('disabled', RejectMessage.disabled);

  // The user must be allowed the protection space (RFC 5090 §2.2.1).
  if (input.realm !== subscriber.realm) return fail('wrong-realm', RejectMessage.wrongRealm);

  const verdict = verifyDigest(input, { ha1: subscriber.ha1, ...(subscriber.password !== undefined ? { password: subscriber.password } : {}) });
  if (!verdict.ok) {
    if (verdict.reason === 'bad-response') return fail('bad-password', RejectMessage.authFailed);
    if (verdict.reason === 'missing-field') return reject(`malformed-digest:${verdict.detail}`, RejectMessage.authFailed);
    return reject(verdict.reason, RejectMessage.unsupported);
  }

  // Freshness is judged only after the hash matched: a stale nonce with the right password earns a
  // new challenge with Digest-Stale=true (RFC 5090 §2.2.2), not a failure.
  const key32 = await ctx.store.nonceKey();
  const nonce = checkNonce(key32, input.nonce, ctx.now(), nonceLifetimeMs, input.realm);
  if (nonce.kind === 'stale') return { kind: 'decided', decision: await challenge(ctx, true) };
  if (nonce.kind === 'foreign' && !ctx.config.digest.acceptForeignNonces) {
    return { kind: 'decided', decision: await challenge(ctx) };
  }
  if (nonce.kind === 'valid' && d.opaque !== undefined && unescapeDigestValue(d.opaque) !== opaqueFor(key32, input.realm)) {
    return fail('bad-opaque', RejectMessage.authFailed);
  }

  if (userHasFailures) await ctx.store.guard.recordSuccess(subjects[0]);
  return { kind: 'authenticated', subscriber, rspauth: verdict.rspauth };
}
