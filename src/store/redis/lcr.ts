// LCR tables on Redis: one hash per table, versions switched by one script (store/lcr.ts, lcr-lua.ts).
import { randomBytes } from 'node:crypto';
import { ReplyError } from 'ioredis';
import { LCR_TABLE_NAME, prefixesOf, type LcrEntry, type LcrPrefixEntries } from '../../rules/lcr/index.js';
import type { Keys } from '../keys.js';
import { groupByPrefix, LcrImportRaceError, tableInfo, type LcrStore, type LcrTable, type LcrTableInfo } from '../lcr.js';
import { scanKeys, type RedisClient } from './connection.js';
import { LCR_ENTRIES, LCR_SWITCH } from './lcr-lua.js';

type LcrRedis = RedisClient & {
  firebridgeLcrEntries(table: string, ...prefixes: string[]): Promise<Array<string | null> | null>;
  firebridgeLcrSwitch(table: string, version: string, fields: number): Promise<number>;
};

/** Fields written per HSET of an import: big tables go in several commands, none of them huge. */
const WRITE_CHUNK = 1000;

type StoredEntry = Omit<LcrEntry, 'prefix'>;

function encodeEntries(entries: readonly LcrEntry[]): string {
  return JSON.stringify(entries.map(({ prefix: _p, ...rest }): StoredEntry => rest));
}

function decodeEntries(prefix: string, json: string): LcrEntry[] {
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value
      .filter((e): e is StoredEntry => typeof e?.carrier === 'string' && typeof e?.priority === 'number' && typeof e?.rate === 'number')
      .map((e) => ({ prefix, ...e }));
  } catch {
    return [];
  }
}

function decodeInfo(name: string, json: string | undefined): LcrTableInfo | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as Partial<LcrTableInfo>;
    return { name, entries: v.entries ?? 0, prefixes: v.prefixes ?? 0, importedAt: v.importedAt ?? 0, ...(v.source !== undefined ? { source: v.source } : {}) };
  } catch {
    return undefined;
  }
}

export class RedisLcrStore implements LcrStore {
  private readonly redis: LcrRedis;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('firebridgeLcrEntries', { numberOfKeys: 1, lua: LCR_ENTRIES });
    redis.defineCommand('firebridgeLcrSwitch', { numberOfKeys: 1, lua: LCR_SWITCH });
    this.redis = redis as LcrRedis;
  }

  async entries(table: string, number: string): Promise<LcrPrefixEntries[] | undefined> {
    const prefixes = prefixesOf(number);
    const values = await this.redis.firebridgeLcrEntries(this.keys.lcrTable(table), ...prefixes);
    if (values === null) return undefined;
    return prefixes.flatMap((prefix, i) => {
      const json = values[i];
      return json ? [{ prefix, entries: decodeEntries(prefix, json) }] : [];
    });
  }

  async replace(table: string, entries: readonly LcrEntry[], source?: string): Promise<LcrTableInfo> {
    const key = this.keys.lcrTable(table);
    const info = tableInfo(table, entries, this.now(), source);
    const version = `${info.importedAt.toString(36)}.${randomBytes(4).toString('hex')}`;
    const fields: string[] = [];
    for (const [prefix, list] of groupByPrefix(entries)) fields.push(`${version}:p:${prefix}`, encodeEntries(list));
    const { name: _n, ...meta } = info;
    fields.push(`${version}:meta`, JSON.stringify(meta));
    for (let i = 0; i < fields.length; i += 2 * WRITE_CHUNK) await this.redis.hset(key, ...fields.slice(i, i + 2 * WRITE_CHUNK));
    try {
      await this.redis.firebridgeLcrSwitch(key, version, fields.length / 2);
    } catch (err) {
      if (err instanceof ReplyError && (err as Error).message.startsWith('LCRRACE')) throw new LcrImportRaceError(table);
      throw err;
    }
    return info;
  }

  async table(name: string): Promise<LcrTable | undefined> {
    const all = await this.redis.hgetall(this.keys.lcrTable(name));
    const version = all.current;
    const info = version ? decodeInfo(name, all[`${version}:meta`]) : undefined;
    if (!version || !info) return undefined;
    const mine = `${version}:p:`;
    const entries = Object.entries(all)
      .filter(([f]) => f.startsWith(mine))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([f, json]) => decodeEntries(f.slice(mine.length), json));
    return { info, entries };
  }

  async list(): Promise<LcrTableInfo[]> {
    const names = (await scanKeys(this.redis, this.keys.lcrTablePattern()))
      .map((k) => this.keys.lcrTableName(k))
      .filter((n): n is string => n !== undefined && LCR_TABLE_NAME.test(n));
    const infos = await Promise.all(
      names.map(async (name) => {
        const key = this.keys.lcrTable(name);
        const version = await this.redis.hget(key, 'current');
        return version ? decodeInfo(name, (await this.redis.hget(key, `${version}:meta`)) ?? undefined) : undefined;
      }),
    );
    return infos.filter((i): i is LcrTableInfo => i !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  async delete(name: string): Promise<boolean> {
    return (await this.redis.del(this.keys.lcrTable(name))) > 0;
  }
}
