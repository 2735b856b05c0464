#!/usr/bin/env python3
"""Lists the files of one crate that reach each other through `crate::`, `super::` and `self::`
paths (in `use` items and in code), as strongly connected groups; exits 1 when there is one.

    scripts/file-cycles.py [CRATE_DIR ...]      # default: every crate under crates/

A file is a module (`a/b.rs` or `a/b/mod.rs` is `a::b`); a path names the longest module it
starts with. The crate root (lib.rs, main.rs) is the crate's front door and is left out, and so
are `#[cfg(test)]` modules, which see their parent by design.
"""

import re
import sys
from pathlib import Path

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
PATH = re.compile(rf"\b(crate|super|self)((?:::{IDENT})+)")


def module_of(src, file):
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ("lib", "main")):
        parts = parts[:-1]
    return tuple(parts)


def without_tests(text):
    """The file less its `#[cfg(test)] mod … { … }` blocks."""
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def expand(tree):
    """`a::{b, c::{d, e}}` as its paths: a::b, a::c::d, a::c::e."""
    tree = re.sub(r"\s+", "", tree)
    if "{" not in tree:
        return [tree]
    head, inner = tree.split("{", 1)
    inner = inner[: inner.rfind("}")]
    items, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        cur += ch
    items.append(cur)
    return [p for item in items if item for p in expand(head + item)]


def references(text):
    paths = []
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        paths += expand(m.group(1))
    paths += [m.group(0) for m in PATH.finditer(re.sub(r"\buse\s+[^;]+;", "", text))]
    return [p.split(" as ")[0] for p in paths if p.startswith(("crate::", "super::", "self::"))]


def resolve(path, here, modules):
    segs = path.split("::")
    if segs[0] == "crate":
        base, rest = (), segs[1:]
    else:
        # `self` is the module itself, `super` the one above, for a file and a folder alike.
        base = here[:-1] if segs[0] == "super" else here
        rest = segs[1:]
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    full = base + tuple(rest)
    for n in range(len(full), 0, -1):
        if full[:n] in modules:
            return full[:n]
    return None


def strongly_connected(edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def crate_cycles(crate):
    src = crate / "src"
    files = {module_of(src, f): f for f in src.rglob("*.rs")}
    modules = set(files)
    edges = {}
    for module, file in files.items():
        if module == ():
            continue
        targets = set()
        for p in references(without_tests(file.read_text())):
            t = resolve(p, module, modules)
            if t and t != module and t != ():
                targets.add(t)
        edges[module] = targets
    name = lambda m: "::".join(m)
    return [[name(m) for m in group] for group in strongly_connected(edges)]


def main():
    root = Path(__file__).resolve().parent.parent
    crates = [Path(a) for a in sys.argv[1:]] or sorted(p.parent for p in (root / "crates").glob("*/Cargo.toml"))
    found = 0
    for crate in crates:
        for group in crate_cycles(crate):
            found += 1
            print(f"{crate.name}: {' <-> '.join(group)}")
    print(f"{found} groups of files that import each other")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
