import { scanKeys, type RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import { byName, tokenFromHash, tokenToHash, type ApiTokenRecord, type TokenStore } from '../tokens.js';

export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async put(token: ApiTokenRecord): Promise<void> {
    await this.redis.hset(this.keys.apiToken(token.id), tokenToHash(token));
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    return tokenFromHash(await this.redis.hgetall(this.keys.apiToken(id)));
  }

  async list(): Promise<ApiTokenRecord[]> {
    const keys = await scanKeys(this.redis, this.keys.apiTokenPattern());
    const found = await Promise.all(keys.map(async (k) => tokenFromHash(await this.redis.hgetall(k))));
    return found.filter((t): t is ApiTokenRecord => t !== undefined).sort(byName);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.redis.del(this.keys.apiToken(id))) > 0;
  }
}
