import type { Callee } from './features/callee.js';
import type { FraudCounts } from './fraud/thresholds.js';

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
  /** The subscriber whose number this is, with its call features (one read of the number index). */
  callee(number: string): Promise<Callee | undefined>;
}

export type FactRequest =
  | { readonly kind: 'registered'; readonly number: string }
  | { readonly kind: 'lookup'; readonly key: string }
  | { readonly kind: 'active-calls'; readonly identity: string }
  | { readonly kind: 'fax-did'; readonly number: string }
  | { readonly kind: 'fraud-counts'; readonly subject: string; readonly cls: string }
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
        case 'callee':
          return facts.callee(r.number);
      }
    }),
  );
  return new Map(entries.map(([k], i) => [k, values[i]]));
}
