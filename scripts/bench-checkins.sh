#!/usr/bin/env bash
# Measures COUNT (1,000) volunteers checking in to one activity at the same moment, with the
# release server on SQLite (and on PostgreSQL when WUSHE_BENCH_POSTGRES_URL is set): imports
# COUNT generated volunteers, `wushe bench check-ins` gives each an account, a session and a
# sign-up, then a client opens COUNT connections and sends every scan of the activity's current
# code at once. Reports how many were answered 200, the wall time and latencies, and then counts
# the check-ins in the database and verifies the chains.
set -euo pipefail
count=${COUNT:-1000}
source "$(dirname "$0")/bench-lib.sh"

run() { # label, extra args…
  local label=$1; shift
  "$bin" "$@" regions load --prefix 50 >/dev/null
  "$bin" generate volunteers --count "$count" --prefix 50 "$work/v.csv" >/dev/null
  "$bin" "$@" import volunteers "$work/v.csv" >/dev/null 2>&1
  "$bin" "$@" bench check-ins --count "$count" >"$work/seed.json"
  # Enough open files for every connection at once, on both sides.
  ulimit -n 8192
  serve "$@"
  python3 - "$work/seed.json" "${url##*:}" "$label" <<'PY'
import http.client, json, sys, threading, time
seed = json.load(open(sys.argv[1])); port = int(sys.argv[2]); label = sys.argv[3]
act = seed["activity"]
def call(method, path, token, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, body=json.dumps(body) if body is not None else None,
              headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data
status, data = call("GET", f"/api/v1/activities/{act}/code", seed["staff"])
code = json.loads(data)["code"]
n = len(seed["tokens"])
# Every connection is open and waiting before the first scan is sent.
conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(n)]
for c in conns: c.connect()
start = threading.Barrier(n + 1)
results = [None] * n
def scan(i):
    body = json.dumps({"activity": act, "code": code})
    start.wait()
    t0 = time.perf_counter()
    conns[i].request("POST", "/api/v1/check-in", body=body,
                     headers={"Authorization": "Bearer " + seed["tokens"][i], "Content-Type": "application/json"})
    r = conns[i].getresponse(); r.read()
    results[i] = (r.status, time.perf_counter() - t0)
threads = [threading.Thread(target=scan, args=(i,)) for i in range(n)]
for t in threads: t.start()
t0 = time.perf_counter(); start.wait()
for t in threads: t.join()
wall = time.perf_counter() - t0
ok = sum(1 for s, _ in results if s == 200)
lat = sorted(d for _, d in results)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
print(f"{label}: {n} check-ins at once: {ok} answered 200, {n - ok} otherwise; all answered in {wall:.2f} s; "
      f"latency p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms, max {lat[-1]*1000:.0f} ms")
status, data = call("GET", f"/api/v1/activities/{act}/signups", seed["staff"])
checked = sum(1 for s in json.loads(data) if s["check_in_at"])
print(f"{label}: check-ins in the database afterwards: {checked} of {n}")
PY
  stop
  "$bin" "$@" verify | sed "s/^/$label /"
}

engines wushe_bench_checkins
