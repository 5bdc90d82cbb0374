// Many calls of one script as one EVALSHA per event-loop turn. Each datagram's store call was its own
// command: ioredis builds, queues, writes, parses and settles every one, and Redis looks each up and
// runs it on its own. The calls of every datagram handled in one turn now go out as one command
// (about twenty REGISTERs per script call at saturation), and each call still gets its own answer or
// its own error, raised or returned with redis.error_reply: the wrapper runs the script once per
// call, as a function of that call's keys and arguments, under pcall, in the order the calls were
// made. Like any script, one batch runs atomically, so a call sees the writes of those before it.
//
// Every key is still declared (KEYS holds every call's keys in turn), so the declared-keys rule holds
// (calls-lua.ts). A Cluster cannot take one script over keys in many slots: there each call is sent
// on its own, as before.
import { Cluster, ReplyError } from 'ioredis';
import { defineVariadicScript, type RedisClient } from './connection.js';

type Arg = string | number;

type Waiter = { resolve(value: unknown): void; reject(err: unknown): void };

/** A batch this large goes at once: one script call must not hold Redis for long. */
const MAX_CALLS = 256;

/** The script `body` as a function of (KEYS, ARGV), run for each call packed into ARGV. */
function batchedScript(body: string): string {
  return `
local function body(KEYS, ARGV)
${body}
end
local results = {}
local k, a = 0, 1
for i = 1, tonumber(ARGV[1]) do
  local nk, na = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  a = a + 2
  local keys, argv = {}, {}
  for j = 1, nk do keys[j] = KEYS[k + j] end
  for j = 1, na do argv[j] = ARGV[a + j] end
  k = k + nk
  a = a + na
  local ok, result = pcall(body, keys, argv)
  if ok and type(result) == 'table' and result.err then
    results[i] = {0, result.err}
  elseif ok then
    results[i] = {1, result}
  else
    results[i] = {0, type(result) == 'table' and result.err or tostring(result)}
  end
end
return results`;
}

type Single = (numberOfKeys: number, ...args: Arg[]) => Promise<unknown>;

export class ScriptBatch<R> {
  private keys: string[] = [];
  private args: Arg[] = [];
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
    if (this.perCall) return this.single(keys.length, ...keys, ...args) as Promise<R>;
    return new Promise<R>((resolve, reject) => {
      for (const k of keys) this.keys.push(k);
      this.args.push(keys.length, args.length);
      for (const a of args) this.args.push(a);
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
    const args = this.args;
    this.keys = [];
    this.args = [];
    this.waiters = [];
    this.batched(keys.length, ...keys, waiters.length, ...args).then(
      (results) => {
        const list = results as Array<[number, unknown?]>;
        for (let i = 0; i < waiters.length; i++) {
          const [ok, value = null] = list[i] ?? [0, 'no result for this call in the batch'];
          if (ok === 1) waiters[i]!.resolve(value);
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
