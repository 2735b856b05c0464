#!/usr/bin/env bash
# Measures loading the whole national division list (665,276 units) into a fresh database with
# the release binary: three runs on SQLite, and three on PostgreSQL when WUSHE_BENCH_POSTGRES_URL
# names a server whose user may create databases. Also prints the release binary's size and the
# resident memory of an idle `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cargo build --release --locked --quiet
bin=target/release/wushe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## regions load, SQLite ($runs runs)"
for i in $(seq "$runs"); do
  rm -rf "$work/sqlite"
  "$bin" --data-dir "$work/sqlite" regions load | tail -n 1
done

if [ -n "${WUSHE_BENCH_POSTGRES_URL:-}" ]; then
  echo "## regions load, PostgreSQL ($runs runs)"
  base=${WUSHE_BENCH_POSTGRES_URL%/*}
  for i in $(seq "$runs"); do
    db="wushe_bench_${i}_$$"
    PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    "$bin" --data-dir "$work/pg" --database-url "$base/$db" regions load | tail -n 1
    PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE $db"
  done
fi

echo "## release binary"
ls -l "$bin" | awk '{printf "%s bytes (%.1f MiB)\n", $5, $5/1048576}'

echo "## idle serve (SQLite, national regions and demo loaded)"
"$bin" --data-dir "$work/sqlite" demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
WUSHE_LOG=warn "$bin" --data-dir "$work/sqlite" serve --bind "127.0.0.1:$port" >/dev/null &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/login" >/dev/null
sleep 2
awk '/VmRSS/ {printf "idle RSS %.1f MiB\n", $2/1024}' "/proc/$pid/status"
kill "$pid"
wait "$pid" 2>/dev/null || true
