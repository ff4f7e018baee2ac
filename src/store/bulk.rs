//! Many subjects at once: the bulk creation of `POST /v1/subjects:batch` and `custodia import`
//! (one transaction per batch, multi-row statements), the look-ups that find duplicates and
//! erased customers' identifiers for a whole batch, and the pages `custodia export-all` reads.
//! Like every store file, it sees only ciphertext, wrapped keys and keyed hashes.

use std::collections::HashSet;

use sqlx::Row;

use super::audit::append_audit_in;
use super::positional::{numbered, numbered_rows, EngineSql};
use super::vault::{IdentifierRow, NewSubjectRecord, SubjectRecord};
use super::{now_us, on_db, NewAuditRow, StoreError, VaultStore, INSERT_CONSENT};
use crate::domain::{ConsentRecord, IdentifierType, SubjectId};

/// Keys per `IN (…)` look-up: far under both engines' parameter limits.
const KEYS_PER_LOOKUP: usize = 500;

/// Rows per multi-row `INSERT`, by table: each statement stays under the parameter limits
/// (SQLite 32,766, PostgreSQL 65,535) and the same few statement texts are prepared once.
const SUBJECTS_PER_INSERT: usize = 250;
const FIELDS_PER_INSERT: usize = 500;
const IDENTIFIERS_PER_INSERT: usize = 250;
const CONSENTS_PER_INSERT: usize = 100;

/// The page cache of a SQLite connection that bulk-loads (see
/// [`VaultStore::insert_subjects`]): 64 MiB.
const BULK_LOAD_CACHE: &str = "PRAGMA cache_size = -65536";
/// SQLite's default page cache (2 MiB), which a bulk load returns to.
const DEFAULT_CACHE: &str = "PRAGMA cache_size = -2000";

/// One multi-row statement of [`VaultStore::insert_subjects`]: the rows it inserts.
#[derive(Clone, Copy)]
enum Chunk<'a> {
    Subjects(&'a [BulkSubjectRow<'a>]),
    Fields(&'a [(&'a SubjectId, &'static str, &'a Vec<u8>)]),
    Identifiers(&'a [(&'a SubjectId, &'a IdentifierRow)]),
    Consents(&'a [&'a ConsentRecord]),
}

/// Whether a batch look-up (`blind_index IN (…)`, hundreds of keys) may run as a prepared
/// statement the connection keeps. Not on PostgreSQL: after five runs it settles on a generic
/// plan, and an import's first runs meet an empty table, so the plan it settles on is a
/// sequential scan, which it keeps while the table grows (an import of 100,000 customers
/// slowed to 400 a second). Unprepared, each look-up is planned for its own keys and the
/// table as it is.
fn keep_lookup_plan<P: EngineSql>(pool: &P) -> bool {
    pool.is_sqlite()
}

/// A new subject of a batch: the encrypted record and whether one of its identifiers is on
/// the suppression list (it is stored flagged, as `Vault::flag_if_suppressed` flags one).
#[derive(Debug, Clone, Copy)]
pub struct BulkSubjectRow<'a> {
    pub record: &'a NewSubjectRecord,
    pub suppression_match: bool,
}

impl VaultStore {
    /// The holders of identifiers of one type, by blind index: `(blind index, subject)` for
    /// each one stored.
    pub async fn identifier_holders(
        &self,
        kind: IdentifierType,
        indexes: &[&[u8]],
    ) -> Result<Vec<(Vec<u8>, SubjectId)>, StoreError> {
        let rows = self
            .among_blind_indexes(
                "blind_index, subject_id FROM subject_identifiers",
                kind,
                indexes,
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(index, holder)| Some((index, holder?)))
            .collect())
    }

    /// Which of these blind indexes of one type are on the suppression list (identifiers of
    /// erased customers).
    pub async fn suppressed_among(
        &self,
        kind: IdentifierType,
        indexes: &[&[u8]],
    ) -> Result<HashSet<Vec<u8>>, StoreError> {
        let rows = self
            .among_blind_indexes("blind_index FROM suppressed_identifiers", kind, indexes)
            .await?;
        Ok(rows.into_iter().map(|(index, _)| index).collect())
    }

    /// `SELECT {columns_from} WHERE id_type = kind AND blind_index IN (indexes)`, in chunks:
    /// each row's blind index, and its `subject_id` where the columns name one.
    async fn among_blind_indexes(
        &self,
        columns_from: &'static str,
        kind: IdentifierType,
        indexes: &[&[u8]],
    ) -> Result<Vec<(Vec<u8>, Option<SubjectId>)>, StoreError> {
        let with_subject = columns_from.contains("subject_id");
        let mut out = Vec::new();
        for chunk in indexes.chunks(KEYS_PER_LOOKUP) {
            let sql = format!(
                "SELECT {columns_from} WHERE id_type = {} AND blind_index IN ({})",
                numbered(1, 1),
                numbered(2, chunk.len())
            );
            on_db!(self.db(), pool => {
                let mut q = pool.dynamic_query(&sql)
                    .persistent(keep_lookup_plan(pool))
                    .bind(kind.name());
                for index in chunk {
                    q = q.bind(*index);
                }
                for r in q.fetch_all(pool).await? {
                    let holder = if with_subject {
                        Some(SubjectId::from_uuid(r.try_get("subject_id")?))
                    } else {
                        None
                    };
                    out.push((r.try_get("blind_index")?, holder));
                }
            });
        }
        Ok(out)
    }

    /// Stores a batch of new subjects with their consent records and the audit entries about
    /// them in one transaction, in multi-row statements: a process killed half-way leaves
    /// either the batch with its entries or neither (the entries go last, so the chain's
    /// head is locked only briefly). An identifier that another writer stored since the
    /// caller looked (the unique key `(id_type, blind_index)` is the guard) rolls everything
    /// back with [`StoreError::IdentifierTaken`] naming its type; the caller looks again and
    /// retries. `chain` hashes the entries as [`VaultStore::append_audit`] does.
    ///
    /// `bulk_load` (an import's batches, up to 5,000 customers) gives the SQLite connection a
    /// page cache of 64 MiB ([`BULK_LOAD_CACHE`]): such a transaction touches most leaves of every
    /// index, and with the default cache it would write many of them to the log twice (once
    /// spilled, once at commit). The connection keeps it; an import is a process of its own.
    #[tracing::instrument(name = "store.insert_subjects", skip_all)]
    pub async fn insert_subjects(
        &self,
        subjects: &[BulkSubjectRow<'_>],
        consents: &[ConsentRecord],
        audit: &[NewAuditRow],
        chain: impl Fn(&[u8], i64, &NewAuditRow) -> Vec<u8>,
        bulk_load: bool,
    ) -> Result<(), StoreError> {
        let now = now_us();
        // In key order: each index is then walked from one end to the other rather than
        // jumped about in (the subject ids and blind indexes are random).
        let mut subjects: Vec<BulkSubjectRow<'_>> = subjects.to_vec();
        subjects.sort_unstable_by_key(|s| *s.record.id.as_uuid());
        let mut consents: Vec<&ConsentRecord> = consents.iter().collect();
        consents.sort_by_key(|c| *c.subject_id.as_uuid());
        let fields: Vec<(&SubjectId, &'static str, &Vec<u8>)> = subjects
            .iter()
            .flat_map(|s| {
                s.record
                    .fields
                    .iter()
                    .map(move |(f, ct)| (&s.record.id, *f, ct))
            })
            .collect();
        let mut identifiers: Vec<(&SubjectId, &IdentifierRow)> = subjects
            .iter()
            .flat_map(|s| s.record.identifiers.iter().map(move |i| (&s.record.id, i)))
            .collect();
        identifiers.sort_unstable_by(|a, b| {
            (a.1.kind.name(), &a.1.blind_index).cmp(&(b.1.kind.name(), &b.1.blind_index))
        });
        let chunks: Vec<Chunk<'_>> = subjects
            .chunks(SUBJECTS_PER_INSERT)
            .map(Chunk::Subjects)
            .chain(fields.chunks(FIELDS_PER_INSERT).map(Chunk::Fields))
            .chain(
                identifiers
                    .chunks(IDENTIFIERS_PER_INSERT)
                    .map(Chunk::Identifiers),
            )
            .chain(consents.chunks(CONSENTS_PER_INSERT).map(Chunk::Consents))
            .collect();
        on_db!(self.db(), pool => {
            let grow_cache = bulk_load && pool.is_sqlite();
            let mut tx = pool.begin().await?;
            if grow_cache {
                // SQLite only.
                sqlx::query(BULK_LOAD_CACHE).execute(&mut *tx).await?;
            }
            // The consent statement's columns, many rows.
            let consent_head = INSERT_CONSENT
                .split_once(" VALUES ")
                .map(|(head, _)| head)
                .unwrap_or(INSERT_CONSENT);
            let build = |chunk: Chunk<'_>| match chunk {
                Chunk::Subjects(rows) => {
                    let mut q = pool.multi_row_query("subjects", rows.len(), || {
                        format!(
                            "INSERT INTO subjects (id, kek_version, wrapped_dek, pseudonym_ct, \
                             pseudonym_index, created_at_us, updated_at_us, minor_until_us, \
                             suppression_match) VALUES {}",
                            numbered_rows(rows.len(), 9)
                        )
                    });
                    for s in rows {
                        let r = s.record;
                        q = q
                            .bind(r.id.as_uuid())
                            .bind(i64::from(r.kek_version))
                            .bind(&r.wrapped_dek)
                            .bind(&r.pseudonym_ct)
                            .bind(&r.pseudonym_index)
                            .bind(now)
                            .bind(now)
                            .bind(r.minor_until_us)
                            .bind(s.suppression_match);
                    }
                    q
                }
                Chunk::Fields(rows) => {
                    let mut q = pool.multi_row_query("subject_fields", rows.len(), || {
                        format!(
                            "INSERT INTO subject_fields (subject_id, field, ciphertext) VALUES {}",
                            numbered_rows(rows.len(), 3)
                        )
                    });
                    for (id, field, ct) in rows {
                        q = q.bind(id.as_uuid()).bind(*field).bind(*ct);
                    }
                    q
                }
                Chunk::Identifiers(rows) => {
                    // Insert-or-skip, so a row another writer holds is named precisely
                    // instead of failing the statement.
                    let mut q = pool.multi_row_query("subject_identifiers", rows.len(), || {
                        format!(
                            "INSERT INTO subject_identifiers (id_type, blind_index, subject_id, \
                             ciphertext, created_at_us) VALUES {} ON CONFLICT DO NOTHING \
                             RETURNING id_type, blind_index",
                            numbered_rows(rows.len(), 5)
                        )
                    });
                    for (id, row) in rows {
                        q = q
                            .bind(row.kind.name())
                            .bind(&row.blind_index)
                            .bind(id.as_uuid())
                            .bind(&row.ciphertext)
                            .bind(now);
                    }
                    q
                }
                Chunk::Consents(rows) => {
                    let mut q = pool.multi_row_query("consent_records", rows.len(), || {
                        format!("{consent_head} VALUES {}", numbered_rows(rows.len(), 14))
                    });
                    for c in rows {
                        q = q
                            .bind(c.id)
                            .bind(c.subject_id.as_uuid())
                            .bind(c.purpose.as_str())
                            .bind(c.status.as_str())
                            .bind(&c.legal_basis)
                            .bind(&c.source)
                            .bind(c.collected_at_us)
                            .bind(c.recorded_at_us)
                            .bind(&c.policy_version)
                            .bind(&c.evidence)
                            .bind(c.expires_at_us)
                            .bind(&c.operator_id)
                            .bind(&c.recorded_by)
                            .bind(&c.request_id);
                    }
                    q
                }
            };
            // Each statement's parameters are bound while the one before runs in the
            // database (the engine works on its own thread or server), not after it.
            let mut queue = chunks.iter().copied();
            let mut next = queue.next().map(|c| (c, build(c)));
            while let Some((chunk, query)) = next.take() {
                let (done, following) = futures_util::future::join(
                    query.fetch_all(&mut *tx),
                    async { queue.next().map(|c| (c, build(c))) },
                )
                .await;
                let stored = done?;
                next = following;
                if let Chunk::Identifiers(rows) = chunk {
                    if stored.len() != rows.len() {
                        let mut kept = HashSet::new();
                        for r in &stored {
                            kept.insert((r.try_get::<String, _>("id_type")?, r.try_get::<Vec<u8>, _>("blind_index")?));
                        }
                        let taken = rows
                            .iter()
                            .find(|(_, row)| !kept.contains(&(row.kind.name().to_owned(), row.blind_index.clone())))
                            .map(|(_, row)| row.kind)
                            .unwrap_or(IdentifierType::Email);
                        drop(next);
                        tx.rollback().await?;
                        return Err(StoreError::IdentifierTaken(taken));
                    }
                }
            }
            append_audit_in!(tx, pool, audit, chain);
            if grow_cache {
                // Back to the default: the pages are freed as the commit releases them, so
                // the pool's other connections, which take turns, do not each keep 64 MiB.
                sqlx::query(DEFAULT_CACHE).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Up to `limit` live subjects (not merged away, processing not blocked by an erasure
    /// under a retention duty) in id order after `after`.
    pub async fn live_subject_page(
        &self,
        after: Option<&SubjectId>,
        limit: usize,
    ) -> Result<Vec<SubjectId>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        on_db!(self.db(), pool => {
            let rows = match after {
                Some(after) => sqlx::query(
                    "SELECT id FROM subjects WHERE merged_into IS NULL \
                     AND blocked_until_us IS NULL AND id > $1 ORDER BY id LIMIT $2",
                )
                .bind(after.as_uuid())
                .bind(limit)
                .fetch_all(pool)
                .await?,
                None => sqlx::query(
                    "SELECT id FROM subjects WHERE merged_into IS NULL \
                     AND blocked_until_us IS NULL ORDER BY id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(pool)
                .await?,
            };
            rows.iter()
                .map(|r| Ok(SubjectId::from_uuid(r.try_get("id")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// How many subjects an erasure under a retention duty holds back (left out of
    /// `export-all`).
    pub async fn blocked_subject_count(&self) -> Result<i64, StoreError> {
        on_db!(self.db(), pool => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM subjects WHERE blocked_until_us IS NOT NULL",
            )
            .fetch_one(pool)
            .await?;
            Ok(n)
        })
    }

    /// The most identifiers of each type that one live subject holds (for the columns of a
    /// CSV export: one `id:<type>` column per identifier).
    pub async fn most_identifiers_per_type(
        &self,
    ) -> Result<Vec<(IdentifierType, i64)>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT id_type, MAX(n) AS most FROM (SELECT i.id_type, i.subject_id, \
                 COUNT(*) AS n FROM subject_identifiers i JOIN subjects s ON s.id = i.subject_id \
                 WHERE s.merged_into IS NULL AND s.blocked_until_us IS NULL \
                 GROUP BY i.id_type, i.subject_id) per_subject GROUP BY id_type",
            )
            .fetch_all(pool)
            .await?;
            let mut out = Vec::new();
            for r in &rows {
                let kind: String = r.try_get("id_type")?;
                let kind = kind
                    .parse::<IdentifierType>()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                out.push((kind, r.try_get::<i64, _>("most")?));
            }
            Ok(out)
        })
    }

    /// The key and ciphertexts of many subjects at once (three statements, not three per
    /// subject), in the order of `ids`; a subject that is gone is left out.
    #[tracing::instrument(name = "store.load_subjects", skip_all)]
    pub async fn load_subjects(&self, ids: &[SubjectId]) -> Result<Vec<SubjectRecord>, StoreError> {
        let mut records: Vec<SubjectRecord> = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(KEYS_PER_LOOKUP) {
            let list = numbered(1, chunk.len());
            let heads =
                format!("SELECT id, kek_version, wrapped_dek FROM subjects WHERE id IN ({list})");
            let fields = format!(
                "SELECT subject_id, field, ciphertext FROM subject_fields WHERE subject_id IN \
                 ({list}) ORDER BY subject_id, field"
            );
            let idents = format!(
                "SELECT subject_id, id_type, ciphertext FROM subject_identifiers WHERE \
                 subject_id IN ({list}) ORDER BY subject_id, id_type, created_at_us"
            );
            let mut page: std::collections::HashMap<SubjectId, SubjectRecord> =
                std::collections::HashMap::with_capacity(chunk.len());
            on_db!(self.db(), pool => {
                let mut q = pool.dynamic_query(&heads);
                for id in chunk {
                    q = q.bind(id.as_uuid());
                }
                for r in q.fetch_all(pool).await? {
                    let id = SubjectId::from_uuid(r.try_get("id")?);
                    let version: i64 = r.try_get("kek_version")?;
                    page.insert(id, SubjectRecord {
                        id,
                        kek_version: u32::try_from(version)
                            .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                        wrapped_dek: r.try_get("wrapped_dek")?,
                        fields: Vec::new(),
                        identifiers: Vec::new(),
                    });
                }
                let mut q = pool.dynamic_query(&fields);
                for id in chunk {
                    q = q.bind(id.as_uuid());
                }
                for r in q.fetch_all(pool).await? {
                    let id = SubjectId::from_uuid(r.try_get("subject_id")?);
                    if let Some(s) = page.get_mut(&id) {
                        s.fields.push((r.try_get("field")?, r.try_get("ciphertext")?));
                    }
                }
                let mut q = pool.dynamic_query(&idents);
                for id in chunk {
                    q = q.bind(id.as_uuid());
                }
                for r in q.fetch_all(pool).await? {
                    let id = SubjectId::from_uuid(r.try_get("subject_id")?);
                    let kind: String = r.try_get("id_type")?;
                    let kind = kind
                        .parse::<IdentifierType>()
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    if let Some(s) = page.get_mut(&id) {
                        s.identifiers.push((kind, r.try_get("ciphertext")?));
                    }
                }
            });
            for id in chunk {
                if let Some(s) = page.remove(id) {
                    records.push(s);
                }
            }
        }
        Ok(records)
    }

    /// The newest consent record per subject and purpose, for many subjects at once.
    pub async fn latest_consents_of(
        &self,
        ids: &[SubjectId],
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        let mut out = Vec::new();
        let every_purpose: Option<&str> = None;
        for chunk in ids.chunks(KEYS_PER_LOOKUP) {
            on_db!(self.db(), pool => {
                let rows = super::facts::rows_of!(
                    pool,
                    super::facts::LATEST_CONSENTS,
                    chunk,
                    [every_purpose, every_purpose]
                )
                .await?;
                for r in &rows {
                    out.push(super::consent::consent_from_row(r)?);
                }
            });
        }
        out.sort_unstable_by_key(|r| r.seq);
        Ok(out)
    }
}
