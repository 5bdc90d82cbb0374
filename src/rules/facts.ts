import type { Callee } from './features/callee.js';
import { NO_COUNTS, type FraudCounts } from './fraud/thresholds.js';
import type { GroupCall } from './groups/group.js';
import type { LcrPrefixEntries } from './lcr/entry.js';

// The live state rules may ask about. The store implements it; the engine asks for everything one
// evaluation needs at once, so with Redis auto-pipelining it costs one round trip.
export interface RoutingFacts {
  isRegistered(number: string): Promise<boolean>;
  /** GET of an operator-maintained key under the key prefix (e.g. a DID table "did:<number>"). */
  lookup(key: string): Promise<string | undefined>;
  /** Active call legs of a caller identity (see callerIdentity). */
  activeCalls(identity: string): Promise<number>;
  /** The number is an enabled DID of a fax account (`firebridge fax did`): one number plan for voice and fax. */
  isFaxDid(number: string): Promise<boolean>;
  /** What a fraud subject ("subscriber:realm:user", "cui:X", "source:addr") has used in a destination class. */
  fraudCounts(subject: string, cls: string): Promise<FraudCounts>;
  /**
   * The ring group named `ref`, else the one whose number is `ref`, for this call: a round-robin
   * group's position is advanced in the same step (store/groups.ts), except in dry runs.
   */
  ringGroup(ref: string): Promise<GroupCall | undefined>;
  /** The entries of an LCR table for every prefix of the number it holds; undefined: no such table. */
  lcrEntries(table: string, number: string): Promise<readonly LcrPrefixEntries[] | undefined>;
  /** The subscriber whose number this is, with its call features (one read of the number index). */
  callee(number: string): Promise<Callee | undefined>;
}

export type FactRequest =
  | { readonly kind: 'registered'; readonly number: string }
  | { readonly kind: 'lookup'; readonly key: string }
  | { readonly kind: 'active-calls'; readonly identity: string }
  | { readonly kind: 'fax-did'; readonly number: string }
  | { readonly kind: 'fraud-counts'; readonly subject: string; readonly cls: string }
  | { readonly kind: 'group'; readonly ref: string }
  | { readonly kind: 'lcr-entries'; readonly table: string; readonly number: string }
  | { readonly kind: 'callee'; readonly number: string };

export function factKey(f: FactRequest): string {
  switch (f.kind) {
    case 'registered':
      return `registered:${f.number}`;
    case 'lookup':
      return `lookup:${f.key}`;
    case 'active-calls':
      return `active-calls:${f.identity}`;
    case 'fax-did':
      return `fax-did:${f.number}`;
    case 'fraud-counts':
      return `fraud-counts:${f.cls}:${f.subject}`;
    case 'group':
      return `group:${f.ref}`;
    case 'lcr-entries':
      return `lcr-entries:${f.table}:${f.number}`;
    case 'callee':
      return `callee:${f.number}`;
  }
}

/** Fact values by factKey; each reader knows its kind's type (facts.ts RoutingFacts). */
export type FactValues = ReadonlyMap<string, unknown>;

/** Fetches every distinct fact concurrently (one pipelined round trip on Redis). */
export async function fetchFacts(facts: RoutingFacts, requests: Iterable<FactRequest>): Promise<FactValues> {
  const unique = new Map<string, FactRequest>();
  for (const r of requests) unique.set(factKey(r), r);
  const entries = [...unique.entries()];
  const values = await Promise.all(
    entries.map(([, r]) => {
      switch (r.kind) {
        case 'registered':
          return facts.isRegistered(r.number);
        case 'lookup':
          return facts.lookup(r.key);
        case 'active-calls':
          return facts.activeCalls(r.identity);
        case 'fax-did':
          return facts.isFaxDid(r.number);
        case 'fraud-counts':
          return facts.fraudCounts(r.subject, r.cls);
        case 'group':
          return facts.ringGroup(r.ref);
        case 'lcr-entries':
          return facts.lcrEntries(r.table, r.number);
        case 'callee':
          return facts.callee(r.number);
      }
    }),
  );
  return new Map(entries.map(([k], i) => [k, values[i]]));
}

/**
 * Live state that knows nothing: no registrations, lookups, active calls, fraud counts, ring groups,
 * LCR tables or callee features. What rules see while the store is down (redis.failurePolicy
 * `static`), and the base that tests override one fact of.
 */
export const NO_ROUTING_FACTS: RoutingFacts = {
  isRegistered: async () => false,
  lookup: async () => undefined,
  activeCalls: async () => 0,
  isFaxDid: async () => false,
  fraudCounts: async () => NO_COUNTS,
  ringGroup: async () => undefined,
  lcrEntries: async () => undefined,
  callee: async () => undefined,
};
