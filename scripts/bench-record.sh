#!/usr/bin/env bash
# Measures recording service records through the API: 64 concurrent clients (wrk, 2 threads)
# POST /api/v1/service-records for DURATION seconds against the release server; each answer
# comes only after its record and audit row are committed (SQLite: WAL, synchronous FULL).
# Reports throughput and latency (wrk), the records counted in the database afterwards, server
# memory idle and at its peak (VmRSS / VmHWM), and beside it the raw single-row commit rate of
# the same engine (`wushe bench commits`). SQLite always; PostgreSQL too when
# WUSHE_BENCH_POSTGRES_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked --quiet
bin=$PWD/target/release/wushe
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export WUSHE_LOG=warn

rss() { awk -v k="$2:" '$1 == k { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"; }

run() { # label, extra args…
  local label=$1; shift
  local port=$((20000 + RANDOM % 20000))
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" "$@" demo >/dev/null
  WUSHE_BIND=127.0.0.1:$port "$bin" "$@" serve >"$work/server.log" 2>&1 &
  server=$!
  local url=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  local token resident
  token=$(curl -sf "$url/api/v1/session" -H 'Content-Type: application/json' \
    -d '{"login":"wz.station","password":"wushe-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  resident=$(curl -sf "$url/api/v1/residents?limit=1" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["items"][0]; print(r["id"], r["region_code"])')
  read -r rid region <<<"$resident"
  local at
  at=$(TZ=Asia/Shanghai date -d '-1 hour' '+%Y-%m-%d %H:%M')
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"kind":"phone","region":"$region","served_at":"$at","minutes":"10","residents":["$rid"],"note":"电话回访"}'
LUA
  sleep 1
  echo "$label server idle: $(rss "$server" VmRSS)"
  wrk -t2 -c64 -d"${duration}s" --latency -s "$work/post.lua" "$url/api/v1/service-records" \
    | grep -E 'Requests/sec|Latency  |50%|90%|99%|requests in|Non-2xx' | sed "s/^/$label /"
  echo "$label server peak: $(rss "$server" VmHWM), after: $(rss "$server" VmRSS)"
  curl -sf "$url/api/v1/service-records?limit=1" -H "Authorization: Bearer $token" \
    | python3 -c "import json,sys; print('$label records in the database:', json.load(sys.stdin)['records'])"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
  "$bin" "$@" bench commits --seconds 5 | sed "s/^/$label /"
}

run SQLite --data-dir "$work/data"
if [ -n "${WUSHE_BENCH_POSTGRES_URL:-}" ]; then
  # Acknowledged means durable: a server without fsync would measure nothing of the sort.
  settings=$(psql -Atq "$WUSHE_BENCH_POSTGRES_URL" -c "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")
  if [ "$settings" != "on on" ]; then
    echo "PostgreSQL at WUSHE_BENCH_POSTGRES_URL has fsync/synchronous_commit = $settings; start one with" >&2
    echo "  WUSHE_PG_DURABLE=1 WUSHE_PG_DIR=/tmp/wushe-pg-durable WUSHE_PG_PORT=55533 scripts/pg-test-cluster.sh" >&2
    exit 1
  fi
  base=${WUSHE_BENCH_POSTGRES_URL%/*}
  db="wushe_bench_record_$$"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  run PostgreSQL --data-dir "$work/pg" --database-url "$base/$db"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db"
fi
