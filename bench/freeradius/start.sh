#!/bin/sh
# Runs the benchmark FreeRADIUS in the foreground with bench/freeradius/raddb.
# Settings come from the environment (radiusd.conf reads them with $ENV{...}).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export AUTH_PORT="${AUTH_PORT:-1812}"
export ACCT_PORT="${ACCT_PORT:-1813}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
# No default: never point the benchmark at a shared Redis by accident.
export REDIS_PORT="${REDIS_PORT:?set REDIS_PORT}"
export SECRET="${SECRET:-testing123}"
# 2-core box shared with Redis and the load generator: 4 workers measured best
# (2: idle waits on Redis; 8/16: slower, more context switching).
export THREADS="${THREADS:-4}"
export FR_RADDB="$here/raddb"
export FR_RUN_DIR="${FR_RUN_DIR:-/tmp/fb-bench-fr}"
mkdir -p "$FR_RUN_DIR"
# -f: foreground, no fork; exec so signals reach FreeRADIUS directly.
# FR_CHECK=1 only checks the configuration (freeradius -C).
if [ "${FR_CHECK:-0}" = 1 ]; then exec /usr/sbin/freeradius -C -d "$FR_RADDB"; fi
exec /usr/sbin/freeradius -f -d "$FR_RADDB" "$@"
