// Ring groups (README → Ring groups; the model is rules/groups/group.ts), shared by every instance on
// one Redis. Two implementations (redis/groups.ts, memory/groups.ts) keep them alike; the contract
// test runs on both. A group is found by its name or by its number (a rule's `group: "${called}"`);
// no two groups share a number. Reading a group for a call advances a round-robin group's position
// in the same atomic step, so two instances routing calls to it at once never hand out one start.
import type { GroupCall, RingGroup } from '../rules/groups/index.js';

/** Refused: `group`'s number reaches `numberTakenBy`, which keeps it. */
export type GroupPutResult = { readonly ok: true } | { readonly ok: false; readonly group: string; readonly numberTakenBy: string };

export interface GroupStore {
  get(name: string): Promise<RingGroup | undefined>;
  /** Every group, by name. */
  list(): Promise<RingGroup[]>;
  /**
   * Creates or replaces groups, all or none (atomically): refused, writing nothing, when another group
   * keeps a number one of them has. A number that changes hands among them is free to take.
   */
  put(...groups: readonly RingGroup[]): Promise<GroupPutResult>;
  /** Deletes a group, its number and its round-robin position; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** The group named `ref`, else numbered `ref`, for a call: a round-robin position is taken (one round trip). */
  forCall(ref: string): Promise<GroupCall | undefined>;
  /** As forCall, taking nothing: the position the next call would get (dry runs). */
  peek(ref: string): Promise<GroupCall | undefined>;
}
