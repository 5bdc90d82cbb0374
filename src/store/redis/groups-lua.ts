// Lua for the ring-group store (store/groups.ts). KEYS, in this order everywhere: definitions (HASH
// name → JSON), numbers (HASH number → name), positions (HASH name → calls so far). All three lie
// under the {groups} hash tag (keys.ts): one Cluster slot, every key declared.

/**
 * A group for a call. ARGV: the name or number, '1' to take a round-robin position ('0' to look).
 * Returns nil when there is no such group, else { JSON, position }: for a round-robin group the
 * calls it had before this one (HINCRBY, so concurrent calls get consecutive positions), else 0.
 */
export const FOR_CALL = `
local name = ARGV[1]
local json = redis.call('HGET', KEYS[1], name)
if not json then
  name = redis.call('HGET', KEYS[2], ARGV[1])
  if not name then return false end
  json = redis.call('HGET', KEYS[1], name)
  if not json then return false end
end
local position = 0
local ok, group = pcall(cjson.decode, json)
if ok and type(group) == 'table' and group.strategy == 'round-robin' then
  if ARGV[2] == '1' then
    position = redis.call('HINCRBY', KEYS[3], name, 1) - 1
  else
    position = tonumber(redis.call('HGET', KEYS[3], name)) or 0
  end
end
return { json, position }`;

/**
 * Creates or replaces groups, all or none (an import is never half applied). ARGV: triples of name,
 * JSON, number ('' for none). Returns '' when stored, else "<group>\t<owner>": a group whose number
 * another group has, and keeps — a number that changes hands within the batch is free to take. A
 * replaced group's old number is released.
 */
export const PUT = `
local batch = {}
for i = 1, #ARGV, 3 do batch[ARGV[i]] = ARGV[i + 2] end
for i = 1, #ARGV, 3 do
  local number = ARGV[i + 2]
  if number ~= '' then
    local owner = redis.call('HGET', KEYS[2], number)
    if owner and owner ~= ARGV[i] and (batch[owner] == nil or batch[owner] == number) then return ARGV[i] .. '\t' .. owner end
  end
end
for i = 1, #ARGV, 3 do
  local name, number = ARGV[i], ARGV[i + 2]
  local old = redis.call('HGET', KEYS[1], name)
  if old then
    local ok, group = pcall(cjson.decode, old)
    if ok and type(group) == 'table' and type(group.number) == 'string' and group.number ~= number
      and redis.call('HGET', KEYS[2], group.number) == name then
      redis.call('HDEL', KEYS[2], group.number)
    end
  end
  redis.call('HSET', KEYS[1], name, ARGV[i + 1])
  if number ~= '' then redis.call('HSET', KEYS[2], number, name) end
end
return ''`;

/** Deletes a group, its number and its position. ARGV: name. Returns 1 when there was one. */
export const DELETE = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return 0 end
local ok, group = pcall(cjson.decode, old)
if ok and type(group) == 'table' and type(group.number) == 'string' and redis.call('HGET', KEYS[2], group.number) == ARGV[1] then
  redis.call('HDEL', KEYS[2], group.number)
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`;
