#!/usr/bin/env bash
# Standalone functional check of the benchmark FreeRADIUS: private Redis and
# FreeRADIUS on free ports, radclient requests, Redis side effects.  Exit 0 = pass.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SECRET=check-secret
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
REDIS_PORT=$(free_port SOCK_STREAM); AUTH_PORT=$(free_port SOCK_DGRAM); ACCT_PORT=$(free_port SOCK_DGRAM)
run=$(mktemp -d /tmp/fb-bench-fr-check.XXXXXX)
fr_pid=
cleanup() {
	[ -n "$fr_pid" ] && kill "$fr_pid" 2>/dev/null && wait "$fr_pid" 2>/dev/null
	redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
	rm -rf "$run"
}
trap cleanup EXIT

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
R() { redis-cli -p "$REDIS_PORT" "$@"; }
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
# radclient with the local dictionary (RFC5090-* names); prints its -x output.
rad() { radclient -d "$here/raddb" -x -r 1 -t 2 "127.0.0.1:$1" "$2" "$SECRET" 2>&1; }
# Reply attribute lines ("Name = value") after the "Received" line.
reply_attrs() { sed -n '/^Received/,$p' | sed -n 's/^\t\(.*\)$/\1/p'; }

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
	--pidfile "$run/redis.pid" --logfile "$run/redis.log" || exit 1
for _ in $(seq 50); do R ping >/dev/null 2>&1 && break; sleep 0.1; done
for u in u00001:201 u00002:10002; do
	user=${u%%:*} num=${u#*:}
	R HSET "fb:sub:{firebridge:$user}" username "$user" realm firebridge \
		ha1_md5 "$(md5 "$user:firebridge:pw-$user")" number "$num" enabled 1 >/dev/null
done

AUTH_PORT=$AUTH_PORT ACCT_PORT=$ACCT_PORT REDIS_HOST=127.0.0.1 REDIS_PORT=$REDIS_PORT \
	SECRET=$SECRET THREADS=4 FR_RUN_DIR=$run "$here/start.sh" &
fr_pid=$!
status() { echo 'Message-Authenticator = 0x00' | rad "$1" status; }
for _ in $(seq 50); do status "$AUTH_PORT" 2>/dev/null | grep -q '^Received' && break; sleep 0.2; done

# digest USER PASSWORD METHOD URI CALLED CALLING [RESPONSE-OVERRIDE]: prints the Access-Request.
digest() {
	local user=$1 pw=$2 method=$3 uri=$4 called=$5 calling=$6
	local nonce cnonce ha1 ha2 resp
	nonce=$(head -c 16 /dev/urandom | md5sum | cut -d' ' -f1); cnonce=$(head -c 8 /dev/urandom | md5sum | cut -c1-16)
	ha1=$(md5 "$user:firebridge:$pw"); ha2=$(md5 "$method:$uri")
	resp=$(md5 "$ha1:$nonce:00000001:$cnonce:auth:$ha2")
	cat <<-EOT
	User-Name = "$user"
	NAS-IP-Address = 198.51.100.20
	NAS-Port = 5060
	RFC5090-Digest-Method = "$method"
	RFC5090-Digest-URI = "$uri"
	RFC5090-Digest-Username = "$user"
	RFC5090-Digest-Realm = "firebridge"
	RFC5090-Digest-Nonce = "$nonce"
	RFC5090-Digest-Qop = "auth"
	RFC5090-Digest-Nonce-Count = "00000001"
	RFC5090-Digest-CNonce = "$cnonce"
	RFC5090-Digest-Algorithm = "MD5"
	RFC5090-Digest-Response = "${7:-$resp}"
	Calling-Station-Id = "$calling"
	SIP-AOR = "sip:$user@198.51.100.99:5060"
	Acct-Session-Id = "call-$nonce"
	Message-Authenticator = 0x00
	EOT
	[ -n "$called" ] && echo "Called-Station-Id = \"$called\""
	true
}

out=$(digest u00001 pw-u00001 REGISTER sip:firebrick.example.com '' 201 | rad "$AUTH_PORT" auth)
got=$(reply_attrs <<<"$out")
if grep -q '^Received Access-Accept' <<<"$out" && [ "$got" = $'Calling-Station-Id = "tel:201"\nSession-Timeout = 3600' ]; then pass "REGISTER accepted"; else fail "REGISTER accepted: $out"; fi
[ "$(R GET 'fr:reg:{201}')" = sip:u00001@198.51.100.99:5060 ] && [ "$(R TTL 'fr:reg:{201}')" -gt 3500 ] && pass "registration stored" || fail "registration stored"

out=$(digest u00002 pw-u00002 REGISTER sip:firebrick.example.com '' 10002 | rad "$AUTH_PORT" auth)
grep -q '^Received Access-Accept' <<<"$out" && grep -q 'tel:10002' <<<"$out" && pass "REGISTER second subscriber" || fail "REGISTER second subscriber: $out"

out=$(digest u00001 wrong-pw REGISTER sip:firebrick.example.com '' 201 | rad "$AUTH_PORT" auth)
grep -q '^Received Access-Reject' <<<"$out" && grep -q 'Reply-Message' <<<"$out" && pass "wrong response rejected" || fail "wrong response rejected: $out"

out=$(digest u09999 pw-u09999 REGISTER sip:firebrick.example.com '' 19999 | rad "$AUTH_PORT" auth)
grep -q '^Received Access-Reject' <<<"$out" && pass "unknown user rejected" || fail "unknown user rejected: $out"

# Upper-case hex in Digest-Response is accepted too.
req=$(digest u00002 pw-u00002 REGISTER sip:firebrick.example.com '' 10002)
resp=$(sed -n 's/^RFC5090-Digest-Response = "\(.*\)"/\1/p' <<<"$req")
out=$(sed "s/$resp/${resp^^}/" <<<"$req" | rad "$AUTH_PORT" auth)
grep -q '^Received Access-Accept' <<<"$out" && pass "upper-case response accepted" || fail "upper-case response accepted: $out"

out=$(digest u00002 pw-u00002 INVITE sip:201@firebrick.example.com 201 10002 | rad "$AUTH_PORT" auth)
got=$(reply_attrs <<<"$out")
if grep -q '^Received Access-Accept' <<<"$out" && [ "$got" = $'Called-Station-Id = "tel:201"\nCalled-Station-Id = "20+sip:vm-201@voicemail.example.com"' ]; then pass "INVITE to registered 201"; else fail "INVITE to registered 201: $out"; fi

out=$(digest u00001 pw-u00001 INVITE sip:250@firebrick.example.com 250 201 | rad "$AUTH_PORT" auth)
got=$(reply_attrs <<<"$out")
if grep -q '^Received Access-Accept' <<<"$out" && [ "$got" = 'Called-Station-Id = "sip:vm-250@voicemail.example.com"' ]; then pass "INVITE to unregistered 250"; else fail "INVITE to unregistered 250: $out"; fi

acct() {
	printf 'Acct-Status-Type = %s\nAcct-Session-Id = "leg-1"\nUser-Name = "u00002"\nCalling-Station-Id = "10002"\nCalled-Station-Id = "201"\nNAS-IP-Address = 198.51.100.20\n%s' "$1" "${2:-}" | rad "$ACCT_PORT" acct
}
out=$(acct Start)
grep -q '^Received Accounting-Response' <<<"$out" && [ "$(R HGET fr:leg:leg-1 called)" = 201 ] && [ "$(R ZSCORE fr:active leg-1)" != "" ] \
	&& pass "acct Start" || fail "acct Start: $out $(R HGETALL fr:leg:leg-1)"
out=$(acct Stop $'Acct-Session-Time = 42\n')
cdr=$(R XRANGE fr:cdr - + | tr '\n' ' ')
grep -q '^Received Accounting-Response' <<<"$out" && [ "$(R EXISTS fr:leg:leg-1)" = 0 ] && [ "$(R ZCARD fr:active)" = 0 ] \
	&& grep -q 'id leg-1 caller 10002 called 201 duration 42' <<<"$cdr" && pass "acct Stop" || fail "acct Stop: $out / $cdr"

status "$AUTH_PORT" | grep -q '^Received Access-Accept' && pass "Status-Server on auth port" || fail "Status-Server on auth port"
status "$ACCT_PORT" | grep -q '^Received Accounting-Response' && pass "Status-Server on acct port" || fail "Status-Server on acct port"

echo "$fails failure(s)"
[ "$fails" = 0 ]
