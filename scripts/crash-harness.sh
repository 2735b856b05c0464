#!/usr/bin/env bash
# The crash harness's long form, on a release build: the server is killed with SIGKILL at random
# moments while 16 clients write (CLIENTS), and every acknowledged write is checked after each kill.
#   SQLite:     CYCLES_SQLITE kills (default 1,000)
#   PostgreSQL: PG_KILLS kills of PostgreSQL itself (default 5), then CYCLES_PG kills of the server
#               (default 200); needs WUSHE_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh prints one;
#               the harness starts its own durable cluster on port 55470 beside it).
# SEED picks the kill moments. The figures are the harness's own lines ("crash harness: …").
set -euo pipefail
cd "$(dirname "$0")/.."
export WUSHE_CRASH_CLIENTS=${CLIENTS:-16} WUSHE_CRASH_SEED=${SEED:-2026}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() { # test name
  local rc=0 started=$SECONDS
  cargo test --release --locked -p wushe --test it -- --exact "$1" --nocapture >"$log" 2>&1 || rc=$?
  grep -E "^(crash harness|database away)|panicked|skipped" "$log" || true
  if [ "$rc" -ne 0 ]; then tail -40 "$log"; exit "$rc"; fi
  echo "$1: passed in $((SECONDS - started)) s"
}
WUSHE_CRASH_CYCLES=${CYCLES_SQLITE:-1000} run crash::sqlite_keeps_every_acknowledged_write_through_kills
WUSHE_CRASH_CYCLES=${CYCLES_PG:-200} WUSHE_CRASH_PG_KILLS=${PG_KILLS:-5} \
  run crash::postgres_keeps_every_acknowledged_write_through_kills_of_both_servers
