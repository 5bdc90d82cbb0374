// Which entries of an LCR table route a number now, in the order the FireBrick should try them —
// pure, so the rule leg (expander.ts), `firebridge lcr show` and the tests agree. As in Kamailio
// drouting: the longest prefix of the number with an entry usable now wins (a longer prefix whose
// every entry is outside its window gives way to a shorter one); within it lower priority first,
// then the cheaper rate, then table order.
import type { ExpandedLeg } from '../compiled.js';
import { FALLBACK_DELAY_SECONDS } from '../fallback.js';
import { rewriteNumber, type LcrEntry, type LcrPrefixEntries } from './entry.js';
import { lcrWindow } from './window.js';

/** Most legs one LCR leg expands to: a route list is one Access-Accept (spec §4.2). */
export const MAX_LCR_LEGS = 20;

export interface LcrSkip {
  readonly entry: LcrEntry;
  readonly why: string;
}

export interface LcrSelection {
  /** The prefix whose entries route the call; undefined when no prefix of the number has one usable now. */
  readonly prefix: string | undefined;
  /** Best first. */
  readonly chosen: readonly LcrEntry[];
  /** Entries passed over, with why: those of longer prefixes tried first, then the chosen prefix's own. */
  readonly skipped: readonly LcrSkip[];
}

export function byPriorityThenRate(entries: readonly LcrEntry[]): LcrEntry[] {
  // Array.prototype.sort is stable: equal priority and rate keep table order.
  return [...entries].sort((a, b) => a.priority - b.priority || a.rate - b.rate);
}

/** `number@carrier` as the leg will be sent, or `@carrier` when the carrier dials the number as dialled. */
export function entryTarget(entry: LcrEntry, number: string, called: string | undefined): ExpandedLeg['target'] {
  const dial = rewriteNumber(entry, number);
  return dial === called ? { kind: 'carrier', carrier: entry.carrier } : { kind: 'carrier', carrier: entry.carrier, number: dial };
}

export function selectLcr(prefixes: readonly LcrPrefixEntries[], at: Date, limit = MAX_LCR_LEGS): LcrSelection {
  const skipped: LcrSkip[] = [];
  const longestFirst = [...prefixes].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { prefix, entries } of longestFirst) {
    const chosen: LcrEntry[] = [];
    const own: LcrSkip[] = [];
    const seen = new Set<string>();
    for (const entry of byPriorityThenRate(entries)) {
      if (entry.window !== undefined) {
        const w = lcrWindow(entry.window);
        if (!w.ok) {
          own.push({ entry, why: `window "${entry.window}" ${w.error}` });
          continue;
        }
        if (!w.inside(at)) {
          own.push({ entry, why: `outside ${entry.window}` });
          continue;
        }
      }
      // One carrier with two usable rows (a day and an evening rate overlapping): the better one only.
      const key = `${entry.carrier}\u0000${entry.strip ?? 0}\u0000${entry.prepend ?? ''}`;
      if (seen.has(key)) {
        own.push({ entry, why: 'same carrier already chosen' });
        continue;
      }
      if (chosen.length >= limit) {
        own.push({ entry, why: `beyond the ${limit} legs one LCR leg places` });
        continue;
      }
      seen.add(key);
      chosen.push(entry);
    }
    if (chosen.length > 0) return { prefix, chosen, skipped: [...skipped, ...own] };
    skipped.push(...own);
  }
  return { prefix: undefined, chosen: [], skipped };
}

/**
 * The legs of a selection: the best entry at once, each later one a fallback (spec §4.2 delay
 * collapse: a leg merely waiting starts as soon as nothing else is alive). The fallbacks' delays
 * rise to FALLBACK_DELAY_SECONDS one second apart, so the collapse starts the nearest one — the
 * next entry — alone, and a second carrier is tried only when the first has failed too; equal
 * delays would start every fallback at once.
 */
export function lcrLegs(chosen: readonly LcrEntry[], number: string, called: string | undefined): ExpandedLeg[] {
  const last = chosen.length - 1;
  return chosen.map((entry, i) => {
    const target = entryTarget(entry, number, called);
    return i === 0 ? { target } : { target, delaySeconds: FALLBACK_DELAY_SECONDS - (last - i) };
  });
}

function formatRate(rate: number): string {
  return String(Math.round(rate * 1e6) / 1e6);
}

export function describeTarget(t: ExpandedLeg['target']): string {
  return t.kind === 'carrier' ? `${t.number ?? ''}@${t.carrier}` : t.kind === 'tel' ? `tel:${t.number}` : t.uri;
}

/** The dry-run note: which prefix and entries chose the legs, and why others were not used. */
export function describeSelection(table: string, number: string, called: string | undefined, s: LcrSelection): string {
  const skips = s.skipped.map((k) => `${describeTarget(entryTarget(k.entry, number, called))} (prefix ${k.entry.prefix}) skipped: ${k.why}`);
  const tail = skips.length ? `; ${skips.join('; ')}` : '';
  if (s.prefix === undefined) {
    return skips.length ? `lcr ${table}: no entry for ${number} usable now${tail}` : `lcr ${table}: no prefix of ${number} has an entry`;
  }
  const chosen = s.chosen.map((e) => `${describeTarget(entryTarget(e, number, called))} (priority ${e.priority}, rate ${formatRate(e.rate)})`);
  return `lcr ${table}: prefix ${s.prefix} → ${chosen.join(', ')}${tail}`;
}
