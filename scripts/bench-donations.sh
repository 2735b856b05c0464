#!/usr/bin/env bash
# Measures donations through the API: 64 concurrent clients (wrk, 2 threads) POST
# /api/v1/funds/{id}/donations for DURATION seconds against the release server, each with its own
# Idempotency-Key; every answer comes after its donation, its 1:1 match from the charity
# federation's pool and the chained, balanced transaction are committed. Afterwards the fund's
# donations are counted and `wushe verify` walks the money chain and recomputes every balance.
# SQLite always; PostgreSQL too when WUSHE_BENCH_POSTGRES_URL is set (fsync on).
set -euo pipefail
duration=${DURATION:-20}
source "$(dirname "$0")/bench-lib.sh"
need_wrk

run() { # label, extra args…
  local label=$1; shift
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" "$@" demo >/dev/null
  serve "$@"
  local token fund
  token=$(login wz.center)
  fund=$(curl -sf "$url/api/v1/funds" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"社会工作者关爱基金","purpose":"重病、意外救助"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf "$url/api/v1/funds/$fund/matching-rules" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"matcher":"市慈善总会","ratio":"1:1","per_donation":"500","pool":"100000000","starts_on":"2026-01-01","ends_on":"2099-12-31"}' >/dev/null
  cat >"$work/post.lua" <<LUA
-- Each thread numbers its own requests: a key is never sent twice, so every answer is a new gift.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer $token"
  headers["Idempotency-Key"] = string.format("bench-%d-%d", tid, counter)
  return wrk.format("POST", "/api/v1/funds/$fund/donations", headers, '{"amount":"88.80"}')
end
LUA
  wrk -t2 -c64 -d"${duration}s" --latency -s "$work/post.lua" "$url" \
    | grep -E 'Requests/sec|Latency  |50%|90%|99%|requests in|Non-2xx' | sed "s/^/$label /"
  curl -sf "$url/api/v1/funds/$fund/donations" -H "Authorization: Bearer $token" \
    | python3 -c "import json,sys; print('$label donations in the database:', len(json.load(sys.stdin)), '(the list shows at most 500)')"
  curl -sf "$url/api/v1/funds/$fund" -H "Authorization: Bearer $token" \
    | python3 -c "import json,sys; f=json.load(sys.stdin); print('$label fund balance:', f['balance'], 'yuan =', f['balance_fen'] // 17760, 'donations of 88.80 matched 1:1')"
  stop
  "$bin" "$@" verify | sed "s/^/$label /"
}

engines wushe_bench_donations
