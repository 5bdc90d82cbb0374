// Lua for the accounting store (see calls.ts). One script per event keeps each Start/Interim/Stop a
// single atomic round trip; every key shares the {acct} hash tag. The scripts never trim the record
// stream (a cap here would delete records no consumer group has read): trimming is a separate pass,
// redis/record-groups.ts. ARGV "max records" is therefore unused.

/** Shared helpers: leg ⇄ JSON, the per-identity and per-FireBrick active sets. */
const COMMON = `
local pfx = ARGV[6]
local now = tonumber(ARGV[2])
local stale = tonumber(ARGV[3])
local function setkeys(l)
  local ks = { pfx .. 'active-fb:' .. l.firebrick }
  if type(l.identities) == 'table' then
    for _, id in ipairs(l.identities) do table.insert(ks, pfx .. 'active-id:' .. id) end
  end
  return ks
end
local function forget(l)
  redis.call('ZREM', pfx .. 'active', l.sessionId)
  for _, k in ipairs(setkeys(l)) do redis.call('ZREM', k, l.sessionId) end
  redis.call('DEL', pfx .. 'leg:' .. l.sessionId)
end
local function put(f, k, v)
  if v ~= nil and v ~= cjson.null and v ~= '' then table.insert(f, k); table.insert(f, tostring(v)) end
end
local function fields(l, e, cause)
  local f = {}
  put(f, 'session_id', l.sessionId)
  put(f, 'firebrick', l.firebrick)
  put(f, 'call_id', l.callId or (e and e.callId))
  put(f, 'nas_identifier', l.nasIdentifier or (e and e.nasIdentifier))
  put(f, 'called', l.called or (e and e.called))
  put(f, 'calling', l.calling or (e and e.calling))
  put(f, 'cui', l.cui or (e and e.cui))
  if e then
    put(f, 'local_uri', e.localUri)
    put(f, 'remote_uri', e.remoteUri)
    if e.peerAddress then put(f, 'peer', e.peerAddress .. ':' .. tostring(e.peerPort or '')) end
  end
  put(f, 'started_at', l.startedAt or (e and e.startedAt))
  put(f, 'answered', l.answered and '1' or '0')
  put(f, 'ringing_seconds', l.ringingSeconds)
  if e then put(f, 'connected_seconds', e.sessionTime) end
  put(f, 'terminate_cause', (e and e.terminateCause) or cause)
  if type(l.identities) == 'table' and #l.identities > 0 then put(f, 'identities', table.concat(l.identities, ',')) end
  put(f, 'ended_at', math.floor(now / 1000))
  return f
end
`;

// KEYS: leg, done, cdr, caller-of-call. ARGV: event json (with `answers`: showsAnswer in calls.ts),
// now, stale ms, dedupe ms, max records, prefix.
export const RECORD_EVENT = `${COMMON}
local e = cjson.decode(ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then return 'duplicate' end
local cur = redis.call('GET', KEYS[1])
local leg = cur and cjson.decode(cur) or nil
if leg == nil then
  local ids = {}
  local noted = redis.call('GET', KEYS[4])
  if noted then for id in string.gmatch(noted, '[^,]+') do table.insert(ids, id) end end
  if e.cui and e.cui ~= cjson.null then table.insert(ids, 'cui:' .. e.cui) end
  leg = { sessionId = e.sessionId, callId = e.callId, firebrick = e.firebrick, radiusSource = e.radiusSource,
          nasIdentifier = e.nasIdentifier, called = e.called, calling = e.calling, cui = e.cui,
          startedAt = e.startedAt, answered = false, identities = ids }
elseif e.status == 'start' then
  return 'duplicate'
end
if e.status == 'interim' then
  if leg.answered and leg.ringingSeconds == e.sessionTime then return 'duplicate' end
  leg.ringingSeconds = e.sessionTime
end
if e.answers then leg.answered = true end
if e.status == 'stop' then
  redis.call('XADD', KEYS[3], '*', unpack(fields(leg, e, nil)))
  forget(leg)
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
  return 'stored'
end
leg.lastSeenAt = now
redis.call('SET', KEYS[1], cjson.encode(leg), 'PX', stale)
redis.call('ZADD', pfx .. 'active', now, leg.sessionId)
for _, k in ipairs(setkeys(leg)) do
  redis.call('ZADD', k, now, leg.sessionId)
  redis.call('PEXPIRE', k, stale)
end
redis.call('ZREMRANGEBYSCORE', pfx .. 'active', '-inf', now - stale)
return 'stored'`;

// KEYS: active-fb set, cdr. ARGV: firebrick, now, stale, dedupe, max records, prefix, cause.
export const CLOSE_ALL = `${COMMON}
local n = 0
for _, sid in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local cur = redis.call('GET', pfx .. 'leg:' .. sid)
  if cur then
    local leg = cjson.decode(cur)
    redis.call('XADD', KEYS[2], '*', unpack(fields(leg, nil, ARGV[7])))
    forget(leg)
    redis.call('SET', pfx .. 'done:' .. sid, '1', 'PX', ARGV[4])
    n = n + 1
  end
end
redis.call('DEL', KEYS[1])
return n`;
