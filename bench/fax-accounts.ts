// The FaxBack workload's accounts and DIDs, derived from their index like the subscribers
// (subscribers.ts), so the seeder and the load generator agree without sharing files.
import { Redis } from 'ioredis';
import { redisStore, type Store } from '../src/store/index.js';
import { ACCOUNT_DEFAULTS, type FaxAccount } from '../src/faxback/index.js';
import { forEachInFlight } from './in-flight.js';

export const FAX_ACCOUNTS = 1_000;
/** The bench's port server: a second loopback address, so the generator is a FaxBack client there. */
export const FAX_CLIENT_ADDRESS = '127.0.0.2';

export function faxAccountName(index: number): string {
  return `fax${String(index).padStart(4, '0')}`;
}

export function faxDid(index: number): string {
  return `5550${String(index).padStart(6, '0')}`;
}

function account(index: number): FaxAccount {
  return {
    name: faxAccountName(index),
    uuid: index.toString(16).padStart(32, '0'),
    ...ACCOUNT_DEFAULTS,
    customer: `Customer ${index}`,
    cdrInfo: `bench-${index}`,
    modifiedAt: 1_700_000_000,
  };
}

/** Writes the fax accounts and one DID each through the fax store, as `firebridge fax` would. */
export async function writeFaxAccounts(store: Store): Promise<void> {
  await forEachInFlight(FAX_ACCOUNTS, 256, async (i) => {
    await store.fax.putAccount(account(i));
    await store.fax.putDid({ did: faxDid(i), account: faxAccountName(i), enabled: true });
  });
}

export async function seedFaxAccounts(url: string): Promise<void> {
  const store = redisStore(new Redis(url, { enableAutoPipelining: true }), 'fb:');
  try {
    await writeFaxAccounts(store);
  } finally {
    await store.close();
  }
}
