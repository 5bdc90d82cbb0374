// Lua for the fraud guard's counters (store/fraud.ts says how each window is kept). One script per
// (subject, class) and purpose, so a guarded INVITE costs one command per target to read and one to
// count — not the forty separate commands (and forty promises) it took as plain commands. Every key a
// script touches is declared in KEYS and shares the subject's hash tag: one Cluster slot. Bucket
// numbers are fields of one hash per target, built inside the script from the current bucket and the
// window's length; fields are data, not keys, so that is allowed on a Cluster too.
//
// KEYS of a target, in this order everywhere: calls (ZSET), active (ZSET), seconds (HASH of
// "h:<bucket>" / "d:<bucket>" → connected seconds), short (STRING), block (STRING).

/**
 * The standing of one target. ARGV: now, minute ms, stale ms, current hour bucket, hour buckets,
 * current day bucket, day buckets. Returns calls, concurrent, seconds in the hour, in the day, short
 * calls, block pttl, block JSON ('' when none — a nil would end the reply array).
 */
export const STANDING = `
local now = tonumber(ARGV[1])
local calls = redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[2]), '+inf')
local concurrent = redis.call('ZCOUNT', KEYS[2], now - tonumber(ARGV[3]), '+inf')
local hour, hours, day, days = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local fields = {}
for i = 0, hours - 1 do fields[#fields + 1] = 'h:' .. (hour - i) end
for i = 0, days - 1 do fields[#fields + 1] = 'd:' .. (day - i) end
local values = redis.call('HMGET', KEYS[3], unpack(fields))
local inHour, inDay = 0, 0
for i = 1, hours do inHour = inHour + (tonumber(values[i]) or 0) end
for i = hours + 1, hours + days do inDay = inDay + (tonumber(values[i]) or 0) end
local short = tonumber(redis.call('GET', KEYS[4])) or 0
return { calls, concurrent, inHour, inDay, short, redis.call('PTTL', KEYS[5]), redis.call('GET', KEYS[5]) or '' }`;

/**
 * An authorised call. KEYS: calls, active. ARGV: now, minute ms, a unique member, stale ms, the
 * Call-ID ('' when the INVITE had none: nothing to count as concurrent).
 */
export const COUNT_CALL = `
local now, minute, stale = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minute)
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], minute)
if ARGV[5] ~= '' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - stale)
  redis.call('ZADD', KEYS[2], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], stale)
end
return 1`;

/**
 * A leg of a counted call was accounted. KEYS: active, seconds, short. ARGV: status, now, Call-ID,
 * stale ms, connected seconds, short-call seconds, current hour bucket, hour buckets, hour bucket ms,
 * current day bucket, day buckets, day bucket ms, short-call counter ttl ms.
 *
 * Start/Interim refresh the call only while it still counts (ZADD XX): a Stop that came first must
 * not be undone. A Stop removes it and adds its connected time to the current buckets; buckets past
 * both windows are deleted once the hash holds more than the windows read, so it stays bounded.
 */
export const LEG_NEWS = `
local now, stale = tonumber(ARGV[2]), tonumber(ARGV[4])
if ARGV[1] ~= 'stop' then
  redis.call('ZADD', KEYS[1], 'XX', now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], stale)
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[3])
local seconds = tonumber(ARGV[5])
if seconds <= 0 then return 0 end
local hour, hours, hourMs = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local day, days, dayMs = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
redis.call('HINCRBY', KEYS[2], 'h:' .. hour, seconds)
redis.call('HINCRBY', KEYS[2], 'd:' .. day, seconds)
redis.call('PEXPIRE', KEYS[2], math.max(hours * hourMs, days * dayMs))
if redis.call('HLEN', KEYS[2]) > hours + days + 2 then
  for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
    local kind, bucket = string.sub(field, 1, 1), tonumber(string.sub(field, 3))
    if bucket == nil or (kind == 'h' and bucket <= hour - hours) or (kind == 'd' and bucket <= day - days) then
      redis.call('HDEL', KEYS[2], field)
    end
  end
end
if seconds < tonumber(ARGV[6]) then
  redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[13])
else
  redis.call('DEL', KEYS[3])
end
return 1`;
