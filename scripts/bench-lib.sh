# Sourced by the benchmark scripts: the release binary, a scratch folder removed on exit, the
# server on a free port, demo sign-in, and running a script's `run` on each engine.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --locked --quiet
bin=$PWD/target/release/wushe
work=$(mktemp -d)
server=
url=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export WUSHE_LOG=warn

need_wrk() { command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }

# serve ARGS…: starts the server on a free port; returns once it answers, with $server and $url set.
serve() {
  local port=$((20000 + RANDOM % 20000))
  WUSHE_BIND=127.0.0.1:$port "$bin" "$@" serve >"$work/server.log" 2>&1 &
  server=$!
  url=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

# login USER: a bearer token for one of the demo's accounts.
login() {
  curl -sf "$url/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"wushe-demo-2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# engines NAME: the script's `run LABEL ARGS…` on SQLite, then, when WUSHE_BENCH_POSTGRES_URL is
# set, on a scratch database NAME of that server, which must be durable.
engines() {
  run SQLite --data-dir "$work/data"
  [ -n "${WUSHE_BENCH_POSTGRES_URL:-}" ] || return 0
  # Acknowledged means durable: a server without fsync would measure nothing of the sort.
  local settings
  settings=$(psql -Atq "$WUSHE_BENCH_POSTGRES_URL" -c "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")
  if [ "$settings" != "on on" ]; then
    echo "PostgreSQL at WUSHE_BENCH_POSTGRES_URL has fsync/synchronous_commit = $settings; start one with" >&2
    echo "  WUSHE_PG_DURABLE=1 WUSHE_PG_DIR=/tmp/wushe-pg-durable WUSHE_PG_PORT=55533 scripts/pg-test-cluster.sh" >&2
    exit 1
  fi
  local db="$1_$$"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  run PostgreSQL --data-dir "$work/pg" --database-url "${WUSHE_BENCH_POSTGRES_URL%/*}/$db"
  PGOPTIONS=--client-min-messages=warning psql -q "$WUSHE_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db"
}
