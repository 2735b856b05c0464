#!/usr/bin/env bash
# Memory at scale, on a kept data folder made by `wushe demo --scale N` (DATA=folder, required;
# add DATABASE_URL=postgres://… for PostgreSQL):
#   - `wushe figures check`, `wushe verify`, `wushe backup` and (SQLite) `wushe restore` of that
#     backup into a new folder: time and peak resident memory (/usr/bin/time -v);
#   - the server under sustained load: ROUNDS (4) rounds of SECONDS_PER_ROUND (60) s of wrk, CLIENTS (16)
#     connections, each request one of figures, service records, volunteers, needs and residents
#     of a random region at every level; resident memory after each round, and the peak.
# SERVER_ONLY=1 skips the whole-database commands.
set -euo pipefail
: "${DATA:?DATA=<data folder made by wushe demo --scale N>}"
rounds=${ROUNDS:-4} seconds=${SECONDS_PER_ROUND:-60} clients=${CLIENTS:-16}
source "$(dirname "$0")/bench-lib.sh"
need_wrk
args=(--data-dir "$DATA")
[ -n "${DATABASE_URL:-}" ] && args+=(--database-url "$DATABASE_URL")

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { tail -20 "$work/out" "$work/time"; exit 1; }
  awk -v l="$label" -F': ' '/Maximum resident set size/ { rss = $2 } /Elapsed \(wall clock\)/ { t = $2 }
    END { printf "%s: %s wall, peak %.1f MiB\n", l, t, rss / 1024 }' "$work/time"
}
if [ -z "${SERVER_ONLY:-}" ]; then
  measure "figures check" "$bin" "${args[@]}" figures check
  measure "verify" "$bin" "${args[@]}" verify
  measure "backup" "$bin" "${args[@]}" backup "$work/backup"
  echo "backup: $(du -sh "$work/backup" | cut -f1)"
  if [ -z "${DATABASE_URL:-}" ]; then
    mkdir -m 700 "$work/restored" && cp "$DATA/data.key" "$work/restored/"
    measure "restore" "$bin" --data-dir "$work/restored" restore "$work/backup"
    rm -rf "$work/restored"
  fi
  rm -rf "$work/backup"
fi

serve "${args[@]}"
token=$(login cq.admin)
regions=(50 5001 500103 500103001 500103001003 500112 500112002 500101 500101001)
cat >"$work/mix.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
local regions = {$(printf '"%s", ' "${regions[@]}")}
local kinds = {"figures/%s?period=2025", "figures/%s?from=2006-12-01&to=2026-11-29",
  "service-records?region=%s&limit=50", "volunteers?region=%s&limit=50",
  "needs?region=%s&limit=50", "residents?region=%s&limit=50"}
request = function()
  local kind = kinds[math.random(#kinds)]
  return wrk.format("GET", "/api/v1/" .. string.format(kind, regions[math.random(#regions)]))
end
LUA
rss() { awk '/^VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server/status"; }
echo "server idle after sign-in: $(rss)"
for round in $(seq "$rounds"); do
  wrk -t2 -c"$clients" -d"${seconds}s" -s "$work/mix.lua" "$url" >"$work/wrk"
  reqs=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk")
  bad=$(awk '/Non-2xx/ { print $5 }' "$work/wrk")
  echo "round $round: $reqs requests/s, ${bad:-0} non-2xx; resident $(rss)"
done
awk '/^VmHWM/ { printf "server peak resident: %.1f MiB\n", $2 / 1024 }' "/proc/$server/status"
stop
