// Lua for the fax store (see fax.ts). One fax accounting event is one atomic script: the
// (Acct-Session-Id, status) note that drops a resent event (spec §4.2: the port server resends a
// Stop until answered), the fax record, and the Called Numbers entry its FB-Called-Number-Result
// proves (spec §5) — so a record is never kept without its Called Numbers update, nor twice. Every
// key is declared in KEYS and all lie under the {fax} hash tag (keys.ts), so it runs on Redis Cluster.

// KEYS: the done note of (session, status), the fax-record stream, and — when the event carries an
// FB-Called-Number-Result — that number's Called Numbers hash. ARGV: dedupe ms, max records, then
// with the third key: the number, the field it sets (fax_seen or voice_seen), the event's received
// at (ms); then the record's fields as name, value, name, value…
// The cap is approximate (MAXLEN ~): Redis trims whole macro nodes, cheaply.
export const RECORD_FAX = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
local first = 3
if #KEYS == 3 then
  redis.call('HSET', KEYS[3], 'number', ARGV[3], ARGV[4], '1', 'updated_at', ARGV[5])
  first = 6
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, first))
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 'stored'`;
