// The time window of an LCR entry, written in one CSV cell: weekdays ("mon-fri", "sat,sun"), a
// "HH:MM-HH:MM" span and an IANA zone, in any order and each optional — "mon-fri 08:00-18:00
// Europe/London". The meaning is that of a rule's `match.time` (match/time-window.ts): the same
// weekday ranges, wrapping spans and zone handling, default zone UTC.
import { compileTimeCondition, type TimeMatcher } from '../match/index.js';

export type LcrWindowResult = { readonly ok: true; readonly inside: TimeMatcher } | { readonly ok: false; readonly error: string };

const SPAN = /^\d\d:\d\d-\d\d:\d\d$/;
const DAYS = /^[a-z]{3}(-[a-z]{3})?(,[a-z]{3}(-[a-z]{3})?)*$/i;

export function parseLcrWindow(text: string): LcrWindowResult {
  let between: string | undefined;
  let days: string[] | undefined;
  let zone: string | undefined;
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, error: 'is empty' };
  for (const t of tokens) {
    if (SPAN.test(t)) {
      if (between !== undefined) return { ok: false, error: `has two time spans ("${between}", "${t}")` };
      between = t;
    } else if (DAYS.test(t) && !/^utc$/i.test(t)) {
      if (days !== undefined) return { ok: false, error: `has two lists of days ("${days.join(',')}", "${t}"): join them with commas` };
      days = t.toLowerCase().split(',');
    } else if (t.includes('/') || /^utc$/i.test(t)) {
      if (zone !== undefined) return { ok: false, error: `has two time zones ("${zone}", "${t}")` };
      zone = /^utc$/i.test(t) ? 'UTC' : t;
    } else {
      return { ok: false, error: `has "${t}", which is no weekday list ("mon-fri", "sat,sun"), time span ("08:00-18:00") or time zone ("Europe/London")` };
    }
  }
  const compiled = compileTimeCondition({ zone, days, between });
  return compiled.ok ? { ok: true, inside: compiled.matcher } : { ok: false, error: compiled.error };
}

// Tables are read per call and their windows are few distinct strings: compile each once.
const compiled = new Map<string, LcrWindowResult>();
const MAX_CACHED = 1000;

/** parseLcrWindow, remembered per text. */
export function lcrWindow(text: string): LcrWindowResult {
  let w = compiled.get(text);
  if (!w) {
    w = parseLcrWindow(text);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(text, w);
  }
  return w;
}
