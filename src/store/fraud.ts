// The fraud guard's counters (README → Fraud guard), per subject ("subscriber:realm:user", "cui:X",
// "source:192.0.2.1") and destination class, shared by every instance on one Redis. Two
// implementations (redis/fraud.ts, memory/fraud.ts) keep them alike; the contract test runs on both.
//
// Windows, and why each is kept as it is:
// - calls per minute: a sorted set of the authorised calls' times, trimmed on write — an exact
//   sliding 60 s, and small (a subject past its block level adds nothing more).
// - concurrent: a sorted set of Call-ID → last heard of (ms), added at the INVITE, refreshed by the
//   legs' Start/Interim, removed by a Stop. Counted from now − accounting.staleLegHours only, so a
//   call that ends without a Stop stops counting then, and the set expires with its last news.
// - minutes per hour and per day: connected seconds in time buckets, fields of one hash per target —
//   5-minute buckets for the hour (13 read: 60–65 minutes), 1-hour ones for the day (25 read: 24–25
//   hours). Bounded whatever the traffic (a set of every call would grow with a busy trunk's day):
//   buckets past both windows are dropped by the write that finds the hash fuller than the windows,
//   and the hash expires a day after its last write. The window errs long, never short: a subject is
//   held to at least the last hour or day.
// - short calls: one counter, incremented by an answered call under fraud.shortCallSeconds, reset
//   by a longer one; it expires a day after its last change.
// Every key of a subject shares its {hash tag}: a subject's commands fall in one Cluster slot.
import type { FraudCounts, FraudLevel, FraudMetric } from '../rules/fraud/index.js';

export interface FraudTarget {
  readonly subject: string;
  /** The destination class (rules/fraud/classes.ts). */
  readonly cls: string;
}

/** Why a subject is blocked in a class, kept until fraud.blockMinutes pass or `firebridge fraud clear`. */
export interface FraudBlock extends FraudTarget {
  readonly metric: FraudMetric;
  readonly value: number;
  readonly limit: number;
  /** When it was blocked, ms. */
  readonly at: number;
  /** Left of the block, ms (when read back). */
  readonly remainingMs?: number;
}

export interface FraudStanding {
  readonly counts: FraudCounts;
  readonly blocked: FraudBlock | undefined;
}

export interface FraudLegNews {
  readonly status: 'start' | 'interim' | 'stop';
  /** Acct-Session-Time of a Stop: the connected seconds (spec §6.1). */
  readonly connectedSeconds?: number | undefined;
}

export interface FraudStore {
  /** Counters and block of each target, in one batch (one round trip on Redis). */
  standing(targets: readonly FraudTarget[]): Promise<FraudStanding[]>;
  /** Counts an authorised call against its targets, and notes them for its Call-ID so its legs find them. */
  callAuthorised(callId: string | undefined, targets: readonly FraudTarget[]): Promise<void>;
  /** A leg of a noted call was accounted (fed by accounting): concurrency, connected time, short calls. */
  legAccounted(callId: string, news: FraudLegNews, shortCallSeconds: number): Promise<void>;
  /**
   * The Call-IDs a target counts as concurrent (those authorised and neither stopped nor stale): the
   * calls `fraud.hangupOnBlock` disconnects, whatever kind of subject it is.
   */
  liveCalls(target: FraudTarget): Promise<string[]>;
  /** Blocks a target; true when it was not blocked yet (a new crossing: alert once). */
  block(block: FraudBlock, ttlMs: number): Promise<boolean>;
  /** Marks a warning; true when this (target, metric) had no standing warning (a new crossing). */
  warn(target: FraudTarget, metric: FraudMetric, level: FraudLevel, ttlMs: number): Promise<boolean>;
  /** Every standing block. */
  blocks(): Promise<FraudBlock[]>;
  /** Forgets a subject: its counters, warnings and blocks in every class. Returns the keys removed. */
  clear(subject: string): Promise<number>;
}

/** The exact sliding window of callsPerMinute. */
export const MINUTE_MS = 60_000;
export const HOUR_BUCKET_MS = 5 * 60_000;
export const HOUR_BUCKETS = 13;
export const DAY_BUCKET_MS = 3_600_000;
export const DAY_BUCKETS = 25;
export const SHORT_CALLS_TTL_MS = 86_400_000;

/** The bucket numbers a window reads at `now`, newest first. */
export function bucketsOf(now: number, bucketMs: number, count: number): number[] {
  const current = Math.floor(now / bucketMs);
  return Array.from({ length: count }, (_, i) => current - i);
}
