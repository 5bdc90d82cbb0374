// LCR tables in process (store/lcr.ts): a table is replaced by swapping one map, as atomic for
// readers as the Redis store's version switch.
import { prefixesOf, type LcrEntry, type LcrPrefixEntries } from '../../rules/lcr/index.js';
import { groupByPrefix, tableInfo, type LcrStore, type LcrTable, type LcrTableInfo } from '../lcr.js';

interface Held {
  readonly info: LcrTableInfo;
  readonly entries: readonly LcrEntry[];
  readonly byPrefix: ReadonlyMap<string, readonly LcrEntry[]>;
}

export class MemoryLcrStore implements LcrStore {
  private readonly tables = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  async entries(table: string, number: string): Promise<LcrPrefixEntries[] | undefined> {
    const held = this.tables.get(table);
    if (!held) return undefined;
    return prefixesOf(number).flatMap((prefix) => {
      const entries = held.byPrefix.get(prefix);
      return entries ? [{ prefix, entries }] : [];
    });
  }

  async replace(table: string, entries: readonly LcrEntry[], source?: string): Promise<LcrTableInfo> {
    const info = tableInfo(table, entries, this.now(), source);
    this.tables.set(table, { info, entries: [...entries], byPrefix: groupByPrefix(entries) });
    return info;
  }

  async table(name: string): Promise<LcrTable | undefined> {
    const held = this.tables.get(name);
    return held && { info: held.info, entries: held.entries };
  }

  async list(): Promise<LcrTableInfo[]> {
    return [...this.tables.values()].map((t) => t.info).sort((a, b) => a.name.localeCompare(b.name));
  }

  async delete(name: string): Promise<boolean> {
    return this.tables.delete(name);
  }
}
