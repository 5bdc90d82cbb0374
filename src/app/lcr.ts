// Least-cost routing tables as operators see them (README → Least-cost routing), shared by `firebridge
// lcr show|list` and /api/lcr: a table's entries in the order selection tries them, and for a number
// the entries the rule leg `lcr:` would choose at a time, the legs they become, and why others were
// skipped.
import { formatLeg } from '../firebrick/route-plan.js';
import { byPriorityThenRate, describeSelection, lcrLegs, lcrWindow, selectLcr, type LcrEntry } from '../rules/lcr/index.js';
import type { LcrTable, LcrTableInfo, Store } from '../store/index.js';

export function lcrInfo(t: LcrTableInfo) {
  return { table: t.name, entries: t.entries, prefixes: t.prefixes, imported: new Date(t.importedAt).toISOString(), source: t.source };
}

export function lcrEntry(e: LcrEntry) {
  return { prefix: e.prefix, carrier: e.carrier, priority: e.priority, rate: e.rate, window: e.window ?? null, strip: e.strip ?? 0, prepend: e.prepend ?? '' };
}

/** Which entries route `number` at `at` and the legs they become; undefined: no such table. */
export async function lcrChoice(store: Pick<Store, 'lcr'>, table: string, number: string, at: Date) {
  const found = await store.lcr.entries(table, number);
  if (found === undefined) return undefined;
  const selection = selectLcr(found, at);
  const legs = lcrLegs(selection.chosen, number, number);
  return {
    table,
    number,
    at: at.toISOString(),
    prefix: selection.prefix ?? null,
    legs: selection.chosen.map((e, i) => ({ leg: formatLeg(legs[i]!), ...lcrEntry(e) })),
    skipped: selection.skipped.map((k) => ({ ...lcrEntry(k.entry), why: k.why })),
    note: describeSelection(table, number, number, selection),
  };
}

/** Every entry, by prefix, in the order selection tries them, and whether it may be used at `at`. */
export function lcrTableView(held: LcrTable, at: Date) {
  const prefixes = [...new Set(held.entries.map((e) => e.prefix))].sort();
  const entries = prefixes.flatMap((p) =>
    byPriorityThenRate(held.entries.filter((e) => e.prefix === p)).map((e) => {
      const w = e.window === undefined ? undefined : lcrWindow(e.window);
      const now = w === undefined ? 'usable' : !w.ok ? `bad window: ${w.error}` : w.inside(at) ? 'usable' : 'outside window';
      return { ...lcrEntry(e), now };
    }),
  );
  return { ...lcrInfo(held.info), at: at.toISOString(), entries };
}

/** What the audit trail keeps of a table: its size, not its entries. */
export const lcrTableSize = (t: { entries: number; prefixes: number } | undefined): Record<string, number> => (t ? { entries: t.entries, prefixes: t.prefixes } : {});
