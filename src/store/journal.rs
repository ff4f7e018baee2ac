//! The erasure journal: which subjects were erased (or blocked under a retention duty) and
//! when, kept apart from the stores, beside the keys, so that a restored older backup of the
//! stores cannot bring an erased customer back: every start re-applies it
//! (`service/erasure_journal.rs`).
//!
//! A directory (`CUSTODIA_ERASURE_JOURNAL_DIR`) of append-only files, one per server process
//! that wrote to it: a process creates its own file with its first entry and no other process
//! ever appends to it, so instances on one PostgreSQL share the directory without locks, and
//! every instance reads every file at start. Each line is one JSON object: the entry, its
//! number in the file (`seq`), when it was written (`at_us`), the MAC of the line before it
//! (`prev`, empty on the first) and, last, its own `mac`: HMAC-SHA256 over the line without
//! the `mac` member, under a key derived from the keyring ([`JournalMac`]). An edited, removed,
//! reordered or forged line stops the start. Only a cut at the very end of a file cannot be
//! told from a crash while writing: an unterminated last line is ignored, and the start fills
//! in from the stores' tombstones what the journal lacks (the service's backfill).
//!
//! An erasure is journalled (written and fsync'd) before it runs, so an erasure the process
//! did not finish is re-applied too. Nothing here identifies a person: random subject ids,
//! times, receipt hashes, and the names of the fields and purposes a retention duty keeps.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::crypto::JournalMac;
use crate::domain::SubjectId;

/// Journal files are `erasures-<UTC time>-<random>.jsonl`; nothing else in the directory is read.
const FILE_PREFIX: &str = "erasures-";
const FILE_SUFFIX: &str = ".jsonl";
/// The line format's version.
const VERSION: u32 = 1;

/// One journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JournalEntry {
    /// The first line of every file: the public id of the key that MACs it, so that a file
    /// of another keyring is named as such.
    Open { key_id: String },
    /// `subjects` are erased in full (crypto-shredded) as part of `person`'s erasure: the
    /// person first and every subject merged into it, or, when a retention duty blocks the
    /// person's own erasure, only the subjects merged into it.
    Erase {
        erasure: Uuid,
        person: SubjectId,
        subjects: Vec<SubjectId>,
        erased_at_us: i64,
    },
    /// `person`'s erasure is blocked by a retention duty until `until_us`: only
    /// `fields_kept` stay (restricted to `purposes`), no identifier, and only the events
    /// collected for `purposes`.
    Block {
        erasure: Uuid,
        person: SubjectId,
        until_us: i64,
        purposes: Vec<String>,
        fields_kept: Vec<String>,
    },
    /// The erasure (or block) `erasure` finished with the receipt of this hash.
    Done {
        erasure: Uuid,
        receipt_sha256: String,
    },
}

/// An entry as read back, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRecord {
    /// The file's name (not its path).
    pub file: String,
    pub seq: u64,
    pub at_us: i64,
    pub entry: JournalEntry,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// A line that does not verify: the message names the file and line, never its content.
    #[error("erasure journal {path}, line {line}: {why}")]
    Broken {
        path: String,
        line: u64,
        why: String,
    },
    #[error("erasure journal {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A line's signed part; the `mac` member follows `entry` in the line.
#[derive(Serialize, Deserialize)]
struct LineBody {
    v: u32,
    seq: u64,
    at_us: i64,
    prev: String,
    entry: JournalEntry,
}

/// The erasure journal, or none (`CUSTODIA_ERASURE_JOURNAL_DIR=off`). Cheap to clone.
#[derive(Clone, Debug)]
pub struct ErasureJournal {
    inner: Option<Arc<Inner>>,
}

#[derive(Debug)]
struct Inner {
    dir: PathBuf,
    mac: JournalMac,
    /// This process's own file, once it has written one.
    writer: Mutex<Option<Writer>>,
}

#[derive(Debug)]
struct Writer {
    file: File,
    path: PathBuf,
    seq: u64,
    prev: String,
}

impl ErasureJournal {
    /// No journal: appends do nothing, reads find nothing.
    pub fn off() -> Self {
        Self { inner: None }
    }

    /// The journal in `dir` (created, mode 0700, when missing), every file of it read and
    /// verified once: a line that does not verify is an error.
    pub fn open(dir: &Path, mac: JournalMac) -> Result<Self, JournalError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(io(dir))?;
        let journal = Self {
            inner: Some(Arc::new(Inner {
                dir: dir.to_path_buf(),
                mac,
                writer: Mutex::new(None),
            })),
        };
        journal.read_blocking()?;
        Ok(journal)
    }

    /// Whether entries are kept at all.
    pub fn is_on(&self) -> bool {
        self.inner.is_some()
    }

    /// The directory, when on.
    pub fn dir(&self) -> Option<&Path> {
        self.inner.as_deref().map(|i| i.dir.as_path())
    }

    /// Appends `entries` to this process's file (created with the first) and waits until
    /// they are on disk (fsync). After an error the file is left as it is (an unterminated
    /// line at its end is ignored when read) and the next append starts a new file.
    pub async fn append(&self, entries: Vec<JournalEntry>) -> Result<(), JournalError> {
        let Some(inner) = self.inner.clone() else {
            return Ok(());
        };
        if entries.is_empty() {
            return Ok(());
        }
        let dir = inner.dir.clone();
        tokio::task::spawn_blocking(move || inner.append(entries))
            .await
            .map_err(|e| JournalError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?
    }

    /// Every entry of every file, verified, in file-name order and line order within a file.
    pub async fn read(&self) -> Result<Vec<JournalRecord>, JournalError> {
        let this = self.clone();
        let dir = self.dir().map(Path::to_path_buf).unwrap_or_default();
        tokio::task::spawn_blocking(move || this.read_blocking())
            .await
            .map_err(|e| JournalError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?
    }

    fn read_blocking(&self) -> Result<Vec<JournalRecord>, JournalError> {
        let Some(inner) = &self.inner else {
            return Ok(Vec::new());
        };
        let mut names = Vec::new();
        for item in std::fs::read_dir(&inner.dir).map_err(io(&inner.dir))? {
            let item = item.map_err(io(&inner.dir))?;
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX) {
                names.push(name);
            }
        }
        names.sort();
        let mut records = Vec::new();
        for name in names {
            let path = inner.dir.join(&name);
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            records.extend(verify_file(&inner.mac, &path, &name, &bytes)?);
        }
        Ok(records)
    }
}

impl Inner {
    fn append(&self, entries: Vec<JournalEntry>) -> Result<(), JournalError> {
        let mut slot = self.writer.lock().map_err(|_| JournalError::Io {
            path: self.dir.display().to_string(),
            source: std::io::Error::other("journal writer lock poisoned"),
        })?;
        let mut writer = match slot.take() {
            Some(w) => w,
            None => self.create_file()?,
        };
        let mut buf = Vec::new();
        let (mut seq, mut prev) = (writer.seq, writer.prev.clone());
        for entry in entries {
            seq += 1;
            let line = self.line(seq, &prev, entry)?;
            prev = line.1;
            buf.extend_from_slice(line.0.as_bytes());
        }
        let path = writer.path.clone();
        writer.file.write_all(&buf).map_err(io(&path))?;
        writer.file.sync_data().map_err(io(&path))?;
        (writer.seq, writer.prev) = (seq, prev);
        // Only a file whose every write went through is written to again.
        *slot = Some(writer);
        Ok(())
    }

    /// A line (with its newline) and its MAC.
    fn line(
        &self,
        seq: u64,
        prev: &str,
        entry: JournalEntry,
    ) -> Result<(String, String), JournalError> {
        let body = LineBody {
            v: VERSION,
            seq,
            at_us: crate::store::now_us(),
            prev: prev.to_owned(),
            entry,
        };
        let body = serde_json::to_string(&body).map_err(|e| JournalError::Io {
            path: self.dir.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let mac = self.mac.sign(body.as_bytes());
        let open = body.strip_suffix('}').unwrap_or(&body);
        Ok((format!("{open},\"mac\":\"{mac}\"}}\n"), mac))
    }

    /// A new file of this process, with its `open` line on disk and the directory entry too.
    fn create_file(&self) -> Result<Writer, JournalError> {
        let mut random = [0u8; 8];
        crate::crypto::fill_random(&mut random).map_err(|e| JournalError::Io {
            path: self.dir.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]Z"
            ))
            .unwrap_or_default();
        let path = self.dir.join(format!(
            "{FILE_PREFIX}{stamp}-{}{FILE_SUFFIX}",
            hex::encode(random)
        ));
        let mut options = OpenOptions::new();
        options.append(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(io(&path))?;
        let (line, mac) = self.line(
            1,
            "",
            JournalEntry::Open {
                key_id: self.mac.key_id().to_owned(),
            },
        )?;
        file.write_all(line.as_bytes()).map_err(io(&path))?;
        file.sync_data().map_err(io(&path))?;
        // The new name must survive a crash as well as the lines in it.
        #[cfg(unix)]
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io(&self.dir))?;
        Ok(Writer {
            file,
            path,
            seq: 1,
            prev: mac,
        })
    }
}

/// The entries of one file, every line checked: its MAC, its number and the MAC of the line
/// before it. A last line without its newline (a crash while writing it) is ignored.
fn verify_file(
    mac: &JournalMac,
    path: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<Vec<JournalRecord>, JournalError> {
    let broken = |line: u64, why: &str| JournalError::Broken {
        path: path.display().to_string(),
        line,
        why: why.to_owned(),
    };
    let text = std::str::from_utf8(bytes).map_err(|_| broken(0, "not UTF-8 text"))?;
    let mut lines: Vec<&str> = text.split('\n').collect();
    // What follows the last newline: empty, or a line whose write did not complete.
    if let Some(tail) = lines.pop() {
        if !tail.is_empty() {
            tracing::warn!(
                file = name,
                line = lines.len() + 1,
                "erasure journal: ignoring an unterminated last line (a write interrupted by a crash)"
            );
        }
    }
    let mut records = Vec::with_capacity(lines.len());
    let mut prev = String::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i as u64 + 1;
        let (body, tag) = split_mac(line).ok_or_else(|| broken(n, "not a journal line"))?;
        if !mac.verify(body.as_bytes(), tag) {
            let why = match serde_json::from_str::<LineBody>(&body) {
                Ok(LineBody {
                    entry: JournalEntry::Open { key_id },
                    ..
                }) if key_id != mac.key_id() => format!(
                    "written under another keyring (journal key id {key_id}; this keyring's \
                     is {}): start with the keyring (its `derive:` line) that wrote it",
                    mac.key_id()
                ),
                _ => "the MAC does not verify: the line was changed (or written under another \
                      keyring)"
                    .to_owned(),
            };
            return Err(broken(n, &why));
        }
        let parsed: LineBody =
            serde_json::from_str(&body).map_err(|_| broken(n, "not a journal line"))?;
        if parsed.v != VERSION {
            return Err(broken(
                n,
                "written by a newer custodia (unknown line version)",
            ));
        }
        if parsed.seq != n || parsed.prev != prev {
            return Err(broken(
                n,
                "out of sequence: a line before it was removed, moved or inserted",
            ));
        }
        if (n == 1) != matches!(parsed.entry, JournalEntry::Open { .. }) {
            return Err(broken(
                n,
                "out of sequence: a file must start with its one `open` line",
            ));
        }
        prev = tag.to_owned();
        records.push(JournalRecord {
            file: name.to_owned(),
            seq: n,
            at_us: parsed.at_us,
            entry: parsed.entry,
        });
    }
    Ok(records)
}

/// Splits a line into its signed body (the object without its last member, `mac`) and the
/// MAC's hex.
fn split_mac(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_suffix("\"}")?;
    let (open, tag) = rest.rsplit_once(",\"mac\":\"")?;
    (tag.len() == 64 && tag.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| (format!("{open}}}"), tag))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::crypto::KeyRing;

    fn mac(byte: u8) -> JournalMac {
        use base64::Engine as _;
        let ring =
            KeyRing::parse(&base64::engine::general_purpose::STANDARD.encode([byte; 32])).unwrap();
        JournalMac::from_keyring(&ring).unwrap()
    }

    fn erase(n: u8) -> JournalEntry {
        let id = SubjectId::from_uuid(Uuid::from_bytes([n; 16]));
        JournalEntry::Erase {
            erasure: Uuid::from_bytes([n; 16]),
            person: id,
            subjects: vec![id],
            erased_at_us: i64::from(n),
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "custodia-journal-{tag}-{}",
            Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn only_file(dir: &Path) -> PathBuf {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }

    fn rewrite(path: &Path, edit: impl FnOnce(Vec<String>) -> Vec<String>) {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut out = edit(lines).join("\n");
        out.push('\n');
        std::fs::write(path, out).unwrap();
    }

    #[actix_web::test]
    async fn entries_come_back_in_order_and_each_process_writes_its_own_file() {
        let dir = temp_dir("order");
        let one = ErasureJournal::open(&dir, mac(1)).unwrap();
        one.append(vec![erase(1), erase(2)]).await.unwrap();
        one.append(vec![erase(3)]).await.unwrap();
        let read = one.read().await.unwrap();
        let entries: Vec<_> = read.iter().map(|r| r.entry.clone()).collect();
        assert!(matches!(entries[0], JournalEntry::Open { .. }));
        assert_eq!(entries[1..], [erase(1), erase(2), erase(3)]);
        assert_eq!(read.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
        // Another process on the same directory reads it and writes a file of its own.
        let two = ErasureJournal::open(&dir, mac(1)).unwrap();
        two.append(vec![erase(4)]).await.unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        assert_eq!(two.read().await.unwrap().len(), 6);
        // Each line is one JSON object, mac last.
        let text = std::fs::read_to_string(dir.join(&read[0].file)).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["mac"].as_str().unwrap().len(), 64);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[actix_web::test]
    async fn an_edited_removed_or_inserted_line_is_refused_with_its_place() {
        for (case, edit) in [
            (
                "edited",
                Box::new(|mut l: Vec<String>| {
                    l[2] = l[2].replace("\"erased_at_us\":2", "\"erased_at_us\":3");
                    l
                }) as Box<dyn FnOnce(Vec<String>) -> Vec<String>>,
            ),
            (
                "removed",
                Box::new(|mut l: Vec<String>| {
                    l.remove(1);
                    l
                }),
            ),
            (
                "duplicated",
                Box::new(|mut l: Vec<String>| {
                    let copy = l[1].clone();
                    l.insert(2, copy);
                    l
                }),
            ),
            (
                "swapped",
                Box::new(|mut l: Vec<String>| {
                    l.swap(1, 2);
                    l
                }),
            ),
        ] {
            let dir = temp_dir(case);
            let journal = ErasureJournal::open(&dir, mac(1)).unwrap();
            journal
                .append(vec![erase(1), erase(2), erase(3)])
                .await
                .unwrap();
            let file = only_file(&dir);
            rewrite(&file, edit);
            let err = ErasureJournal::open(&dir, mac(1)).unwrap_err().to_string();
            assert!(err.contains(&file.display().to_string()), "{case}: {err}");
            assert!(
                err.contains("line 2") || err.contains("line 3"),
                "{case}: {err}"
            );
            // The message names the place, never what the line holds.
            assert!(
                !err.contains(&Uuid::from_bytes([2; 16]).to_string()),
                "{err}"
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[actix_web::test]
    async fn a_journal_of_another_keyring_is_named_as_such() {
        let dir = temp_dir("keyring");
        let journal = ErasureJournal::open(&dir, mac(1)).unwrap();
        journal.append(vec![erase(1)]).await.unwrap();
        let err = ErasureJournal::open(&dir, mac(2)).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        assert!(err.contains("another keyring"), "{err}");
        assert!(
            err.contains(mac(1).key_id()) && err.contains(mac(2).key_id()),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[actix_web::test]
    async fn an_unterminated_last_line_is_a_crash_and_ignored() {
        let dir = temp_dir("torn");
        let journal = ErasureJournal::open(&dir, mac(1)).unwrap();
        journal.append(vec![erase(1)]).await.unwrap();
        let file = only_file(&dir);
        let mut f = OpenOptions::new().append(true).open(&file).unwrap();
        f.write_all(b"{\"v\":1,\"seq\":3,\"at").unwrap();
        let again = ErasureJournal::open(&dir, mac(1)).unwrap();
        let read = again.read().await.unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].entry, erase(1));
        // A forged line that is complete is not ignored.
        f.write_all(b"\n").unwrap();
        assert!(ErasureJournal::open(&dir, mac(1)).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[actix_web::test]
    async fn off_keeps_nothing() {
        let off = ErasureJournal::off();
        off.append(vec![erase(1)]).await.unwrap();
        assert!(off.read().await.unwrap().is_empty());
        assert!(!off.is_on());
    }
}
