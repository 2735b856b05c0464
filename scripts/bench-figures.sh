#!/usr/bin/env bash
# The figures at scale: generates Chongqing's whole service network with SCALE (default 100:
# 10 million service records, 1 million volunteers, 67,900 social workers, 100,000 needs) through
# `wushe demo --scale`, then times the summary of random regions at every level for random
# periods with `wushe bench figures` (QUERIES, default 2000), and the full recount with
# `wushe figures check`. SQLite always; PostgreSQL too when WUSHE_BENCH_POSTGRES_URL is set.
set -euo pipefail
scale=${SCALE:-100}
queries=${QUERIES:-2000}
source "$(dirname "$0")/bench-lib.sh"

run() { # label, extra args…
  local label=$1; shift
  local started
  started=$(date +%s)
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" "$@" demo --scale "$scale" 2>&1 | tr '\r' '\n' | grep -E '\] [0-9]+/[0-9]+|generated' | awk '!/^ *$/' \
    | awk -F'[' '{ key = $1 } { last[key] = $0 } END { for (k in last) print last[k] }' | sed "s/^/$label /"
  echo "$label generated in $(( $(date +%s) - started )) s"
  "$bin" "$@" bench figures --queries "$queries" | sed "s/^/$label /"
  started=$(date +%s)
  "$bin" "$@" figures check | sed "s/^/$label /"
  echo "$label figures check took $(( $(date +%s) - started )) s"
  if [ -f "$work/data/wushe.db" ] && [ "$label" = SQLite ]; then
    echo "$label database: $(du -sh "$work/data" | cut -f1)"
  fi
}

engines wushe_bench_figures
