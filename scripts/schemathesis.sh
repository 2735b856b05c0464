#!/usr/bin/env bash
# On demand: fuzzes the JSON API from its own document (/api/openapi.json) with Schemathesis
# against a demo server, signed in as the platform administrator. Passes when no answer is a
# server error and every answer matches the document (status, content type, schema).
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]     # default 10 examples per operation
#
# Installs Schemathesis into a virtual environment under target/ (PyPI), builds and starts
# `wushe serve --demo` on a throwaway data folder and a free port, and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-10}
venv=target/schemathesis-venv
if [[ ! -x $venv/bin/st ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'schemathesis>=4,<5'
fi
cargo build --release --locked -q
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
target/release/wushe --data-dir "$data" regions load --prefix 50 >/dev/null
WUSHE_LOG=warn target/release/wushe --data-dir "$data" serve --demo --bind "127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 1; done
token=$(curl -sf "$base/api/v1/session" -H 'content-type: application/json' \
    -d '{"login":"admin","password":"wushe-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# Sign-in is left out: its address limit would answer 429 to the fuzzer's hundreds of tries.
# Relief documents are PDF or image bytes, which Schemathesis cannot generate.
"$venv/bin/st" run "$base/api/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --exclude-path /api/v1/session --exclude-path-regex '^/api/v1/relief/[^/]+/documents$' \
    --max-examples "$examples" --seed 2026 --workers 4 \
    --request-timeout 30
