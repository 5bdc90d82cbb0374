// What an LCR table holds (README → Least-cost routing): per dialled-number prefix, the carriers
// that may take the call, with the order an operator of Kamailio drouting or FreeSWITCH mod_lcr
// expects — lower priority first, then the cheaper rate — an optional time window, and how the
// carrier wants the number written. Plain data: the store keeps it, selection (select.ts) reads it.

export interface LcrEntry {
  /** Dialled-number prefix the entry applies to: digits, optionally a leading +. */
  readonly prefix: string;
  /** FireBrick carrier name, without "@" (spec §4.2). */
  readonly carrier: string;
  /** Lower is tried first. */
  readonly priority: number;
  /** Cost per minute in the operator's own unit; within a priority the cheaper goes first. */
  readonly rate: number;
  /** When the entry may be used, e.g. "mon-fri 08:00-18:00 Europe/London" (window.ts); absent: always. */
  readonly window?: string;
  /** Leading digits removed from the number before the carrier gets it. */
  readonly strip?: number;
  /** Digits put in front of the number (after `strip`). */
  readonly prepend?: string;
}

/** Entries of one prefix, in table (file) order: the stable tie-break of equal priority and rate. */
export interface LcrPrefixEntries {
  readonly prefix: string;
  readonly entries: readonly LcrEntry[];
}

/** Digits, optionally a leading +: what a dialled number and a prefix look like. */
export const LCR_NUMBER = /^\+?[0-9]+$/;

/** An LCR table's name: part of its Redis key, so no braces, spaces or colons. */
export const LCR_TABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The longest prefix a table may hold, and so the most prefixes of a number one read asks about. */
export const LCR_MAX_PREFIX_LENGTH = 32;

/** Every prefix of a number a table could hold, longest first (what one read asks the store for). */
export function prefixesOf(number: string): string[] {
  const out: string[] = [];
  for (let n = Math.min(number.length, LCR_MAX_PREFIX_LENGTH); n >= 1; n--) {
    const p = number.slice(0, n);
    if (p !== '+') out.push(p);
  }
  return out;
}

/** The number as the entry's carrier wants it dialled. */
export function rewriteNumber(entry: LcrEntry, number: string): string {
  return (entry.prepend ?? '') + number.slice(entry.strip ?? 0);
}
