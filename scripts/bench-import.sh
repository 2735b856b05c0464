#!/usr/bin/env bash
# Measures importing 100,000 generated volunteers (spread over Chongqing's real villages) with the
# release binary: `wushe import volunteers FILE` reads, checks every row, then loads all in one
# transaction; then `wushe keys rotate` on the loaded database (every sealed value and index moved
# to a new key in one transaction). SQLite always; PostgreSQL too when WUSHE_BENCH_POSTGRES_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-100000}
cargo build --release --locked --quiet
bin=target/release/wushe
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WUSHE_LOG=warn

"$bin" generate volunteers --count "$count" --prefix 50 "$work/v.xlsx" >/dev/null
"$bin" generate volunteers --count "$count" --prefix 50 "$work/v.csv" >/dev/null
ls -l "$work"/v.* | awk '{printf "%s %.1f MiB\n", $9, $5/1048576}'

run() { # label, extra args…
  local label=$1; shift
  local t0 t1
  "$bin" "$@" regions load --prefix 50 >/dev/null
  t0=$(date +%s.%N)
  "$bin" "$@" import volunteers "$file" 2>/dev/null | tail -n 1
  t1=$(date +%s.%N)
  awk -v l="$label" -v f="$(basename "$file")" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s %s: %.2f s wall\n", l, f, b - a }'
  t0=$(date +%s.%N)
  "$bin" "$@" keys rotate 2>/dev/null | sed -n 1p
  t1=$(date +%s.%N)
  awk -v l="$label" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s keys rotate: %.2f s wall\n", l, b - a }'
}

for file in "$work/v.xlsx" "$work/v.csv"; do
  rm -rf "$work/data"
  run SQLite --data-dir "$work/data"
  if [ -n "${WUSHE_BENCH_POSTGRES_URL:-}" ]; then
    base=${WUSHE_BENCH_POSTGRES_URL%/*}
    db="wushe_bench_import_$$"
    PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    run PostgreSQL --data-dir "$work/pg" --database-url "$base/$db"
    PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE $db"
  fi
done
