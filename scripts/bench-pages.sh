#!/usr/bin/env bash
# Page latency for every role: the release server on the demo (SQLite, and PostgreSQL when
# WUSHE_BENCH_POSTGRES_URL is set), each demo account signed in, and every page its role uses
# requested RUNS times (default 20) in turn after one warm-up. Prints p50, p95 and the slowest
# per page and role, and the pages over the goal (GOAL_MS, default 200). With SCALE=N the demo
# is `demo --scale N` (the issue's second goal: < 500 ms p95 at scale 100). MESSAGES=N (default
# 100000) messages are written to wz.room first (`wushe bench messages`, which also times the
# inbox's queries), so its workbench and inbox are measured with that many.
set -euo pipefail
runs=${RUNS:-20}
goal=${GOAL_MS:-200}
scale=${SCALE:-}
messages=${MESSAGES:-100000}
source "$(dirname "$0")/bench-lib.sh"

run() { # label, extra args…
  local label=$1; shift
  "$bin" "$@" regions load >/dev/null
  "$bin" "$@" demo >/dev/null
  if [ -n "$scale" ]; then "$bin" "$@" demo --scale "$scale" >/dev/null; fi
  echo "## messages, $label"
  "$bin" "$@" bench messages --count "$messages" --account wz.room
  serve "$@"
  python3 - "$url" "$label${scale:+, scale $scale}" "$runs" "$goal" <<'PY'
import http.client, json, statistics, sys, time, urllib.parse
url, label, runs, goal = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
host = urllib.parse.urlparse(url)
def call(path, token=None, body=None):
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    headers = {"Accept-Language": "zh-CN"}
    if token: headers["Cookie"] = "wushe_session=" + token
    if body is not None: headers["Content-Type"] = "application/json"
    t = time.perf_counter()
    c.request("POST" if body is not None else "GET", path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data, (time.perf_counter() - t) * 1000
STAFF = ["/", "/inbox", "/me", "/service-points", "/needs", "/needs?open=1",
         "/service-records", "/residents", "/volunteers", "/organizations", "/social-workers", "/donors",
         "/accounts", "/audit", "/activities", "/funds", "/relief", "/hours", "/hours/desk", "/referrals"]
PAGES = {
    "admin": STAFF + ["/regions/CN", "/figures/CN"], "cq.admin": STAFF + ["/regions/50", "/figures/50"],
    "wz.center": STAFF + ["/regions/500101", "/figures/500101"],
    "wz.station": STAFF + ["/regions/500101001"], "wz.room": STAFF + ["/regions/500101001001"],
    "wz.org": ["/", "/inbox", "/me", "/referrals", "/hours/desk", "/funds", "/relief", "/public/activities"],
    "wz.volunteer": ["/", "/inbox", "/me", "/tasks", "/me/hours", "/public/activities"],
    "wz.resident": ["/", "/inbox", "/me", "/public/activities"],
    "(visitor)": ["/", "/help", "/help?in=50", "/help?in=500101&q=dfgc", "/public/activities", "/public/wishes",
                  "/public/funds", "/public/certificates", "/login"],
}
rows, over = [], []
for who, pages in PAGES.items():
    token = None
    if not who.startswith("("):
        s, data, _ = call("/api/v1/session", body={"login": who, "password": "wushe-demo-2026"})
        assert s == 200, (who, s, data[:200])
        token = json.loads(data)["token"]
    for page in pages:
        s, _, _ = call(page, token)
        # A role's refusal or a redirect (to one's own region, say) is not a page of that role.
        if s == 403 or 300 <= s < 400:
            continue
        assert s == 200, (who, page, s)
        times = sorted(call(page, token)[2] for _ in range(runs))
        p50, p95 = statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]
        rows.append((who, page, p50, p95, times[-1]))
        if p95 > goal: over.append((who, page, p95))
print(f"## page latency, {label}: {runs} requests each, ms")
print(f"{'account':<13} {'page':<28} {'p50':>7} {'p95':>7} {'max':>7}")
for who, page, p50, p95, mx in rows:
    print(f"{who:<13} {page:<28} {p50:7.1f} {p95:7.1f} {mx:7.1f}")
worst = max(rows, key=lambda r: r[3])
print(f"pages: {len(rows)}; slowest p95: {worst[3]:.1f} ms ({worst[0]} {worst[1]}); over {goal:.0f} ms: {len(over)}")
for who, page, p95 in over: print(f"  OVER GOAL {who} {page} p95 {p95:.1f} ms")
PY
  stop
}

engines pages
