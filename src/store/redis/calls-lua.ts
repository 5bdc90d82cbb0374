// Lua for the accounting store (see calls.ts). One script per event keeps each Start/Interim/Stop a
// single atomic round trip. Every key a script touches is declared in KEYS — none is built inside
// Lua — and all of them lie in one accounting shard's hash tag, so the scripts run on Redis Cluster
// and on servers that insist on declared keys (Valkey, Dragonfly).
//
// The keys a leg touches depend on the leg: its FireBrick's set and its caller identities' sets. The
// caller reads the leg (or, for a new leg, the caller note) first and passes those keys with their
// signature `firebrick|identity,identity…` (keySignature in calls.ts); a script that finds the leg
// with another signature changes nothing and answers 'moved', and the caller reads again.
//
// The scripts never trim a record stream (a cap here would delete records no consumer group has
// read): trimming is a separate pass, redis/record-groups.ts.
import { LUA_JSON_ARGUMENT } from './script-batch.js';

/** Shared helpers: the signature of a leg's keys, call-record fields. */
const COMMON = `
local function ids(l)
  if type(l.identities) == 'table' then return l.identities end
  return {}
end
local function signature(l)
  return l.firebrick .. '|' .. table.concat(ids(l), ',')
end
local function put(f, k, v)
  if v ~= nil and v ~= cjson.null and v ~= '' then table.insert(f, k); table.insert(f, tostring(v)) end
end
local function fields(l, e, cause, now)
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
  if #ids(l) > 0 then put(f, 'identities', table.concat(ids(l), ',')) end
  put(f, 'max_duration', l.maxDurationSeconds)
  put(f, 'cut', l.cut)
  put(f, 'ended_at', math.floor(now / 1000))
  return f
end
`;

// KEYS: leg, done, the shard's active set, its call-record stream, its due and cutting sets, the leg's
// FireBrick set, then one set per caller identity. ARGV: event json (with `answers`: showsAnswer in
// calls.ts), now, stale ms, dedupe ms, key signature, identities (a JSON array, for a new leg), the
// duration limit noted for its Call-ID ('' for none; for a new leg). An Interim of a leg with a limit
// puts it in the due set (legDueAt in calls.ts); a Stop takes it out, and records the cut when a
// sweeper had claimed it (CLAIM_DUE). No cap: the trimming pass (record-groups.ts) caps each stream.
export const RECORD_EVENT = `${COMMON}
${LUA_JSON_ARGUMENT}
local now = tonumber(ARGV[2])
local stale = tonumber(ARGV[3])
local e = argument(ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then return 'duplicate' end
local cur = redis.call('GET', KEYS[1])
local leg = cur and cjson.decode(cur) or nil
if leg == nil then
  local idl = cjson.decode(ARGV[6])
  leg = { sessionId = e.sessionId, callId = e.callId, firebrick = e.firebrick, radiusSource = e.radiusSource,
          nasIdentifier = e.nasIdentifier, called = e.called, calling = e.calling, cui = e.cui,
          startedAt = e.startedAt, answered = false, identities = idl, maxDurationSeconds = tonumber(ARGV[7]) }
elseif e.status == 'start' then
  return 'duplicate'
end
if signature(leg) ~= ARGV[5] then return 'moved' end
if e.status == 'interim' then
  if leg.answered and leg.ringingSeconds == e.sessionTime then return 'duplicate' end
  leg.ringingSeconds = e.sessionTime
  if leg.maxDurationSeconds and not leg.dueAt then
    leg.dueAt = e.receivedAt + leg.maxDurationSeconds * 1000
    redis.call('ZADD', KEYS[5], leg.dueAt, leg.sessionId)
  end
end
if e.answers then leg.answered = true end
if e.status == 'stop' then
  if redis.call('ZREM', KEYS[6], leg.sessionId) == 1 then leg.cut = 'max-duration' end
  redis.call('XADD', KEYS[4], '*', unpack(fields(leg, e, nil, now)))
  redis.call('ZREM', KEYS[3], leg.sessionId)
  for i = 5, #KEYS do redis.call('ZREM', KEYS[i], leg.sessionId) end
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
  return 'stored'
end
leg.lastSeenAt = now
redis.call('SET', KEYS[1], cjson.encode(leg), 'PX', stale)
redis.call('ZADD', KEYS[3], now, leg.sessionId)
for i = 7, #KEYS do
  redis.call('ZADD', KEYS[i], now, leg.sessionId)
  redis.call('PEXPIRE', KEYS[i], stale)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - stale)
return 'stored'`;

// Closes the legs of one FireBrick in one shard, as read by the caller. KEYS: the FireBrick's set,
// the shard's active set, its call-record stream, its due and cutting sets, then per leg: leg, done,
// one set per identity.
// ARGV: now, dedupe ms, cause, then per leg: session id, key signature, number of identity sets. Returns {closed, moved}: legs found with another signature are left to
// the caller's next read.
export const CLOSE_ALL = `${COMMON}
local now = tonumber(ARGV[1])
local closed, moved = 0, 0
local k, a = 6, 4
while a <= #ARGV do
  local sid, sig, n = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  local legKey, doneKey = KEYS[k], KEYS[k + 1]
  local cur = redis.call('GET', legKey)
  local leg = cur and cjson.decode(cur) or nil
  if leg and signature(leg) ~= sig then
    moved = moved + 1
  elseif leg then
    redis.call('ZREM', KEYS[4], sid)
    if redis.call('ZREM', KEYS[5], sid) == 1 then leg.cut = 'max-duration' end
    redis.call('XADD', KEYS[3], '*', unpack(fields(leg, nil, ARGV[3], now)))
    redis.call('ZREM', KEYS[1], sid)
    redis.call('ZREM', KEYS[2], sid)
    for i = k + 2, k + 1 + n do redis.call('ZREM', KEYS[i], sid) end
    redis.call('DEL', legKey)
    redis.call('SET', doneKey, '1', 'PX', ARGV[2])
    closed = closed + 1
  else
    redis.call('ZREM', KEYS[1], sid)
  end
  k = k + 2 + n
  a = a + 3
end
return {closed, moved}`;


// Takes the shard's due legs for one sweeper (README → Call duration limits): every member of the due
// set whose time has come moves to the cutting set (scored by when it was taken) in one atomic step,
// so of all the instances sweeping at once exactly one gets each leg; a member of the cutting set
// taken longer than the lease ago (its cut never finished) is taken again the same way. KEYS: the
// shard's due set, its cutting set. ARGV: now, most legs to take, lease ms. Returns the session ids
// taken.
export const CLAIM_DUE = `
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]), 'LIMIT', 0, count)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, count)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  table.insert(ids, id)
end
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[2], now, id) end
return ids`;
