// Time-of-week conditions ("mon-fri 08:30-17:30 in Europe/London, not on holidays"). The wall clock
// of the zone comes from Intl, which carries the tz database: DST switches need no code here.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface TimeConditionSpec {
  /** IANA zone such as "Europe/London"; default "UTC". */
  readonly zone?: string | undefined;
  /** Weekdays ("mon") and ranges ("mon-fri"; "fri-mon" wraps over the weekend). */
  readonly days?: readonly string[] | undefined;
  /** "HH:MM-HH:MM", start included, end excluded; "22:00-06:00" wraps past midnight, "24:00" may end. */
  readonly between?: string | undefined;
  /** Local calendar dates "YYYY-MM-DD", e.g. public holidays. */
  readonly dates?: readonly string[] | undefined;
}

/**
 * True when `at` is inside the window: every given field must hold (days AND between AND dates);
 * an empty spec is always true. The after-midnight part of a wrapping window belongs to the day it
 * started on: with days [fri] and between 22:00-06:00, Saturday 03:00 is inside and Friday 03:00 is
 * not; `dates` follows the same rule. Wall-clock minutes that DST skips never match; minutes it
 * repeats match both times. An invalid Date is never inside.
 */
export type TimeMatcher = (at: Date) => boolean;

export type TimeConditionResult = { readonly ok: true; readonly matcher: TimeMatcher } | { readonly ok: false; readonly error: string };

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// Intl "short" weekdays in en-US, mapped to the index in WEEKDAYS.
const INTL_WEEKDAY: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const MINUTES_PER_DAY = 24 * 60;

// Formatters are costly to build and immutable, so one per zone serves every condition using it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (f) return f;
  try {
    // A fixed locale and hour cycle keep the parts parseable whatever the host's locale is; "h23"
    // avoids the "24" some ICU versions print for midnight with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  formatters.set(zone, f);
  return f;
}

interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  /** The local date as YYYYMMDD, comparable with parsed `dates`. */
  date: number;
}

function localTime(f: Intl.DateTimeFormat, at: Date): LocalTime | undefined {
  if (Number.isNaN(at.getTime())) return undefined;
  let weekday = 0;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(at)) {
    switch (p.type) {
      case 'weekday':
        weekday = INTL_WEEKDAY[p.value] ?? 0;
        break;
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value) % 24;
        break;
      case 'minute':
        minute = Number(p.value);
        break;
    }
  }
  return { weekday, minute: hour * 60 + minute, date: year * 10000 + month * 100 + day };
}

/** The calendar day before a YYYYMMDD date (pure calendar arithmetic, no zone involved). */
function previousDate(date: number): number {
  const d = new Date(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, (date % 100) - 1));
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

export function compileTimeCondition(spec: TimeConditionSpec): TimeConditionResult {
  const zone = spec.zone ?? 'UTC';
  const f = formatterFor(zone);
  if (!f) return { ok: false, error: `unknown time zone "${zone}" (use an IANA name such as Europe/London)` };

  let dayMask: number | undefined;
  if (spec.days !== undefined) {
    const d = parseDays(spec.days);
    if (typeof d === 'string') return { ok: false, error: d };
    dayMask = d;
  }
  let window: { start: number; end: number } | undefined;
  if (spec.between !== undefined) {
    const w = parseBetween(spec.between);
    if (typeof w === 'string') return { ok: false, error: w };
    window = w;
  }
  let dates: Set<number> | undefined;
  if (spec.dates !== undefined) {
    const d = parseDates(spec.dates);
    if (typeof d === 'string') return { ok: false, error: d };
    dates = d;
  }

  return {
    ok: true,
    matcher: (at) => {
      const t = localTime(f, at);
      if (!t) return false;
      let { weekday, date } = t;
      if (window) {
        const m = t.minute;
        if (window.start < window.end) {
          if (m < window.start || m >= window.end) return false;
        } else if (m < window.end) {
          // Early-morning tail of a window that opened the evening before: judge by that day.
          weekday = (weekday + 6) % 7;
          if (dates) date = previousDate(date);
        } else if (m < window.start) return false;
      }
      if (dayMask !== undefined && (dayMask & (1 << weekday)) === 0) return false;
      if (dates && !dates.has(date)) return false;
      return true;
    },
  };
}

/** A bit per weekday (bit 0 = Monday), or an error message. */
function parseDays(days: readonly string[]): number | string {
  if (!Array.isArray(days) || days.length === 0) return 'days must list at least one weekday or range like "mon-fri"';
  let mask = 0;
  for (const entry of days) {
    const m = typeof entry === 'string' ? /^([a-z]{3})(?:-([a-z]{3}))?$/.exec(entry.trim().toLowerCase()) : null;
    const from = m ? WEEKDAYS.indexOf(m[1] as Weekday) : -1;
    const to = m ? (m[2] === undefined ? from : WEEKDAYS.indexOf(m[2] as Weekday)) : -1;
    if (from < 0 || to < 0) return `days: ${JSON.stringify(entry)} is not a weekday (mon … sun) or a range like "mon-fri"`;
    // Ranges may wrap: "fri-mon" is fri, sat, sun, mon.
    for (let d = from; ; d = (d + 1) % 7) {
      mask |= 1 << d;
      if (d === to) break;
    }
  }
  return mask;
}

function parseBetween(between: string): { start: number; end: number } | string {
  const m = typeof between === 'string' ? /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(between.trim()) : null;
  if (!m) return `between: ${JSON.stringify(between)} is not a window like "08:30-17:30"`;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return `between: ${m[1]}:${m[2]} is not a time of day (00:00 … 23:59)`;
  // 24:00 is allowed as an end only, so "18:00-24:00" can say "until midnight".
  if (end > MINUTES_PER_DAY || Number(m[4]) > 59) return `between: ${m[3]}:${m[4]} is not a time of day (00:00 … 24:00)`;
  if (start === end) return `between: "${between}" starts and ends at the same time; use "00:00-24:00" for the whole day`;
  return { start, end };
}

/** The dates as YYYYMMDD numbers, or an error message. */
function parseDates(dates: readonly string[]): Set<number> | string {
  if (!Array.isArray(dates) || dates.length === 0) return 'dates must list at least one date like "2026-12-25"';
  const out = new Set<number>();
  for (const entry of dates) {
    const m = typeof entry === 'string' ? /^(\d{4})-(\d\d)-(\d\d)$/.exec(entry.trim()) : null;
    if (!m) return `dates: ${JSON.stringify(entry)} is not a date like "2026-12-25"`;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Round-trip through Date.UTC to refuse 2026-02-30 and friends instead of silently rolling over.
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
      return `dates: ${entry} is not a calendar date`;
    }
    out.add(y * 10000 + mo * 100 + d);
  }
  return out;
}
