// Brute-force and toll-fraud guard state (issue 3): failures per username and per SIP source
// address, with lockout. Kept in the store so every firebridge instance agrees.
import type { GuardScope } from './keys.js';

export interface GuardSubject {
  readonly scope: GuardScope;
  /** "realm:username" for users; the SIP peer address (NAS-IP-Address, spec §6.5) for sources. */
  readonly id: string;
  /** Failures within the window that lock the subject out. */
  readonly maxFailures: number;
}

export interface GuardPolicy {
  readonly windowMs: number;
  readonly lockoutMs: number;
}

export interface Lockout {
  readonly subject: GuardSubject;
  readonly remainingMs: number;
}

export interface StandingLockout {
  readonly scope: GuardScope;
  readonly id: string;
  /** Left of the lockout, ms; Infinity for a lock without expiry (set by hand). */
  readonly remainingMs: number;
}

export interface AuthGuardStore {
  /** The first subject that is locked out, if any. */
  lockedOut(subjects: readonly GuardSubject[]): Promise<Lockout | undefined>;
  /** Counts a failure against each subject; returns the subjects this failure locked out. */
  recordFailure(subjects: readonly GuardSubject[], policy: GuardPolicy): Promise<GuardSubject[]>;
  /** Whether the subject has failures counting towards a lockout (so a success need not write). */
  hasFailures(subject: GuardSubject): Promise<boolean>;
  /** A success clears the user's failure count (not the source's: a scanner may know one password). */
  recordSuccess(user: GuardSubject): Promise<void>;
  /** Every standing lockout, soonest to end first (operators: the admin API, the console). */
  lockouts(): Promise<StandingLockout[]>;
  /** Operator unlock. */
  clear(subject: Pick<GuardSubject, 'scope' | 'id'>): Promise<void>;
}
