//! Anchors of the hash chains outside the database: `<data_dir>/chain-anchors.log`, a file only
//! ever appended to, one line per chain head: `chain seq hash at key-id mac`. The MAC is keyed
//! with a key derived from the data key, which the database never holds, so nobody with only the
//! database can write a line that checks; `wushe verify` then requires every anchored row to be
//! there with the anchored hash. Cutting the newest rows off (and rolling the head back), or
//! changing a row and recomputing every hash after it, is seen as soon as an anchor covers it:
//! the server anchors every minute, after a key rotation and before a backup.

use std::io::Write;
use std::path::{Path, PathBuf};

use wushe_store::chains::{self, Head};
use wushe_store::{Db, StoreError};

pub const FILE: &str = "chain-anchors.log";

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// A short name of the key the MACs are made with: lines made before a key rotation are told apart.
fn key_id(db: &Db) -> String {
    db.crypto.index("anchor key", "id").chars().filter(char::is_ascii_alphanumeric).take(8).collect()
}

fn mac(db: &Db, body: &str) -> String {
    db.crypto.index("anchor", body)
}

/// Appends a line for each chain whose head is not the last one anchored. Returns how many.
pub async fn append(file: &Path, db: &Db, last: &mut Vec<Head>) -> Result<usize, AnchorError> {
    let heads = chains::heads(db).await?;
    let fresh: Vec<&Head> = heads.iter().filter(|h| h.seq > 0 && !last.contains(h)).collect();
    if fresh.is_empty() {
        return Ok(0);
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut out = opts.open(file).map_err(|e| AnchorError::Io(file.display().to_string(), e))?;
    let text = lines(db, fresh.into_iter());
    out.write_all(text.as_bytes())
        .and_then(|()| out.sync_data())
        .map_err(|e| AnchorError::Io(file.display().to_string(), e))?;
    let n = text.lines().count();
    *last = heads;
    Ok(n)
}

/// Anchor lines for `heads`, MAC'd now: what [`append`] writes, and what a backup carries for
/// the heads of its own copy.
pub fn lines<'a>(db: &Db, heads: impl Iterator<Item = &'a Head>) -> String {
    let (kid, at) = (key_id(db), wushe_store::now_ms());
    let mut text = String::new();
    for h in heads.filter(|h| h.seq > 0) {
        let body = format!("{} {} {} {at} {kid}", h.chain, h.seq, h.hash);
        text.push_str(&format!("{body} {}\n", mac(db, &body)));
    }
    text
}

/// What the anchors say about the database: problems (a line whose MAC fails, a row cut off or
/// changed since it was anchored), and how many lines were checked.
#[derive(Debug, Default)]
pub struct Checked {
    pub lines: usize,
    /// Lines from before a key rotation: their MAC cannot be checked, their rows still are.
    pub older_key: usize,
    pub problems: Vec<String>,
}

pub async fn check(file: &Path, db: &Db) -> Result<Checked, AnchorError> {
    let mut out = Checked::default();
    let io = |e| AnchorError::Io(file.display().to_string(), e);
    // Read a line at a time: the file only ever grows.
    let reader = match std::fs::File::open(file) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(e)),
    };
    let kid = key_id(db);
    let heads = chains::heads(db).await?;
    for (n, line) in std::io::BufRead::lines(reader).enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        out.lines += 1;
        let fields: Vec<&str> = line.split(' ').collect();
        let [chain, seq, hash, _at, line_kid, line_mac] = fields[..] else {
            out.problems.push(format!("{FILE}:{}: not an anchor line", n + 1));
            continue;
        };
        if line_kid == kid {
            let body = fields[..5].join(" ");
            if mac(db, &body) != line_mac {
                out.problems.push(format!(
                    "{FILE}:{}: the anchor's MAC does not check (the line was written by someone without the key)",
                    n + 1
                ));
                continue;
            }
        } else {
            out.older_key += 1;
        }
        let Ok(seq) = seq.parse::<i64>() else {
            out.problems.push(format!("{FILE}:{}: not an anchor line", n + 1));
            continue;
        };
        let head = heads.iter().find(|h| h.chain == chain).map_or(0, |h| h.seq);
        match chains::hash_at(db, chain, seq).await? {
            Some(h) if h == hash && head >= seq => {}
            Some(_) => {
                out.problems.push(format!("{chain} #{seq}: the row differs from the one anchored ({FILE}:{})", n + 1))
            }
            None => out.problems.push(format!("{chain} #{seq}: the anchored row is gone ({FILE}:{})", n + 1)),
        }
    }
    Ok(out)
}

#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    #[error("cannot read or write the chain anchors {0}: {1}")]
    Io(String, std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}
