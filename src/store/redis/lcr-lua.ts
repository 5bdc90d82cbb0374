// Lua for LCR tables (store/lcr.ts says how a table is kept). Each script touches the one hash of
// its table, declared in KEYS: one Cluster slot; version and prefix are fields, data not keys.

/**
 * The entries of the current version for the given prefixes. KEYS: table. ARGV: the prefixes.
 * Returns false when there is no table, else one value per prefix (false where it has none).
 */
export const LCR_ENTRIES = `
local v = redis.call('HGET', KEYS[1], 'current')
if not v then return false end
if #ARGV == 0 then return {} end
local fields = {}
for i = 1, #ARGV do fields[i] = v .. ':p:' .. ARGV[i] end
return redis.call('HMGET', KEYS[1], unpack(fields))`;

/**
 * Makes a written version current and drops every other one. KEYS: table. ARGV: version, the
 * number of fields it wrote. A version missing some of its fields (another import's switch removed
 * them meanwhile) is refused with LCRRACE and the table left as it was.
 */
export const LCR_SWITCH = `
local mine = ARGV[1] .. ':'
local n = 0
local stale = {}
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, #mine) == mine then n = n + 1
  elseif f ~= 'current' then stale[#stale + 1] = f end
end
if n ~= tonumber(ARGV[2]) then return redis.error_reply('LCRRACE the version lost fields to another import') end
redis.call('HSET', KEYS[1], 'current', ARGV[1])
for i = 1, #stale, 1000 do redis.call('HDEL', KEYS[1], unpack(stale, i, math.min(i + 999, #stale))) end
return #stale`;
