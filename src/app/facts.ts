import { NO_COUNTS } from '../rules/fraud/index.js';
import type { RoutingFacts } from '../rules/index.js';
import type { Store } from '../store/index.js';

/**
 * The rule engine's view of live state, served by the store. A dry run (`firebridge route`) only
 * looks at a round-robin group's position: it must not move the rotation of live calls.
 */
export function storeFacts(store: Store, options: { readonly dryRun?: boolean } = {}): RoutingFacts {
  return {
    isRegistered: (number) => store.registrations.isRegistered(number),
    lookup: (key) => store.lookup(key),
    activeCalls: (identity) => store.calls.activeCount(identity),
    isFaxDid: async (number) => (await store.fax.did(number))?.enabled === true,
    callee: (number) => store.subscribers.callee(number),
    fraudCounts: async (subject, cls) => (await store.fraud.standing([{ subject, cls }]))[0]?.counts ?? NO_COUNTS,
    ringGroup: (ref) => (options.dryRun ? store.groups.peek(ref) : store.groups.forCall(ref)),
    lcrEntries: (table, number) => store.lcr.entries(table, number),
  };
}
