import { callerIdentity, type CallSource, type RoutingFacts } from '../rules/index.js';
import type { Store } from '../store/index.js';

/** The rule engine's view of live state, served by the store. */
export function storeFacts(store: Store): RoutingFacts {
  return {
    isRegistered: (number) => store.registrations.isRegistered(number),
    lookup: (key) => store.lookup(key),
    activeCalls: (identity) => store.calls.activeCount(identity),
    isFaxDid: async (number) => (await store.fax.did(number))?.enabled === true,
  };
}

/** Every identity a caller's legs count against: the subscriber, and the CUI of a local phone. */
export function callerIdentities(source: CallSource): string[] {
  const ids = new Set<string>();
  const main = callerIdentity(source);
  if (main) ids.add(main);
  if (source.kind === 'local-phone') ids.add(`cui:${source.cui}`);
  return [...ids];
}
