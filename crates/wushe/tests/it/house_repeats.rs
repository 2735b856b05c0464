//! Outside tests, no block of more than 20 lines stands twice in `crates/`: neither the same lines
//! nor the same shape with other names, numbers and strings. What two places share belongs in one
//! function, macro or table that both use.
//!
//! Lines are compared without comments, blank lines, lone brackets and `use`/`mod` lines. For the
//! shape, every name that is not a Rust keyword reads as `i`, every number as `0`, every string as
//! `""`. A run of the same lines counts wherever it stands. A run of the same shape counts unless
//! it spans two free functions, since a list of separate short functions (handlers of a few lines
//! each, one after another) is not one block written twice; and when its lines take fewer than seven shapes, since that is a
//! table of entries (a catalog, a route list, an enum's variants), not a block.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::house::{code_only, crates_dir, rust_files};

/// A block of this many lines may not stand twice.
const MOST: usize = 20;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct",
    "super", "trait", "true", "type", "unsafe", "where", "while", "Ok", "Err", "Some", "None",
];

struct Line {
    /// 1-based line number in the file.
    at: usize,
    exact: String,
    shape: String,
    /// A function at the left margin starts here (its attributes included).
    item_start: bool,
    margin: bool,
}

fn shape_of(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            out.push('0');
        } else if KEYWORDS.contains(&word.as_str()) {
            out.push_str(word);
        } else {
            out.push('i');
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn lines_of(code: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for (n, raw) in code.lines().enumerate() {
        let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let bare = folded.trim_start_matches("pub ").trim_start_matches("pub(crate) ");
        let punctuation_only = folded.chars().all(|c| "{}()[];,".contains(c) || c == ' ');
        if punctuation_only || bare.starts_with("use ") || bare.starts_with("mod ") {
            continue;
        }
        let margin = !raw.starts_with(char::is_whitespace);
        let function = margin && (bare.starts_with("fn ") || bare.starts_with("async fn "));
        if function {
            // The attributes above a function are its first lines.
            let mut k = out.len();
            while k > 0 && out[k - 1].exact.starts_with("#[") && out[k - 1].margin {
                k -= 1;
            }
            if let Some(l) = out.get_mut(k) {
                l.item_start = true;
            }
        }
        out.push(Line { at: n + 1, shape: shape_of(&folded), exact: folded, item_start: function, margin });
    }
    out
}

/// `path:first-last ~ path:first-last (same lines | same shape)` for every pair found.
fn repeats(files: &[(String, String)]) -> Vec<String> {
    use std::hash::{Hash, Hasher};
    let run = MOST + 1;
    let read: Vec<(String, Vec<Line>)> = files.iter().map(|(name, text)| (name.clone(), lines_of(text))).collect();
    let mut first: HashMap<(bool, u64), (usize, usize)> = HashMap::new();
    // (earlier file, later file, offset between the two, earlier start, later start)
    let mut matches: Vec<(usize, usize, i64, usize, usize)> = Vec::new();
    for (f, (_, lines)) in read.iter().enumerate() {
        for start in 0..lines.len().saturating_sub(run - 1) {
            let window = &lines[start..start + run];
            let one_item = window[1..].iter().all(|l| !l.item_start);
            let shapes: std::collections::HashSet<&str> = window.iter().map(|l| l.shape.as_str()).collect();
            let table = shapes.len() < run / 3;
            for exact in [true, false] {
                if !exact && (!one_item || table) {
                    continue;
                }
                let mut h = std::collections::hash_map::DefaultHasher::new();
                window.iter().for_each(|l| if exact { &l.exact } else { &l.shape }.hash(&mut h));
                let (g, other) = *first.entry((exact, h.finish())).or_insert((f, start));
                let offset = start as i64 - other as i64;
                if (g, other) != (f, start) && !(g == f && offset < run as i64) {
                    matches.push((g, f, offset, other, start));
                }
            }
        }
    }
    matches.sort();
    matches.dedup();
    let mut found = Vec::new();
    let mut i = 0;
    while i < matches.len() {
        let (g, f, offset, a, b) = matches[i];
        let mut last = a;
        while i + 1 < matches.len() {
            let (g2, f2, o2, a2, _) = matches[i + 1];
            if (g2, f2, o2) != (g, f, offset) || a2 > last + run {
                break;
            }
            last = a2;
            i += 1;
        }
        i += 1;
        let (gl, fl) = (&read[g].1, &read[f].1);
        let len = last - a + run;
        let kind = if (0..len).all(|k| gl[a + k].exact == fl[b + k].exact) { "same lines" } else { "same shape" };
        found.push(format!(
            "{}:{}-{} ~ {}:{}-{} ({kind})",
            read[g].0,
            gl[a].at,
            gl[a + len - 1].at,
            read[f].0,
            fl[b].at,
            fl[b + len - 1].at
        ));
    }
    found
}

/// Every source file and template of `crates/`, tests left out: the `tests/` folders, and the
/// `#[cfg(test)]` modules inside sources.
fn sources() -> Vec<(String, String)> {
    let root = crates_dir();
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&root).expect("the crates folder") {
        let dir = entry.expect("an entry").path();
        if dir.join("src").is_dir() {
            rust_files(&dir.join("src"), &mut files);
        }
        if dir.join("templates").is_dir() {
            collect_html(&dir.join("templates"), &mut files);
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("a source file");
            let text = if f.extension().is_some_and(|e| e == "rs") { code_only(&text) } else { text };
            (f.strip_prefix(&root).unwrap_or(f).display().to_string(), text)
        })
        .collect()
}

fn collect_html(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect_html(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn no_block_stands_twice() {
    let files = sources();
    assert!(files.len() > 300, "every source file is read: {}", files.len());
    let found = repeats(&files);
    assert!(found.is_empty(), "blocks of more than {MOST} lines that stand twice:\n{}", found.join("\n"));
}

/// The check must be able to fail: a block copied with other names is found, and so is one copied
/// to the letter across items; a table of entries and a list of short handlers are not blocks.
#[test]
fn the_repeat_finder_finds_repeats() {
    let block = |name: &str, field: &str| {
        let mut s = format!("impl {name} {{\n");
        for (i, v) in ["A", "B", "C", "D"].iter().enumerate() {
            s.push_str(&format!("    pub fn key_{i}(self) -> &'static str {{\n        match self {{\n"));
            s.push_str(&format!(
                "            {name}::{v} => \"{v}\",\n            _ => \"{field}\",\n        }}\n    }}\n"
            ));
            s.push_str(&format!("    pub fn parse_{i}(raw: &str) -> Result<{name}, E> {{\n"));
            s.push_str(&format!(
                "        let s = raw.trim();\n        if s.is_empty() {{ return Err(E::new(Field::{field})); }}\n"
            ));
            s.push_str(&format!("        Ok({name}::{v})\n    }}\n"));
        }
        s + "}\n"
    };
    let files = vec![("a.rs".to_owned(), block("IdKind", "IdKind")), ("b.rs".to_owned(), block("Licence", "Licence"))];
    let found = repeats(&files);
    assert!(!found.is_empty(), "a block with other names is found");
    assert!(
        found.iter().all(|f| f.starts_with("a.rs:") && f.contains("~ b.rs:") && f.ends_with("(same shape)")),
        "{found:?}"
    );

    let handlers = |n: usize| {
        (0..n).map(|i| format!("pub async fn h{i}(\n    State(s): State<S>,\n    Path(id): Path<String>,\n) -> R {{\n    ops::h{i}(&s, &id).await\n}}\n")).collect::<String>()
    };
    let files = vec![("a.rs".to_owned(), handlers(6)), ("b.rs".to_owned(), handlers(6).replace("ops::", "other::"))];
    assert!(repeats(&files).is_empty(), "separate short items are not one block");
    let files = vec![("a.rs".to_owned(), handlers(6)), ("b.rs".to_owned(), handlers(6))];
    assert!(repeats(&files)[0].ends_with("(same lines)"), "the same lines count across items");

    let table =
        |p: &str| (0..30).map(|i| format!("    {p}{i} => Text::new(\"中{i}\", \"en{i}\"),\n")).collect::<String>();
    let files = vec![
        ("a.rs".to_owned(), format!("fn a() {{\n{}}}\n", table("A"))),
        ("b.rs".to_owned(), format!("fn b() {{\n{}}}\n", table("B"))),
    ];
    assert!(repeats(&files).is_empty(), "a table of entries is not a block");
}
