//! Master-key bookkeeping in the vault store: how many data keys each master-key version
//! wraps, the batches `custodia keys rotate` re-wraps, and the key marks the start-up check
//! compares. Only wrapped keys and public key fingerprints pass through here.

use std::collections::BTreeMap;

use sqlx::Row;

use super::positional::EngineSql;
use super::{now_us, on_db, StoreError, VaultStore};
use crate::domain::SubjectId;

/// A subject's data key as stored: wrapped under master key `kek_version`.
#[derive(Debug, Clone)]
pub struct StoredDataKey {
    pub subject: SubjectId,
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
}

/// A data key re-wrapped under another master key version, with the stored value it replaces.
#[derive(Debug, Clone)]
pub struct RewrappedDataKey {
    /// What was read: the write happens only if the row still holds exactly this.
    pub old: StoredDataKey,
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
}

fn version_of(v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt("kek_version out of range".into()))
}

impl VaultStore {
    /// Data keys per master-key version, every subject row counted (merged-away ones too).
    pub async fn data_keys_by_version(&self) -> Result<BTreeMap<u32, i64>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT kek_version, COUNT(*) AS n FROM subjects GROUP BY kek_version",
            )
            .fetch_all(pool)
            .await?;
            let mut out = BTreeMap::new();
            for r in &rows {
                out.insert(version_of(r.try_get("kek_version")?)?, r.try_get("n")?);
            }
            Ok(out)
        })
    }

    /// Data keys per master-key version for the versions *not* in `versions` (the keyring's):
    /// what a start with that keyring could not open. Reads only the index ranges between the
    /// given versions, so it stays cheap on a large vault.
    pub async fn data_keys_outside(
        &self,
        versions: &[u32],
    ) -> Result<BTreeMap<u32, i64>, StoreError> {
        let mut versions: Vec<i64> = versions.iter().map(|v| i64::from(*v)).collect();
        versions.sort_unstable();
        versions.dedup();
        // The gaps: below the first, between neighbours, above the last.
        let mut gaps = Vec::with_capacity(versions.len() + 1);
        let mut n = 0;
        let mut param = || {
            n += 1;
            n
        };
        match (versions.first(), versions.last()) {
            (Some(_), Some(_)) => {
                gaps.push(format!("kek_version < ${}", param()));
                for _ in versions.windows(2) {
                    let (a, b) = (param(), param());
                    gaps.push(format!("(kek_version > ${a} AND kek_version < ${b})"));
                }
                gaps.push(format!("kek_version > ${}", param()));
            }
            _ => gaps.push("TRUE".to_owned()),
        }
        let sql = format!(
            "SELECT kek_version, COUNT(*) AS n FROM subjects WHERE {} GROUP BY kek_version",
            gaps.join(" OR ")
        );
        // Bound in the order the placeholders were numbered.
        let mut binds = Vec::with_capacity(versions.len() * 2);
        if let (Some(first), Some(last)) = (versions.first(), versions.last()) {
            binds.push(*first);
            for w in versions.windows(2) {
                binds.extend_from_slice(w);
            }
            binds.push(*last);
        }
        on_db!(self.db(), pool => {
            let mut q = pool.dynamic_query(&sql);
            for b in &binds {
                q = q.bind(*b);
            }
            let rows = q.fetch_all(pool).await?;
            let mut out = BTreeMap::new();
            for r in &rows {
                out.insert(version_of(r.try_get("kek_version")?)?, r.try_get("n")?);
            }
            Ok(out)
        })
    }

    /// Up to `limit` data keys under master key `version`, in id order after `after`.
    pub async fn data_keys_under(
        &self,
        version: u32,
        after: Option<&SubjectId>,
        limit: u32,
    ) -> Result<Vec<StoredDataKey>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT id, wrapped_dek FROM subjects WHERE kek_version = $1 \
                 AND ($2 IS NULL OR id > $2) ORDER BY id LIMIT $3",
            )
            .bind(i64::from(version))
            .bind(after.map(|a| *a.as_uuid()))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(StoredDataKey {
                        subject: SubjectId::from_uuid(r.try_get("id")?),
                        kek_version: version,
                        wrapped_dek: r.try_get("wrapped_dek")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Writes re-wrapped data keys in one transaction, each only where the row still holds the
    /// version and wrapped key that were read: a subject erased meanwhile stays deleted (an
    /// UPDATE never brings a row back), and a key another rotator moved first is left as it
    /// is. Returns how many were written; the others changed under us and are not an error.
    pub async fn replace_data_keys(&self, keys: &[RewrappedDataKey]) -> Result<u64, StoreError> {
        if keys.is_empty() {
            return Ok(0);
        }
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let mut written = 0;
            for k in keys {
                written += sqlx::query(
                    "UPDATE subjects SET kek_version = $1, wrapped_dek = $2 \
                     WHERE id = $3 AND kek_version = $4 AND wrapped_dek = $5",
                )
                .bind(i64::from(k.kek_version))
                .bind(&k.wrapped_dek)
                .bind(k.old.subject.as_uuid())
                .bind(i64::from(k.old.kek_version))
                .bind(&k.old.wrapped_dek)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
            Ok(written)
        })
    }

    /// The recorded key marks: name → key id.
    pub async fn key_marks(&self) -> Result<BTreeMap<String, String>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query("SELECT name, key_id FROM key_marks")
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Ok((r.try_get("name")?, r.try_get("key_id")?)))
                .collect::<Result<BTreeMap<_, _>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Records `key_id` as mark `name` unless one is recorded already (the first start wins).
    pub async fn record_key_mark(&self, name: &str, key_id: &str) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            sqlx::query(
                "INSERT INTO key_marks (name, key_id, recorded_at_us) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(key_id)
            .bind(now_us())
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

/// A subject whose indexes `custodia keys rotate-index` recomputes: what opens its data key,
/// its sealed pseudonym and its identifiers as stored.
#[derive(Debug, Clone)]
pub struct IndexedSubject {
    pub subject: SubjectId,
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
    pub pseudonym_ct: Vec<u8>,
    pub pseudonym_index: Vec<u8>,
    /// (`id_type`, blind index as stored, ciphertext).
    pub identifiers: Vec<(String, Vec<u8>, Vec<u8>)>,
}

/// A subject's indexes recomputed under the key `index_key`.
#[derive(Debug, Clone)]
pub struct ReindexedSubject {
    pub subject: SubjectId,
    pub old_pseudonym_index: Vec<u8>,
    pub pseudonym_index: Vec<u8>,
    /// (`id_type`, blind index as read, blind index under the new key).
    pub identifiers: Vec<(String, Vec<u8>, Vec<u8>)>,
}

/// What writing a batch of re-indexed subjects did.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReindexOutcome {
    /// Subjects now wholly under the new key.
    pub subjects: u64,
    /// Identifier rows moved to the new key.
    pub identifiers: u64,
    /// Rows whose new index another subject holds already (two stored values that today's
    /// normalisation makes equal): left under the old key, the subject stays to do.
    pub conflicts: u64,
}

impl VaultStore {
    /// Subjects (merged-away ones too) whose indexes are not under `key_id`.
    pub async fn subjects_not_indexed_under(&self, key_id: &str) -> Result<i64, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n FROM subjects WHERE index_key IS NULL OR index_key <> $1",
            )
            .bind(key_id)
            .fetch_one(pool)
            .await?;
            Ok(row.try_get("n")?)
        })
    }

    /// Suppression-list entries not made under `key_id` (or of unknown key).
    pub async fn suppressions_not_under(&self, key_id: &str) -> Result<i64, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n FROM suppressed_identifiers \
                 WHERE index_key IS NULL OR index_key <> $1",
            )
            .bind(key_id)
            .fetch_one(pool)
            .await?;
            Ok(row.try_get("n")?)
        })
    }

    /// Up to `limit` subjects whose indexes are not under `key_id`, in id order after `after`.
    pub async fn subjects_to_reindex(
        &self,
        key_id: &str,
        after: Option<&SubjectId>,
        limit: u32,
    ) -> Result<Vec<IndexedSubject>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT id, kek_version, wrapped_dek, pseudonym_ct, pseudonym_index FROM subjects \
                 WHERE (index_key IS NULL OR index_key <> $1) AND ($2 IS NULL OR id > $2) \
                 ORDER BY id LIMIT $3",
            )
            .bind(key_id)
            .bind(after.map(|a| *a.as_uuid()))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let subject = SubjectId::from_uuid(r.try_get("id")?);
                let ids = sqlx::query(
                    "SELECT id_type, blind_index, ciphertext FROM subject_identifiers \
                     WHERE subject_id = $1",
                )
                .bind(subject.as_uuid())
                .fetch_all(pool)
                .await?;
                out.push(IndexedSubject {
                    subject,
                    kek_version: version_of(r.try_get("kek_version")?)?,
                    wrapped_dek: r.try_get("wrapped_dek")?,
                    pseudonym_ct: r.try_get("pseudonym_ct")?,
                    pseudonym_index: r.try_get("pseudonym_index")?,
                    identifiers: ids
                        .iter()
                        .map(|i| {
                            Ok((
                                i.try_get("id_type")?,
                                i.try_get("blind_index")?,
                                i.try_get("ciphertext")?,
                            ))
                        })
                        .collect::<Result<Vec<_>, sqlx::Error>>()?,
                });
            }
            Ok(out)
        })
    }

    /// Writes re-indexed subjects in one transaction. Each row moves only if it still holds
    /// the index that was read and nobody holds the new one; a row whose new index the same
    /// subject holds already is a duplicate and goes. A subject is marked under `key_id` only
    /// when none of its rows met a conflict; an erased subject stays erased (UPDATEs only).
    pub async fn write_reindexed(
        &self,
        key_id: &str,
        subjects: &[ReindexedSubject],
    ) -> Result<ReindexOutcome, StoreError> {
        let mut out = ReindexOutcome::default();
        if subjects.is_empty() {
            return Ok(out);
        }
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for s in subjects {
                let mut conflicts = 0;
                for (kind, old, new) in &s.identifiers {
                    if old == new {
                        continue;
                    }
                    let holder = sqlx::query(
                        "SELECT subject_id FROM subject_identifiers WHERE id_type = $1 \
                         AND blind_index = $2",
                    )
                    .bind(kind)
                    .bind(new)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get::<uuid::Uuid, _>("subject_id"))
                    .transpose()?;
                    match holder {
                        None => {
                            out.identifiers += sqlx::query(
                                "UPDATE subject_identifiers SET blind_index = $1 \
                                 WHERE id_type = $2 AND blind_index = $3 AND subject_id = $4",
                            )
                            .bind(new)
                            .bind(kind)
                            .bind(old)
                            .bind(s.subject.as_uuid())
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                        }
                        Some(h) if h == *s.subject.as_uuid() => {
                            sqlx::query(
                                "DELETE FROM subject_identifiers WHERE id_type = $1 \
                                 AND blind_index = $2 AND subject_id = $3",
                            )
                            .bind(kind)
                            .bind(old)
                            .bind(s.subject.as_uuid())
                            .execute(&mut *tx)
                            .await?;
                        }
                        Some(_) => conflicts += 1,
                    }
                }
                sqlx::query(
                    "UPDATE subjects SET pseudonym_index = $1 WHERE id = $2 AND pseudonym_index = $3",
                )
                .bind(&s.pseudonym_index)
                .bind(s.subject.as_uuid())
                .bind(&s.old_pseudonym_index)
                .execute(&mut *tx)
                .await?;
                if conflicts == 0 {
                    out.subjects += sqlx::query("UPDATE subjects SET index_key = $1 WHERE id = $2")
                        .bind(key_id)
                        .bind(s.subject.as_uuid())
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                }
                out.conflicts += conflicts;
            }
            tx.commit().await?;
            Ok(out)
        })
    }

    /// Replaces key mark `name` (or removes it, for `None`).
    pub async fn set_key_mark(&self, name: &str, key_id: Option<&str>) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM key_marks WHERE name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await?;
            if let Some(id) = key_id {
                sqlx::query(
                    "INSERT INTO key_marks (name, key_id, recorded_at_us) VALUES ($1, $2, $3)",
                )
                .bind(name)
                .bind(id)
                .bind(now_us())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
