// Ring groups on Redis (store/groups.ts): every key under the {groups} hash tag, each operation one
// script (redis/groups-lua.ts), so a call's group and its round-robin position are one round trip.
import type { GroupCall, RingGroup } from '../../rules/groups/index.js';
import { decodeGroup, encodeGroup } from '../group-codec.js';
import type { GroupPutResult, GroupStore } from '../groups.js';
import type { Keys } from '../keys.js';
import type { RedisClient } from './connection.js';
import { DELETE, FOR_CALL, PUT } from './groups-lua.js';

type GroupRedis = RedisClient & {
  firebridgeGroupForCall(defs: string, numbers: string, positions: string, ref: string, take: string): Promise<[string, number] | null>;
  firebridgeGroupPut(defs: string, numbers: string, positions: string, ...triples: string[]): Promise<string>;
  firebridgeGroupDelete(defs: string, numbers: string, positions: string, name: string): Promise<number>;
};

export class RedisGroupStore implements GroupStore {
  private readonly redis: GroupRedis;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
  ) {
    redis.defineCommand('firebridgeGroupForCall', { numberOfKeys: 3, lua: FOR_CALL });
    redis.defineCommand('firebridgeGroupPut', { numberOfKeys: 3, lua: PUT });
    redis.defineCommand('firebridgeGroupDelete', { numberOfKeys: 3, lua: DELETE });
    this.redis = redis as GroupRedis;
  }

  private get three(): [string, string, string] {
    return [this.keys.groups(), this.keys.groupNumbers(), this.keys.groupPositions()];
  }

  async get(name: string): Promise<RingGroup | undefined> {
    return decodeGroup(await this.redis.hget(this.keys.groups(), name));
  }

  async list(): Promise<RingGroup[]> {
    const all = await this.redis.hvals(this.keys.groups());
    return all
      .map(decodeGroup)
      .filter((g): g is RingGroup => g !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async put(...groups: readonly RingGroup[]): Promise<GroupPutResult> {
    if (groups.length === 0) return { ok: true };
    const refused = await this.redis.firebridgeGroupPut(...this.three, ...groups.flatMap((g) => [g.name, encodeGroup(g), g.number ?? '']));
    if (refused === '') return { ok: true };
    const [group = '', numberTakenBy = ''] = refused.split('\t');
    return { ok: false, group, numberTakenBy };
  }

  async delete(name: string): Promise<boolean> {
    return (await this.redis.firebridgeGroupDelete(...this.three, name)) === 1;
  }

  forCall(ref: string): Promise<GroupCall | undefined> {
    return this.read(ref, '1');
  }

  peek(ref: string): Promise<GroupCall | undefined> {
    return this.read(ref, '0');
  }

  private async read(ref: string, take: string): Promise<GroupCall | undefined> {
    const reply = await this.redis.firebridgeGroupForCall(...this.three, ref, take);
    const group = decodeGroup(reply?.[0]);
    return group ? { group, position: Number(reply![1]) } : undefined;
  }
}
