// Least-cost routing tables (README → Least-cost routing): named sets of entries (rules/lcr/entry.ts)
// that the rule leg `lcr: TABLE` reads per call and `firebridge lcr import` replaces whole. Two
// implementations (redis/lcr.ts, memory/lcr.ts) keep them alike; the contract test runs on both.
//
// On Redis a table is one hash, so a call's read is one command (one round trip): `current` names
// the table's version, `<version>:p:<prefix>` holds the JSON of that prefix's entries and
// `<version>:meta` what the table is. An import writes a new version's fields beside the old, then
// one script switches `current` and drops every other version: a call sees the old table or the
// new, never half of one.
import type { LcrEntry, LcrPrefixEntries } from '../rules/lcr/index.js';

export interface LcrTableInfo {
  readonly name: string;
  readonly entries: number;
  readonly prefixes: number;
  /** When it was imported, ms. */
  readonly importedAt: number;
  /** The file it was imported from, as given. */
  readonly source?: string;
}

export interface LcrTable {
  readonly info: LcrTableInfo;
  /** Every entry, in table order. */
  readonly entries: readonly LcrEntry[];
}

export interface LcrStore {
  /** The entries of every prefix of `number` the table holds, longest first; undefined: no such table. One round trip. */
  entries(table: string, number: string): Promise<LcrPrefixEntries[] | undefined>;
  /** Creates or replaces the table with these entries, atomically for readers. */
  replace(table: string, entries: readonly LcrEntry[], source?: string): Promise<LcrTableInfo>;
  table(name: string): Promise<LcrTable | undefined>;
  list(): Promise<LcrTableInfo[]>;
  /** True when there was such a table. */
  delete(name: string): Promise<boolean>;
}

/** Another import of the same table switched it while this one was writing; nothing of this one is in use. */
export class LcrImportRaceError extends Error {
  constructor(table: string) {
    super(`LCR table ${table} was replaced by another import while this one was written; nothing of this import is in use: run it again`);
    this.name = 'LcrImportRaceError';
  }
}

/** Entries by prefix, each prefix's in table order. */
export function groupByPrefix(entries: readonly LcrEntry[]): Map<string, LcrEntry[]> {
  const out = new Map<string, LcrEntry[]>();
  for (const e of entries) {
    const list = out.get(e.prefix);
    if (list) list.push(e);
    else out.set(e.prefix, [e]);
  }
  return out;
}

export function tableInfo(name: string, entries: readonly LcrEntry[], importedAt: number, source: string | undefined): LcrTableInfo {
  return { name, entries: entries.length, prefixes: groupByPrefix(entries).size, importedAt, ...(source !== undefined ? { source } : {}) };
}
