// The duration limit of an authorised call (README → Call duration limits). Pure.

/** Where a limit can come from; each in seconds, absent or 0 when that place sets none. */
export interface LimitSources {
  /** The matched rule's, from its legs' and its own `maxDuration` (rules/engine.ts routeLimitSeconds). */
  readonly rule?: number | undefined;
  /** The subscriber's `--max-duration`. */
  readonly subscriber?: number | undefined;
  /** `limits.maxCallSeconds`. */
  readonly default?: number | undefined;
}

/** The smallest limit that applies, seconds; undefined when none does (the call is not limited). */
export function callLimitSeconds(s: LimitSources): number | undefined {
  const set = [s.rule, s.subscriber, s.default].filter((v): v is number => v !== undefined && v > 0);
  return set.length ? Math.min(...set) : undefined;
}
