import { randomBytes } from 'node:crypto';
import { StoreUnavailableError } from '../unavailable.js';
import type { RedisClient } from './connection.js';

/**
 * A secret every instance on this Redis shares (e.g. the nonce HMAC key): the first instance creates
 * it, the others read it, so a nonce issued by one instance verifies on another (spec §7 pools).
 */
export async function sharedSecret(redis: RedisClient, key: string): Promise<Buffer> {
  await redis.set(key, randomBytes(32).toString('hex'), 'NX');
  const hex = await redis.get(key);
  // Not a defect here but a Redis whose contents cannot serve: as unusable as one that is down.
  if (!hex || !/^[0-9a-f]{64}$/.test(hex)) throw new StoreUnavailableError(`Redis key ${key} does not hold a 32-byte hex secret`);
  return Buffer.from(hex, 'hex');
}
