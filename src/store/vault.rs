//! Subjects, their encrypted fields and their blind-indexed identifiers. This layer sees only
//! ciphertext, wrapped keys and keyed hashes; it never holds a personal value in the clear.

use sqlx::Row;
use uuid::Uuid;

use super::positional::{numbered, EngineSql};
use super::{guard_identifier, insert_identifier, now_us, on_db, Db, StoreError};
use crate::domain::{IdentifierType, SubjectId};

/// A channel identifier as stored: its blind index and its encrypted value.
#[derive(Debug, Clone)]
pub struct IdentifierRow {
    pub kind: IdentifierType,
    /// Under the write key.
    pub blind_index: Vec<u8>,
    pub ciphertext: Vec<u8>,
    /// The same identifier's index under the other look-up key while a blind-index key
    /// rotation is under way (empty otherwise): held by another subject, it is taken.
    pub alternates: Vec<Vec<u8>>,
    /// Its index under a `retired-index:` key: consulted on the suppression list only.
    pub retired: Vec<Vec<u8>>,
}

/// Everything needed to store a new subject, already encrypted.
#[derive(Debug)]
pub struct NewSubjectRecord {
    pub id: SubjectId,
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
    pub pseudonym_ct: Vec<u8>,
    pub pseudonym_index: Vec<u8>,
    /// The public id of the blind-index key its indexes are made under.
    pub index_key: String,
    pub fields: Vec<(&'static str, Vec<u8>)>,
    pub identifiers: Vec<IdentifierRow>,
    /// The coarse minor marker (`BirthDate::minor_until`), only for a minor.
    pub minor_until_us: Option<i64>,
}

/// What is needed to reach a subject's pseudonym.
#[derive(Debug)]
pub struct SubjectKeys {
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
    pub pseudonym_ct: Vec<u8>,
}

/// A stored subject: wrapped key, field ciphertexts and identifier ciphertexts.
#[derive(Debug)]
pub struct SubjectRecord {
    pub id: SubjectId,
    pub kek_version: u32,
    pub wrapped_dek: Vec<u8>,
    pub fields: Vec<(String, Vec<u8>)>,
    pub identifiers: Vec<(IdentifierType, Vec<u8>)>,
}

/// The vault store's subject tables.
#[derive(Clone, Debug)]
pub struct VaultStore {
    db: Db,
}

impl VaultStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Stores a subject in one transaction; an identifier already held by another subject
    /// rolls everything back and names the identifier's type.
    #[tracing::instrument(name = "store.insert_subject", skip_all)]
    pub async fn insert_subject(&self, s: &NewSubjectRecord) -> Result<(), StoreError> {
        let now = now_us();
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO subjects (id, kek_version, wrapped_dek, pseudonym_ct, pseudonym_index, \
                 created_at_us, updated_at_us, minor_until_us, index_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)",
            )
            .bind(s.id.as_uuid())
            .bind(i64::from(s.kek_version))
            .bind(&s.wrapped_dek)
            .bind(&s.pseudonym_ct)
            .bind(&s.pseudonym_index)
            .bind(now)
            .bind(s.minor_until_us)
            .bind(&s.index_key)
            .execute(&mut *tx)
            .await?;
            for (field, ciphertext) in &s.fields {
                sqlx::query(
                    "INSERT INTO subject_fields (subject_id, field, ciphertext) VALUES ($1, $2, $3)",
                )
                .bind(s.id.as_uuid())
                .bind(*field)
                .bind(ciphertext)
                .execute(&mut *tx)
                .await?;
            }
            for id in &s.identifiers {
                insert_identifier!(s.id, id, now)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    if StoreError::is_unique_violation(&e) {
                        StoreError::IdentifierTaken(id.kind)
                    } else {
                        StoreError::Database(e)
                    }
                })?;
                guard_identifier!(tx, s.id, id).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Loads a subject's wrapped key and ciphertexts, or `None` if there is no such subject.
    #[tracing::instrument(name = "store.load_subject", skip_all)]
    pub async fn load_subject(&self, id: &SubjectId) -> Result<Option<SubjectRecord>, StoreError> {
        self.load_subject_of(id, false).await
    }

    /// [`VaultStore::load_subject`], also for a subject merged into another (`include_merged`).
    #[tracing::instrument(name = "store.load_subject_of", skip_all)]
    pub async fn load_subject_of(
        &self,
        id: &SubjectId,
        include_merged: bool,
    ) -> Result<Option<SubjectRecord>, StoreError> {
        // One statement for the three tables (reads are the hot path): a row per part, told
        // apart by `part` — 0 the subject's key, 1 a field, 2 an identifier.
        const SQL: &str = "SELECT 0 AS part, CAST(NULL AS TEXT) AS name, kek_version AS version, \
            wrapped_dek AS data, 0 AS created FROM subjects WHERE id = $1 \
            AND ($2 OR merged_into IS NULL) \
            UNION ALL SELECT 1, field, 0, ciphertext, 0 FROM subject_fields f WHERE subject_id = $1 \
            AND EXISTS (SELECT 1 FROM subjects s WHERE s.id = $1 AND ($2 OR s.merged_into IS NULL)) \
            UNION ALL SELECT 2, id_type, 0, ciphertext, created_at_us FROM subject_identifiers \
            WHERE subject_id = $1 ORDER BY part, name, created";
        on_db!(&self.db, pool => {
            let rows = sqlx::query(SQL)
                .bind(id.as_uuid())
                .bind(include_merged)
                .fetch_all(pool)
                .await?;
            let mut head = None;
            let mut fields = Vec::new();
            let mut identifiers = Vec::new();
            for r in &rows {
                let part: i32 = r.try_get("part")?;
                match part {
                    0 => head = Some((r.try_get::<i64, _>("version")?, r.try_get::<Vec<u8>, _>("data")?)),
                    1 => fields.push((r.try_get("name")?, r.try_get("data")?)),
                    _ => {
                        let kind: String = r.try_get("name")?;
                        let kind = kind
                            .parse::<IdentifierType>()
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        identifiers.push((kind, r.try_get("data")?));
                    }
                }
            }
            let Some((version, wrapped_dek)) = head else {
                return Ok(None);
            };
            Ok(Some(SubjectRecord {
                id: *id,
                kek_version: u32::try_from(version)
                    .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                wrapped_dek,
                fields,
                identifiers,
            }))
        })
    }

    /// The wrapped data key and the sealed pseudonym of a subject, if it exists (a subject
    /// merged into another counts only with `include_merged`).
    #[tracing::instrument(name = "store.subject_keys", skip_all)]
    pub async fn subject_keys(
        &self,
        id: &SubjectId,
        include_merged: bool,
    ) -> Result<Option<SubjectKeys>, StoreError> {
        on_db!(&self.db, pool => {
            let row = sqlx::query(
                "SELECT kek_version, wrapped_dek, pseudonym_ct FROM subjects WHERE id = $1 \
                 AND ($2 OR merged_into IS NULL)",
            )
            .bind(id.as_uuid())
            .bind(include_merged)
            .fetch_optional(pool)
            .await?;
            row.map(|r| {
                let version: i64 = r.try_get("kek_version")?;
                Ok(SubjectKeys {
                    kek_version: u32::try_from(version)
                        .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                    wrapped_dek: r.try_get("wrapped_dek")?,
                    pseudonym_ct: r.try_get("pseudonym_ct")?,
                })
            })
            .transpose()
        })
    }

    /// The subjects behind a set of pseudonym indexes (keyed hashes of pseudonyms).
    pub async fn subjects_by_pseudonym_index(
        &self,
        indexes: &[Vec<u8>],
    ) -> Result<Vec<(Vec<u8>, SubjectId)>, StoreError> {
        let mut out = Vec::with_capacity(indexes.len());
        // Chunks keep the statement under every engine's parameter limit.
        for chunk in indexes.chunks(500) {
            let sql = format!(
                "SELECT pseudonym_index, id FROM subjects WHERE pseudonym_index IN ({})",
                numbered(1, chunk.len())
            );
            on_db!(&self.db, pool => {
                let mut q = pool.dynamic_query(&sql);
                for i in chunk {
                    q = q.bind(i);
                }
                for r in q.fetch_all(pool).await? {
                    out.push((r.try_get("pseudonym_index")?, SubjectId::from_uuid(r.try_get("id")?)));
                }
            });
        }
        Ok(out)
    }

    /// Rectification in one transaction: sets and clears fields (a cleared field's ciphertext
    /// is deleted, a set one overwritten; with SQLite's `secure_delete` no old value stays in
    /// the file) and swaps the look-up identifiers that follow the email and phone fields.
    /// `minor_until_us`: `Some` when the birth date changed (the new marker, `None` for an
    /// adult or a cleared birth date), `None` to leave the marker as it is.
    #[tracing::instrument(name = "store.rectify", skip_all)]
    pub async fn rectify(
        &self,
        subject: &SubjectId,
        set: &[(&'static str, Vec<u8>)],
        clear: &[&'static str],
        drop_identifiers: &[(IdentifierType, Vec<u8>)],
        add_identifiers: &[IdentifierRow],
        minor_until_us: Option<Option<i64>>,
    ) -> Result<(), StoreError> {
        let now = now_us();
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for field in clear.iter().chain(set.iter().map(|(f, _)| f)) {
                sqlx::query("DELETE FROM subject_fields WHERE subject_id = $1 AND field = $2")
                    .bind(subject.as_uuid())
                    .bind(*field)
                    .execute(&mut *tx)
                    .await?;
            }
            for (field, ct) in set {
                sqlx::query(
                    "INSERT INTO subject_fields (subject_id, field, ciphertext) VALUES ($1, $2, $3)",
                )
                .bind(subject.as_uuid())
                .bind(*field)
                .bind(ct)
                .execute(&mut *tx)
                .await?;
            }
            for (kind, index) in drop_identifiers {
                sqlx::query(
                    "DELETE FROM subject_identifiers WHERE id_type = $1 AND blind_index = $2 \
                     AND subject_id = $3",
                )
                .bind(kind.name())
                .bind(index)
                .bind(subject.as_uuid())
                .execute(&mut *tx)
                .await?;
            }
            for row in add_identifiers {
                insert_identifier!(subject, row, now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| {
                        if StoreError::is_unique_violation(&e) {
                            StoreError::IdentifierTaken(row.kind)
                        } else {
                            StoreError::Database(e)
                        }
                    })?;
                guard_identifier!(tx, subject, row).await?;
            }
            sqlx::query("UPDATE subjects SET updated_at_us = $2 WHERE id = $1")
                .bind(subject.as_uuid())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if let Some(until) = minor_until_us {
                sqlx::query("UPDATE subjects SET minor_until_us = $2 WHERE id = $1")
                    .bind(subject.as_uuid())
                    .bind(until)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Adds an identifier to a subject; one held by anyone already is refused.
    #[tracing::instrument(name = "store.add_identifier", skip_all)]
    pub async fn add_identifier(
        &self,
        subject: &SubjectId,
        row: &IdentifierRow,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            insert_identifier!(subject, row, now_us())
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if StoreError::is_unique_violation(&e) {
                    StoreError::IdentifierTaken(row.kind)
                } else {
                    StoreError::Database(e)
                }
            })?;
            guard_identifier!(tx, subject, row).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Whether a subject holds any personal field (an anonymous subject, opened from a device
    /// or marketplace id, holds none).
    pub async fn has_personal_fields(&self, subject: &SubjectId) -> Result<bool, StoreError> {
        on_db!(&self.db, pool => {
            let row = sqlx::query("SELECT 1 AS one FROM subject_fields WHERE subject_id = $1 LIMIT 1")
                .bind(subject.as_uuid())
                .fetch_optional(pool)
                .await?;
            Ok(row.is_some())
        })
    }

    /// The subject holding an identifier, found through its blind index.
    #[tracing::instrument(name = "store.find_by_identifier", skip_all)]
    pub async fn find_by_identifier(
        &self,
        kind: IdentifierType,
        blind_index: &[u8],
    ) -> Result<Option<SubjectId>, StoreError> {
        let row = on_db!(&self.db, pool => {
            sqlx::query("SELECT subject_id FROM subject_identifiers WHERE id_type = $1 AND blind_index = $2")
                .bind(kind.name())
                .bind(blind_index)
                .fetch_optional(pool)
                .await?
                .map(|r| r.try_get::<Uuid, _>("subject_id"))
                .transpose()?
        });
        Ok(row.map(SubjectId::from_uuid))
    }
}
