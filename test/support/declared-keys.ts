// Lua put in front of every script a store defines, for the single-Redis contract runs: redis.call
// and redis.pcall then refuse a key the script did not declare in KEYS. Redis itself lets a script
// build key names; Redis Cluster cannot route such a script, and Valkey and Dragonfly refuse it.
import type { RedisClient } from '../../src/store/index.js';

const PRELUDE = `
local declared = {}
for _, k in ipairs(KEYS) do declared[k] = true end
local every = { DEL = true, EXISTS = true, MGET = true, UNLINK = true, TOUCH = true }
local server = redis
local function check(cmd, ...)
  local args = {...}
  local n = every[string.upper(cmd)] and #args or math.min(1, #args)
  for i = 1, n do
    if not declared[args[i]] then error('undeclared key ' .. tostring(args[i]) .. ' in ' .. cmd) end
  end
end
local redis = setmetatable({
  call = function(cmd, ...) check(cmd, ...); return server.call(cmd, ...) end,
  pcall = function(cmd, ...) check(cmd, ...); return server.pcall(cmd, ...) end,
}, { __index = server })
`;

/** Makes every script defined on `redis` from now on fail when it touches an undeclared key. */
export function onlyDeclaredKeys(redis: RedisClient): void {
  const define = redis.defineCommand.bind(redis);
  redis.defineCommand = (name, definition) => define(name, { ...definition, lua: PRELUDE + definition.lua });
}
