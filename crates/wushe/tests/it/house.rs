//! The shape of the code itself: no two files of one crate reach each other through `crate::`,
//! `super::` and `self::` paths. A circle means neither file can be read, moved or tested without
//! the other; the fix is to move what both need into a third file.
//!
//! A file is a module (`a/b.rs` or `a/b/mod.rs` is `a::b`); a path names the longest module it
//! starts with. The crate root is the crate's front door and is left out, and so are comments
//! and `#[cfg(test)]` modules, which see their parent by design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("under src").with_extension("");
    let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.last().map(String::as_str);
    if last == Some("mod") || (parts.len() == 1 && matches!(last, Some("lib" | "main"))) {
        parts.pop();
    }
    parts
}

/// The length of a character literal at the start of `s` (`'x'`, `'\''`, `'\u{3000}'`), or none
/// for a lifetime.
fn char_literal(s: &str) -> Option<usize> {
    if !s.starts_with('\'') {
        return None;
    }
    let mut chars = s.char_indices().skip(1);
    let (_, first) = chars.next()?;
    if first == '\\' {
        return s[2..].find('\'').map(|e| e + 3).filter(|_| s.len() > 3);
    }
    let (at, second) = chars.next()?;
    (second == '\'').then_some(at + 1)
}

/// The text less its comments, the contents of its string literals and its
/// `#[cfg(test)] mod … { … }` blocks.
pub(crate) fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if text[i..].starts_with("r#\"") {
            i = text[i + 3..].find("\"#").map_or(b.len(), |e| i + 3 + e + 2);
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push_str("\"\"");
        } else if let Some(len) = char_literal(&text[i..]) {
            i += len;
            out.push_str("' '");
        } else {
            let ch = text[i..].chars().next().expect("a character");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    let mut kept = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at..];
        let head = after.find('{').unwrap_or(after.len());
        let is_mod = after[..head].split_whitespace().any(|w| w == "mod");
        if !is_mod {
            kept.push_str("#[cfg(test)]");
            rest = &after["#[cfg(test)]".len()..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (j, c) in after.char_indices().skip(head) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    kept.push_str(rest);
    kept
}

/// `a::{b, c::{d, e}}` as its paths: `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let (head, inner) = (&tree[..open], &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())]);
    let mut items = Vec::new();
    let (mut depth, mut cur) = (0i32, String::new());
    for ch in inner.chars() {
        match ch {
            ',' if depth == 0 => items.push(std::mem::take(&mut cur)),
            '{' => {
                depth += 1;
                cur.push(ch);
            }
            '}' => {
                depth -= 1;
                cur.push(ch);
            }
            _ => cur.push(ch),
        }
    }
    items.push(cur);
    items.iter().filter(|i| !i.is_empty()).flat_map(|i| expand(&format!("{head}{i}"))).collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every `crate::`, `super::` and `self::` path the code names, in `use` items and elsewhere.
fn references(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = String::new();
    let mut text = code;
    while let Some(at) = text.find("use ") {
        let word_start = at == 0 || !is_ident(text[..at].chars().next_back().expect("a character"));
        rest.push_str(&text[..at]);
        let after = &text[at + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if word_start {
            paths.extend(expand(&after[..end]));
            text = &after[end..];
        } else {
            rest.push_str("use ");
            text = after;
        }
    }
    rest.push_str(text);
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = rest[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            if rest[..start].chars().next_back().is_some_and(|c| is_ident(c) || c == '$') {
                continue;
            }
            let end = rest[start..].find(|c: char| !(is_ident(c) || c == ':')).map_or(rest.len(), |e| start + e);
            paths.push(rest[start..end].trim_end_matches(':').to_owned());
        }
    }
    paths
        .into_iter()
        .map(|p| p.split(" as ").next().unwrap_or_default().to_owned())
        .filter(|p| p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::"))
        .collect()
}

fn resolve(path: &str, here: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (mut base, mut rest): (Module, &[&str]) = match segs[0] {
        "crate" => (Vec::new(), &segs[1..]),
        "super" => (here[..here.len().saturating_sub(1)].to_vec(), &segs[1..]),
        _ => (here.clone(), &segs[1..]),
    };
    while rest.first() == Some(&"super") {
        base.pop();
        rest = &rest[1..];
    }
    let full: Module = base.into_iter().chain(rest.iter().map(|s| s.to_string())).collect();
    (1..=full.len()).rev().map(|n| full[..n].to_vec()).find(|m| modules.contains(m))
}

/// Tarjan's strongly connected components with more than one member.
fn circles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on: BTreeSet<Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit(w: &mut Walk, v: &Module) {
        let n = w.index.len();
        w.index.insert(v.clone(), n);
        w.low.insert(v.clone(), n);
        w.stack.push(v.clone());
        w.on.insert(v.clone());
        for t in w.edges.get(v).into_iter().flatten() {
            if !w.index.contains_key(t) {
                visit(w, t);
                let low = w.low[v].min(w.low[t]);
                w.low.insert(v.clone(), low);
            } else if w.on.contains(t) {
                let low = w.low[v].min(w.index[t]);
                w.low.insert(v.clone(), low);
            }
        }
        if w.low[v] == w.index[v] {
            let mut group = Vec::new();
            while let Some(m) = w.stack.pop() {
                w.on.remove(&m);
                let done = &m == v;
                group.push(m);
                if done {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                w.out.push(group);
            }
        }
    }
    let mut w = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !w.index.contains_key(v) {
            visit(&mut w, v);
        }
    }
    w.out
}

fn crate_circles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<Module, PathBuf> = files.iter().map(|f| (module_of(src, f), f.clone())).collect();
    let names: BTreeSet<Module> = modules.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (module, file) in &modules {
        if module.is_empty() {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(file).expect("a source file"));
        let targets: BTreeSet<Module> = references(&code)
            .iter()
            .filter_map(|p| resolve(p, module, &names))
            .filter(|t| t != module && !t.is_empty())
            .collect();
        edges.insert(module.clone(), targets);
    }
    circles(&edges).iter().map(|g| g.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" <-> ")).collect()
}

pub(crate) fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the crates folder").to_path_buf()
}

#[test]
fn no_file_imports_a_file_that_imports_it() {
    let mut found = Vec::new();
    let mut crates: Vec<PathBuf> = std::fs::read_dir(crates_dir())
        .expect("the crates folder")
        .map(|e| e.expect("an entry").path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    crates.sort();
    assert!(crates.len() >= 8, "every crate is walked: {crates:?}");
    for src in &crates {
        let name = src.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        found.extend(crate_circles(src).into_iter().map(|c| format!("{}: {c}", name.clone().unwrap_or_default())));
    }
    assert!(found.is_empty(), "files of one crate that import each other:\n{}", found.join("\n"));
}

/// The walk must be able to fail: two files naming each other are found, through `use` trees,
/// `super::` and paths in code alike, and a comment or a test module is not a reference.
#[test]
fn the_circle_finder_finds_circles() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    std::fs::create_dir_all(src.join("b")).expect("a folder");
    std::fs::write(src.join("lib.rs"), "mod a; mod b;").expect("lib.rs");
    std::fs::write(src.join("a.rs"), "use crate::{b::{c::Thing, other}};\n").expect("a.rs");
    std::fs::write(src.join("b/mod.rs"), "pub mod c;").expect("b/mod.rs");
    std::fs::write(src.join("b/c.rs"), "fn f() { super::super::a::g(); }\n").expect("b/c.rs");
    assert_eq!(crate_circles(src), vec!["a <-> b::c".to_owned()]);

    std::fs::write(src.join("b/c.rs"), "// see crate::a::g\nfn f() { let s = \"crate::a\"; }\n").expect("b/c.rs");
    assert!(crate_circles(src).is_empty(), "a comment or a string names no module");
    std::fs::write(src.join("b/c.rs"), "#[cfg(test)]\nmod tests {\n    use crate::a::g;\n}\n").expect("b/c.rs");
    assert!(crate_circles(src).is_empty(), "a test module sees its parent by design");
}
