// Many calls of one script as one EVALSHA per event-loop turn. Each datagram's store call was its own
// command: ioredis builds, queues, writes, parses and settles every one, and Redis looks each up and
// runs it on its own. The calls of every datagram handled in one turn now go out as one command
// (about twenty REGISTERs per script call at saturation), and each call still gets its own answer or
// its own error, raised or returned with redis.error_reply: the wrapper runs the script once per
// call, as a function of that call's keys and arguments, under pcall, in the order the calls were
// made. Like any script, one batch runs atomically, so a call sees the writes of those before it.
//
// Every key is still declared, once per batch however many calls name it (KEYS holds the batch's
// distinct keys, and each call names its own by their places in KEYS), so the declared-keys rule holds
// (calls-lua.ts). A Cluster cannot take one script over keys in many slots: there each call is sent
// on its own, as before.
//
// The calls' key places and arguments go as one JSON argument, and the answers come back as one JSON
// string. ioredis's work grows with the arguments of a command (flattening, a length and a copy for
// each on the way out, a string for each bulk reply on the way in): with a dozen arguments per call
// and twenty calls per batch it was about a sixth of a saturated accounting server's CPU (bench/). The
// native JSON.stringify and JSON.parse here, and cjson in Redis, do the same work in one pass each.
import { Cluster, ReplyError } from 'ioredis';
import { defineVariadicScript, type RedisClient } from './connection.js';

/**
 * An argument: a string or a number, as for any script, or a JSON value (a record), which a script
 * reads with `argument(ARGV[i])`. Batched, the value goes inside the batch's JSON and reaches the
 * script as a table, written and read once; on its own (a Cluster) it goes as its JSON text.
 */
export type Arg = string | number | JsonRecord;
export type JsonRecord = { readonly [field: string]: unknown };

/** For a script body: ARGV[i] as a table, whether it came batched (a table) or on its own (JSON text). */
export const LUA_JSON_ARGUMENT = `local function argument(v) if type(v) == 'table' then return v end return cjson.decode(v) end`;

type Waiter = { resolve(value: unknown): void; reject(err: unknown): void };

/** A batch this large goes at once: one script call must not hold Redis for long. */
const MAX_CALLS = 256;

/**
 * The script `body` as a function of (KEYS, ARGV), run for each call in ARGV[1]: a JSON list of
 * [key places, arguments]. Each answer is turned into JSON as Redis would have turned it into a reply
 * (Redis: "Conversion between Lua and Redis data types"): a number truncated to an integer, true as 1,
 * false and nil as null, a table as the list up to its first nil, {ok = s} as s, {err = s} as the
 * call's error (inside a list, as an error in its place). cjson keeps 14 significant digits, so a
 * larger integer goes as {"$n": "digits"}.
 */
function batchedScript(body: string): string {
  return `
local function body(KEYS, ARGV)
${body}
end
local function reply(v)
  local t = type(v)
  if t == 'number' then
    v = v >= 0 and math.floor(v) or math.ceil(v)
    if v >= 1e14 or v <= -1e14 then return {['$n'] = string.format('%.0f', v)} end
    return v
  elseif t == 'boolean' then
    return v and 1 or cjson.null
  elseif t == 'table' then
    if v.err then return {['$err'] = v.err} end
    if v.ok then return v.ok end
    local list = {}
    local i = 1
    while v[i] ~= nil do list[i] = reply(v[i]); i = i + 1 end
    return list
  elseif v == nil then
    return cjson.null
  end
  return v
end
local function run(keys, argv)
  local result = body(keys, argv)
  if type(result) == 'table' and result.err then error(result, 0) end
  return reply(result)
end
local calls = cjson.decode(ARGV[1])
local results = {}
for i = 1, #calls do
  local places, argv = calls[i][1], calls[i][2]
  local keys = {}
  for j = 1, #places do keys[j] = KEYS[places[j]] end
  local ok, result = pcall(run, keys, argv)
  if ok then
    results[i] = {1, result}
  else
    results[i] = {0, type(result) == 'table' and result.err or tostring(result)}
  end
end
return cjson.encode(results)`;
}

/** What goes to ioredis: a record has become its JSON text, or is inside the batch's. */
type Single = (numberOfKeys: number, ...args: Array<string | number>) => Promise<unknown>;

/** One call as the batch sends it: its keys' places in KEYS (from 1, as Lua counts) and its arguments. */
type PackedCall = [places: number[], args: Array<string | JsonRecord>];

/** JSON.stringify writes a lone surrogate as \udXXX, which cjson refuses; ioredis would have sent U+FFFD. */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/** The batch's one JSON argument; a string with a lone surrogate goes as ioredis would have sent it. */
function packCalls(calls: readonly PackedCall[]): string {
  const json = JSON.stringify(calls);
  if (!ESCAPED_SURROGATE.test(json)) return json;
  return JSON.stringify(calls, (_key, value: unknown) => (typeof value === 'string' ? (value as string & { toWellFormed(): string }).toWellFormed() : value));
}

/** Redis's answers as ioredis would have given them: cjson writes an empty list as {}; see batchedScript for the tags. */
function fromJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') value[i] = fromJson(v);
    }
    return value;
  }
  const tagged = value as { $n?: string; $err?: string };
  if (tagged.$n !== undefined) return Number(tagged.$n);
  if (tagged.$err !== undefined) return new ReplyError(tagged.$err);
  return [];
}

export class ScriptBatch<R> {
  private keys: string[] = [];
  private readonly places = new Map<string, number>();
  private calls: PackedCall[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private readonly single: Single;
  private readonly batched: Single;
  private readonly perCall: boolean;

  constructor(redis: RedisClient, name: string, body: string) {
    defineVariadicScript(redis, name, body);
    defineVariadicScript(redis, `${name}Batch`, batchedScript(body));
    // Written as soon as it is flushed, not queued for ioredis's own auto-pipeline: that would wait one
    // more turn of the event loop, and behind any pipeline still awaiting its replies.
    if (!(redis instanceof Cluster)) redis.options.autoPipeliningIgnoredCommands = [...(redis.options.autoPipeliningIgnoredCommands ?? []), `${name}Batch`];
    const commands = redis as unknown as Record<string, Single>;
    this.single = commands[name]!.bind(redis);
    this.batched = commands[`${name}Batch`]!.bind(redis);
    this.perCall = redis instanceof Cluster;
  }

  call(keys: readonly string[], args: readonly Arg[]): Promise<R> {
    if (this.perCall) {
      try {
        return this.single(keys.length, ...keys, ...args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : a))) as Promise<R>;
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return new Promise<R>((resolve, reject) => {
      const places: number[] = [];
      for (const k of keys) {
        let place = this.places.get(k);
        if (place === undefined) {
          place = this.keys.push(k);
          this.places.set(k, place);
        }
        places.push(place);
      }
      // Redis hands a script every argument as a string; ioredis sends a number as String(n).
      const strings: Array<string | JsonRecord> = [];
      for (const a of args) strings.push(typeof a === 'number' ? String(a) : a);
      this.calls.push([places, strings]);
      this.waiters.push({ resolve: resolve as (v: unknown) => void, reject });
      if (this.waiters.length >= MAX_CALLS) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // After the poll phase, like ioredis's own auto-pipelining: every datagram read in this turn
        // has made its call by then.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    const keys = this.keys;
    const calls = this.calls;
    this.keys = [];
    this.places.clear();
    this.calls = [];
    this.waiters = [];
    let packed: string;
    try {
      packed = packCalls(calls);
    } catch (err) {
      // A record JSON cannot write (a BigInt, a cycle): this runs from setImmediate, where a throw
      // would end the process; the calls fail as a Redis error would fail them.
      for (const w of waiters) w.reject(err);
      return;
    }
    this.batched(keys.length, ...keys, packed).then(
      (reply) => {
        let list: Array<[number, unknown]>;
        try {
          list = JSON.parse(reply as string) as Array<[number, unknown]>;
        } catch (err) {
          for (const w of waiters) w.reject(err);
          return;
        }
        for (let i = 0; i < waiters.length; i++) {
          const [ok, value = null] = list[i] ?? [0, 'no result for this call in the batch'];
          if (ok === 1) waiters[i]!.resolve(fromJson(value));
          else waiters[i]!.reject(new ReplyError(String(value)));
        }
      },
      (err: unknown) => {
        for (const w of waiters) w.reject(err);
      },
    );
  }
}

/** A hash as a script returns HGETALL: field, value, field, value … */
export function hashFromFlat(flat: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
  return hash;
}
