#!/usr/bin/env bash
# On demand, around a change meant to leave the product as it was: builds BASE (a git revision,
# default main) and the working tree, loads the demo once with BASE's binary, serves a copy of
# that data folder with each build in turn, writes every page and API answer of each
# (scripts/snapshot.py) and compares them. Exits non-zero on any difference; the two trees stay
# in target/snapshot/{base,head} for `diff -r`.
#
#   scripts/snapshot-compare.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:-main}
root=$PWD/target/snapshot
rm -rf "$root/base" "$root/head" "$root/data" "$root/run"
mkdir -p "$root"

# BASE's binary, built from a worktree of its own so the working tree is left alone.
src=$root/base-src
git worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
git worktree add --detach -q "$src" "$base_rev"
trap 'git worktree remove --force "$src" 2>/dev/null || true; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; true' EXIT
(cd "$src" && CARGO_TARGET_DIR=$root/target-base cargo build --release --locked -q)
cargo build --release --locked -q
base_bin=$root/target-base/release/wushe
head_bin=$PWD/target/release/wushe

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
serve() { # binary, data folder, [--demo]
  WUSHE_LOG=warn "$1" --data-dir "$2" serve ${3:-} --bind "127.0.0.1:$port" >"$2.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "$url/healthz" >/dev/null && return; sleep 0.5; done
  echo "the server did not start: $2.log" >&2
  exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

mkdir -m 700 "$root/data"
"$base_bin" --data-dir "$root/data" regions load --prefix 50 >/dev/null
serve "$base_bin" "$root/data" --demo
stop

for side in base head; do
  bin=$base_bin
  [ "$side" = head ] && bin=$head_bin
  cp -a "$root/data" "$root/run"
  serve "$bin" "$root/run"
  python3 scripts/snapshot.py "$url" "$root/$side"
  stop
  rm -rf "$root/run" "$root/run.log"
done

if diff -r -q "$root/base" "$root/head" >"$root/differences"; then
  echo "snapshot: $(find "$root/base" -name '*.txt' | wc -l) answers, all the same"
else
  echo "snapshot: $(wc -l <"$root/differences") answers differ (diff -r $root/base $root/head):"
  head -20 "$root/differences"
  exit 1
fi
