// Fraud thresholds and what a subject's counters say against them. Pure: the guard reads the
// counters in one batch (store/fraud.ts) and asks this module; no I/O here.
//
// A level is reached when what the subject has already used, before this call, is at or over it:
// `block: 5` calls per minute lets 5 calls through in a minute and refuses the 6th; `block: 60`
// minutes per hour refuses new calls once 60 connected minutes were used; `block: 3` short calls
// refuses the call after 3 consecutive short ones. A call that is refused is not counted.

export const FRAUD_METRICS = ['callsPerMinute', 'concurrent', 'minutesPerHour', 'minutesPerDay', 'shortCalls'] as const;
export type FraudMetric = (typeof FRAUD_METRICS)[number];

/** Who a threshold counts: the authenticated subscriber, a local phone's CUI, the SIP source address (NAS-IP-Address). */
export const SUBJECT_KINDS = ['subscriber', 'cui', 'source'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type FraudLevel = 'warn' | 'block';

export interface Levels {
  readonly warn?: number | undefined;
  readonly block?: number | undefined;
}

export type MetricThresholds = Partial<Record<FraudMetric, Levels>>;
/** class → subject kind → metric → levels (`fraud.thresholds` in the configuration). */
export type FraudThresholds = Readonly<Record<string, Partial<Record<SubjectKind, MetricThresholds>>>>;

/** What one subject has used in one destination class, as the store counts it. */
export interface FraudCounts {
  /** Calls authorised in the last 60 s. */
  readonly calls: number;
  /** Calls authorised and not yet ended (nor stale: accounting.staleLegHours). */
  readonly concurrent: number;
  /** Connected seconds of calls ended in about the last hour, and day (store/fraud.ts says how exactly). */
  readonly secondsHour: number;
  readonly secondsDay: number;
  /** Answered calls shorter than fraud.shortCallSeconds in a row. */
  readonly shortCalls: number;
}

export const NO_COUNTS: FraudCounts = { calls: 0, concurrent: 0, secondsHour: 0, secondsDay: 0, shortCalls: 0 };

/** Window of each metric, ms: how long a warning stands before the same crossing may warn again. */
export const METRIC_WINDOW_MS: Readonly<Record<FraudMetric, number>> = {
  callsPerMinute: 60_000,
  concurrent: 60_000,
  minutesPerHour: 3_600_000,
  minutesPerDay: 86_400_000,
  shortCalls: 3_600_000,
};

export function metricValue(metric: FraudMetric, c: FraudCounts): number {
  switch (metric) {
    case 'callsPerMinute':
      return c.calls;
    case 'concurrent':
      return c.concurrent;
    case 'minutesPerHour':
      return c.secondsHour / 60;
    case 'minutesPerDay':
      return c.secondsDay / 60;
    case 'shortCalls':
      return c.shortCalls;
  }
}

export interface Breach {
  readonly metric: FraudMetric;
  readonly level: FraudLevel;
  readonly value: number;
  readonly limit: number;
}

/** The highest level each metric reached, block before warn. */
export function breachesOf(thresholds: MetricThresholds, counts: FraudCounts): Breach[] {
  const found: Breach[] = [];
  for (const metric of FRAUD_METRICS) {
    const levels = thresholds[metric];
    if (!levels) continue;
    const value = metricValue(metric, counts);
    if (levels.block !== undefined && value >= levels.block) found.push({ metric, level: 'block', value, limit: levels.block });
    else if (levels.warn !== undefined && value >= levels.warn) found.push({ metric, level: 'warn', value, limit: levels.warn });
  }
  return found.sort((a, b) => (a.level === b.level ? 0 : a.level === 'block' ? -1 : 1));
}

/** Words for a metric in log lines and alerts. */
export const METRIC_WORDS: Readonly<Record<FraudMetric, string>> = {
  callsPerMinute: 'calls per minute',
  concurrent: 'concurrent calls',
  minutesPerHour: 'minutes per hour',
  minutesPerDay: 'minutes per day',
  shortCalls: 'consecutive short calls',
};
