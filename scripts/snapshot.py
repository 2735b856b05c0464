#!/usr/bin/env python3
"""Writes what a running demo server answers to every GET it offers, one file per answer, so that
two builds serving copies of one data folder can be compared byte for byte (`snapshot-compare.sh`).

    scripts/snapshot.py BASE_URL OUT_DIR

For each demo account (and signed out): every GET operation of /api/openapi.json, its path
parameters filled from the first item of the list above it; and every page reachable by links
from `/`, breadth first. What changes from one run to the next is replaced by a placeholder:
tokens, and moments within the run (a form's default "now"). Binary answers (xlsx, pdf) are
compared part by part less their package properties (xlsx), or by length (pdf): both hold the
moment they were made.
"""

import hashlib
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from datetime import datetime, timedelta, timezone

ACCOUNTS = ["admin", "cq.admin", "wz.center", "wz.station", "wz.room", "wz.org", "wz.volunteer", "wz.resident"]
PASSWORD = "wushe-demo-2026"
PAGES_PER_ROLE = 600
CHINA = timezone(timedelta(hours=8))
# Links a crawl must not follow: they change the session or the language.
SKIP = re.compile(r"^/(logout|lang)\b")
TEXT = re.compile(r"^(text/|application/(json|javascript|xml))")


class Fetcher:
    def __init__(self, base, token):
        self.base = base
        self.token = token

    def get(self, path):
        req = urllib.request.Request(self.base + path)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
            req.add_header("Cookie", f"wushe_session={self.token}")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=60) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base, login):
    body = json.dumps({"login": login, "password": PASSWORD}).encode()
    req = urllib.request.Request(base + "/api/v1/session", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as res:
        return json.load(res)["token"]


class Normaliser:
    """Replaces what differs between runs: tokens, and moments between the start and the end."""

    def __init__(self, start):
        self.start = start

    def __call__(self, text, tokens):
        for t in tokens:
            text = text.replace(t, "<token>")
        text = re.sub(r'(name="(csrf|_csrf|csrf_token)"\s+value=")[^"]*', r"\1<csrf>", text)
        text = re.sub(r"(wushe_csrf=|_csrf=)[^;&\s\"]*", r"\1<csrf>", text)
        # A form's key for sending it once is new on every load.
        text = re.sub(r'(name="idempotency_key"\s+value=")[^"]*', r"\1<key>", text)
        lo, hi = self.start - 120, time.time() + 120
        text = re.sub(r"\b1[6-9]\d{11}\b", lambda m: "<now-ms>" if lo * 1000 <= int(m.group()) <= hi * 1000 else m.group(), text)
        # What the run audits (its sign-ins) is chained in: hashes of events of the run follow the moment.
        text = re.sub(r'("at":<now-ms>[^}]*"hash":")[0-9a-f]{64}', r"\1<run>", text)
        moment = datetime.fromtimestamp(lo, CHINA).replace(second=0, microsecond=0)
        end = datetime.fromtimestamp(hi, CHINA)
        while moment <= end:
            for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
                text = text.replace(moment.strftime(fmt), "<now>")
            moment += timedelta(minutes=1)
        return text


def file_name(kind, path):
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/")) or "root"
    if len(safe) > 120:
        safe = safe[:100] + "_" + hashlib.sha256(path.encode()).hexdigest()[:16]
    return f"{kind}/{safe}.txt"


def record(out, who, kind, path, answer, normalise, tokens):
    status, headers, body = answer
    ctype = headers.get("Content-Type", "")
    location = headers.get("Location", "")
    if TEXT.match(ctype):
        shown = normalise(body.decode("utf-8", "replace"), tokens)
    elif body[:2] == b"PK":
        shown = workbook(body, normalise, tokens)
    else:
        shown = f"<{len(body)} bytes>"
    target = out / who / file_name(kind, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"GET {path}\n{status} {ctype}\n{('Location: ' + location + chr(10)) if location else ''}\n{shown}\n")
    return status, ctype, body


def workbook(body, normalise, tokens):
    """An xlsx as its parts' text, less the package properties (they hold the moment it was made)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as z:
        parts = [n for n in sorted(z.namelist()) if not n.startswith("docProps/")]
        return "".join(f"--- {n}\n{normalise(z.read(n).decode('utf-8', 'replace'), tokens)}\n" for n in parts)


def first_value(list_body, key):
    """The first item's `key` (or `id`) of a list answer, whatever its shape."""
    try:
        data = json.loads(list_body)
    except ValueError:
        return None
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            for item in node:
                if isinstance(item, dict):
                    for k in (key, "id", "code"):
                        if isinstance(item.get(k), (str, int)):
                            return str(item[k])
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return None


def api(fetch, out, who, doc, normalise, tokens):
    answers, unresolved = {}, []
    paths = sorted(p for p, ops in doc["paths"].items() if "get" in ops)
    for path in paths:
        concrete = path
        for name in re.findall(r"\{([^}]+)\}", path):
            head = concrete.split("{" + name + "}")[0].rstrip("/")
            listed = answers.get(head)
            value = first_value(listed, name) if listed else None
            if value is None:
                concrete = None
                break
            concrete = concrete.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
        if concrete is None:
            unresolved.append(path)
            continue
        status, _, body = record(out, who, "api", concrete, fetch.get(concrete), normalise, tokens)
        if status == 200:
            answers[concrete] = body
    # Operations whose path could not be filled from a list: named, so that a change shows.
    (out / who / "api-unresolved.txt").write_text("".join(p + "\n" for p in unresolved))


def pages(fetch, out, who, normalise, tokens):
    seen, queue = {"/"}, deque(["/"])
    while queue and len(seen) <= PAGES_PER_ROLE:
        path = queue.popleft()
        answer = fetch.get(path)
        status, ctype, body = record(out, who, "page", path, answer, normalise, tokens)
        links = re.findall(r'href="(/[^"#]*)"', body.decode("utf-8", "replace")) if ctype.startswith("text/html") else []
        if status in (301, 302, 303, 307, 308):
            links = [urllib.parse.urlsplit(answer[1].get("Location", "")).path or "/"]
        for link in links:
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.match(link) and not link.startswith("/static/"):
                seen.add(link)
                queue.append(link)


def main():
    from pathlib import Path

    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    normalise = Normaliser(time.time())
    doc = json.loads(Fetcher(base, None).get("/api/openapi.json")[2])
    for who in [None] + ACCOUNTS:
        token = sign_in(base, who) if who else None
        tokens = [token] if token else []
        fetch = Fetcher(base, token)
        name = who or "signed-out"
        api(fetch, out, name, doc, normalise, tokens)
        pages(fetch, out, name, normalise, tokens)
        print(f"{name}: {sum(1 for _ in (out / name).rglob('*.txt'))} answers", flush=True)


if __name__ == "__main__":
    main()
