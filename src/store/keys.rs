//! Master-key bookkeeping in the vault store: how many data keys each master-key version
//! wraps, the batches `custodia keys rotate` re-wraps, and the key marks the start-up check
//! compares. Only wrapped keys and public key fingerprints pass through here.

use std::collections::BTreeMap;

use sqlx::Row;

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
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
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
