#!/usr/bin/env bash
# Measures volunteer recommendations over 1,000,000 generated volunteers spread over Chongqing's
# real villages, with the release binary: `wushe bench match` builds the in-memory volunteer
# index from the database (time, heap estimate, growth of resident memory), refreshes it once,
# then times top-10 queries for deterministic random communities, skills and task windows after
# a warm-up. SQLite always; PostgreSQL too when WUSHE_BENCH_POSTGRES_URL is set.
# COUNT= and QUERIES= change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-1000000}
queries=${QUERIES:-20000}
cargo build --release --locked --quiet
bin=target/release/wushe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WUSHE_LOG=warn

t0=$(date +%s.%N)
"$bin" generate volunteers --count "$count" --prefix 50 "$work/all.csv" >/dev/null
# The importer takes files of up to 20 MB: 100,000 rows (14 MB) each, every one with the header.
head -n 1 "$work/all.csv" >"$work/header"
tail -n +2 "$work/all.csv" | split -l 100000 -d -a 3 - "$work/part-"
for p in "$work"/part-???; do
  cat "$work/header" "$p" >"$p.csv"
  rm "$p"
done
rm "$work/all.csv"
t1=$(date +%s.%N)
files=("$work"/part-*.csv)
awk -v n="$count" -v f="${#files[@]}" -v a="$t0" -v b="$t1" \
  'BEGIN { printf "generated %d volunteers as %d CSV files in %.1f s\n", n, f, b - a }'

run() { # label, extra args…
  local label=$1; shift
  local t0 t1
  "$bin" "$@" regions load --prefix 50 >/dev/null
  t0=$(date +%s.%N)
  for f in "${files[@]}"; do
    if ! "$bin" "$@" import volunteers "$f" >"$work/import.log" 2>&1; then
      cat "$work/import.log" >&2
      exit 1
    fi
  done
  t1=$(date +%s.%N)
  awk -v l="$label" -v n="$count" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s: imported %d volunteers in %.1f s wall\n", l, n, b - a }'
  "$bin" "$@" bench match --queries "$queries"
}

run SQLite --data-dir "$work/data"
rm -rf "$work/data"
if [ -n "${WUSHE_BENCH_POSTGRES_URL:-}" ]; then
  base=${WUSHE_BENCH_POSTGRES_URL%/*}
  db="wushe_bench_match_$$"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  run PostgreSQL --data-dir "$work/pg" --database-url "$base/$db"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE $db"
fi
