#!/usr/bin/env bash
# The figures at scale: generates Chongqing's whole service network with SCALE (default 100:
# 10 million service records, 1 million volunteers, 67,900 social workers, 100,000 needs) through
# `wushe demo --scale`, then times the summary of random regions at every level for random
# periods with `wushe bench figures` (QUERIES, default 2000), then the same through HTTP (the API
# with sign-in and JSON: wrk, 1 and 4 clients for 20 s each, each request a random one of the
# regions at every level and periods below, then each pair alone), and the full recount with `wushe figures check`. SQLite always;
# PostgreSQL too when WUSHE_BENCH_POSTGRES_URL is set.
set -euo pipefail
scale=${SCALE:-100}
queries=${QUERIES:-2000}
source "$(dirname "$0")/bench-lib.sh"
need_wrk

run() { # label, extra args…
  local label=$1; shift
  local started
  started=$(date +%s)
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" "$@" demo --scale "$scale" 2>&1 | tr '\r' '\n' | grep -E '\] [0-9]+/[0-9]+|generated' | awk '!/^ *$/' \
    | awk -F'[' '{ key = $1 } { last[key] = $0 } END { for (k in last) print last[k] }' | sed "s/^/$label /"
  echo "$label generated in $(( $(date +%s) - started )) s"
  "$bin" "$@" bench figures --queries "$queries" | sed "s/^/$label /"
  serve "$@"
  local token
  token=$(login cq.admin)
  # Chongqing, a city-level unit, a district, a township and a community, for twenty years, a
  # year, a quarter, a month and a typed range.
  local regions=(50 5001 500103 500103001 500103001003 500112 500112002)
  local periods=("from=2006-12-01&to=2026-11-29" period=2025 period=2026-Q2 period=2025-07
                 "from=2024-03-15&to=2025-09-30" period=2024-H2)
  cat >"$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
local regions = {$(printf '"%s", ' "${regions[@]}")}
local periods = {$(printf '"%s", ' "${periods[@]}")}
math.randomseed(2026)
request = function()
  local path = "/api/v1/figures/" .. regions[math.random(#regions)] .. "?" .. periods[math.random(#periods)]
  return wrk.format("GET", path)
end
LUA
  for clients in 1 4; do
    wrk -t1 -c"$clients" -d20s --latency -s "$work/get.lua" "$url" \
      | grep -E 'Requests/sec|Latency  |50%|90%|99%|requests in|Non-2xx' | sed "s/^/$label HTTP $clients client(s) /"
  done
  # Each pair alone, the median of five: which of them make the tail.
  local r p
  for r in "${regions[@]}"; do
    for p in "${periods[@]}"; do
      for _ in 1 2 3 4 5; do
        curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url/api/v1/figures/$r?$p"
      done | sort -n | sed -n 3p | awk -v l="$label" -v r="$r" -v p="$p" '{ printf "%s pair %-13s %-30s %.1f ms\n", l, r, p, $1 * 1000 }'
    done
  done
  stop
  started=$(date +%s)
  "$bin" "$@" figures check | sed "s/^/$label /"
  echo "$label figures check took $(( $(date +%s) - started )) s"
  if [ -f "$work/data/wushe.db" ] && [ "$label" = SQLite ]; then
    echo "$label database: $(du -sh "$work/data" | cut -f1)"
  fi
}

engines wushe_bench_figures
