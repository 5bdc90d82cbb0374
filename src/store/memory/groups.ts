// Ring groups in process (store/groups.ts): the same lookups and positions as the Redis store, so
// the contract test holds both to one behaviour.
import type { GroupCall, RingGroup } from '../../rules/groups/index.js';
import type { GroupPutResult, GroupStore } from '../groups.js';

export class MemoryGroupStore implements GroupStore {
  private readonly groups = new Map<string, RingGroup>();
  private readonly numbers = new Map<string, string>();
  private readonly positions = new Map<string, number>();

  async get(name: string): Promise<RingGroup | undefined> {
    return this.groups.get(name);
  }

  async list(): Promise<RingGroup[]> {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async put(...groups: readonly RingGroup[]): Promise<GroupPutResult> {
    const batch = new Map(groups.map((g) => [g.name, g.number]));
    for (const g of groups) {
      const owner = g.number !== undefined ? this.numbers.get(g.number) : undefined;
      if (owner !== undefined && owner !== g.name && (!batch.has(owner) || batch.get(owner) === g.number)) return { ok: false, group: g.name, numberTakenBy: owner };
    }
    for (const g of groups) {
      const old = this.groups.get(g.name)?.number;
      if (old !== undefined && old !== g.number && this.numbers.get(old) === g.name) this.numbers.delete(old);
      this.groups.set(g.name, g);
      if (g.number !== undefined) this.numbers.set(g.number, g.name);
    }
    return { ok: true };
  }

  async delete(name: string): Promise<boolean> {
    const old = this.groups.get(name);
    if (!old) return false;
    if (old.number !== undefined && this.numbers.get(old.number) === name) this.numbers.delete(old.number);
    this.groups.delete(name);
    this.positions.delete(name);
    return true;
  }

  async forCall(ref: string): Promise<GroupCall | undefined> {
    return this.read(ref, true);
  }

  async peek(ref: string): Promise<GroupCall | undefined> {
    return this.read(ref, false);
  }

  private read(ref: string, take: boolean): GroupCall | undefined {
    const name = this.groups.has(ref) ? ref : this.numbers.get(ref);
    const group = name !== undefined ? this.groups.get(name) : undefined;
    if (!group) return undefined;
    if (group.strategy !== 'round-robin') return { group, position: 0 };
    const position = this.positions.get(group.name) ?? 0;
    if (take) this.positions.set(group.name, position + 1);
    return { group, position };
  }
}
