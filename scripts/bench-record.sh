#!/usr/bin/env bash
# Measures recording service records through the API: 64 concurrent clients (wrk, 2 threads)
# POST /api/v1/service-records for DURATION seconds against the release server; each answer
# comes only after its record and audit row are committed (SQLite: WAL, synchronous FULL).
# Reports throughput and latency (wrk), the records counted in the database afterwards, server
# memory idle and at its peak (VmRSS / VmHWM), and beside it the raw single-row commit rate of
# the same engine (`wushe bench commits`). SQLite always; PostgreSQL too when
# WUSHE_BENCH_POSTGRES_URL is set.
set -euo pipefail
duration=${DURATION:-20}
source "$(dirname "$0")/bench-lib.sh"
need_wrk

rss() { awk -v k="$2:" '$1 == k { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"; }

run() { # label, extra args…
  local label=$1; shift
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" "$@" demo >/dev/null
  serve "$@"
  local token resident
  token=$(login wz.station)
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
  stop
  "$bin" "$@" bench commits --seconds 5 | sed "s/^/$label /"
}

engines wushe_bench_record
