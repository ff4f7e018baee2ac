//! The audited read's look-up: a subject's sealed record and everything its decision needs, in
//! one statement that answers one row. A read is the hot path, and what it costs is round trips
//! and hand-offs, not SQL: on SQLite each statement and each row crosses to the connection's
//! thread and back, on PostgreSQL each statement is a round trip (benches/README.md,
//! 2026-12-06, midday). The ledgers are read fresh on every call, never cached, so a withdrawal
//! through any instance counts on the very next read everywhere.

use sqlx::Row;

use super::consent::{consent_columns, consent_from_row, objection_in_force};
use super::{on_db, DecisionInputs, Engine, StoreError, SubjectRecord, VaultStore};
use crate::domain::{IdentifierType, SubjectId};

/// The decision's inputs as columns of a row of subject `s`, with the consent ledger's newest
/// record for purpose `$2` joined as `c` ([`latest_consent_join`]): the minor marker, the
/// objection scopes in force joined by commas (purpose ids and `direct_marketing` hold none),
/// the newest restriction as `yes`/`no`, and the consent's own columns (all null when there is
/// none). Read by [`decision_inputs_from`]; every decision reads its inputs through this one
/// text.
macro_rules! decision_columns {
    () => {
        concat!(
            "s.minor_until_us AS minor_until_us, \
             (SELECT string_agg(o.scope, ',') FROM objections o WHERE o.subject_id = s.id AND ",
            objection_in_force!(),
            ") AS objection_scopes, \
             (SELECT CASE WHEN r.restricted THEN 'yes' ELSE 'no' END FROM restrictions r \
              WHERE r.subject_id = s.id ORDER BY r.seq DESC LIMIT 1) AS restricted, c.*"
        )
    };
}

/// Joins subject `$1`'s newest consent record for purpose `$2` as `c` (one row or nulls).
macro_rules! latest_consent_join {
    () => {
        concat!(
            " LEFT JOIN (SELECT ",
            consent_columns!(),
            " FROM consent_records WHERE subject_id = $1 AND purpose = $2 \
             ORDER BY seq DESC LIMIT 1) c ON TRUE"
        )
    };
}

/// The decision's inputs of subject `$1` for purpose `$2`; no row: no such subject.
const DECISION_INPUTS: &str = concat!(
    "SELECT ",
    decision_columns!(),
    " FROM subjects s",
    latest_consent_join!(),
    " WHERE s.id = $1"
);

/// The read's statement, for an engine's way of writing a blob as hex (`$hex_open` blob
/// `$hex_close`): the subject's key material, its fields and identifiers as `name:hex` items
/// joined by commas (names and hex digits hold neither), and [`decision_columns`]. No row: no
/// live subject with this id (merged away, erased or never created).
macro_rules! subject_for_decision_sql {
    ($hex_open:literal, $hex_close:literal) => {
        concat!(
            "SELECT s.kek_version AS kek_version, s.wrapped_dek AS wrapped_dek, \
             s.pseudonym_ct AS pseudonym_ct, \
             (SELECT string_agg(f.field || ':' || ",
            $hex_open,
            "f.ciphertext",
            $hex_close,
            ", ',' ORDER BY f.field) FROM subject_fields f WHERE f.subject_id = s.id) \
             AS sealed_fields, \
             (SELECT string_agg(i.id_type || ':' || ",
            $hex_open,
            "i.ciphertext",
            $hex_close,
            ", ',' ORDER BY i.id_type, i.created_at_us) FROM subject_identifiers i \
             WHERE i.subject_id = s.id) AS sealed_identifiers, ",
            decision_columns!(),
            " FROM subjects s",
            latest_consent_join!(),
            " WHERE s.id = $1 AND s.merged_into IS NULL"
        )
    };
}

const SQLITE_SQL: &str = subject_for_decision_sql!("hex(", ")");
const POSTGRES_SQL: &str = subject_for_decision_sql!("encode(", ", 'hex')");

/// What [`VaultStore::subject_for_decision`] reads of a live subject.
#[derive(Debug)]
pub struct DecisionRead {
    /// The sealed record: wrapped key, field and identifier ciphertexts.
    pub record: SubjectRecord,
    /// The sealed pseudonym (opened with the subject's data key), for reads of behaviour.
    pub pseudonym_ct: Vec<u8>,
    /// The ledgers' state for the purpose asked about.
    pub inputs: DecisionInputs,
}

impl VaultStore {
    /// A live subject's sealed record, pseudonym and decision inputs for `purpose`, in one
    /// statement (see the module), or `None` when there is no live subject with this id.
    #[tracing::instrument(name = "store.subject_for_decision", skip_all)]
    pub async fn subject_for_decision(
        &self,
        id: &SubjectId,
        purpose: &str,
    ) -> Result<Option<DecisionRead>, StoreError> {
        let sql = match self.db().engine() {
            Engine::Sqlite => SQLITE_SQL,
            Engine::Postgres => POSTGRES_SQL,
        };
        on_db!(self.db(), pool => {
            let Some(r) = sqlx::query(sql)
                .bind(id.as_uuid())
                .bind(purpose)
                .fetch_optional(pool)
                .await?
            else {
                return Ok(None);
            };
            let kek_version: i64 = r.try_get("kek_version")?;
            let record = SubjectRecord {
                id: *id,
                kek_version: u32::try_from(kek_version)
                    .map_err(|_| StoreError::Corrupt("kek_version out of range".into()))?,
                wrapped_dek: r.try_get("wrapped_dek")?,
                fields: sealed_items(r.try_get("sealed_fields")?)?,
                identifiers: sealed_items(r.try_get("sealed_identifiers")?)?
                    .into_iter()
                    .map(|(kind, sealed)| {
                        let kind = kind
                            .parse::<IdentifierType>()
                            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        Ok((kind, sealed))
                    })
                    .collect::<Result<_, StoreError>>()?,
            };
            Ok(Some(DecisionRead {
                record,
                pseudonym_ct: r.try_get("pseudonym_ct")?,
                inputs: decision_inputs_from(&r)?,
            }))
        })
    }

    /// The subject's current state for one purpose, read fresh on every call (no cache), so a
    /// withdrawal through any server instance counts on the very next read everywhere. For a
    /// decision without the subject's fields; a read of them uses
    /// [`VaultStore::subject_for_decision`], which reads the same columns.
    #[tracing::instrument(name = "store.decision_inputs", skip_all)]
    pub async fn decision_inputs(
        &self,
        id: &SubjectId,
        purpose: &str,
    ) -> Result<DecisionInputs, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(DECISION_INPUTS)
                .bind(id.as_uuid())
                .bind(purpose)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(r) => decision_inputs_from(&r),
                None => Ok(DecisionInputs::default()),
            }
        })
    }
}

/// The decision's inputs from a row holding [`decision_columns`].
fn decision_inputs_from<R: Row>(r: &R) -> Result<DecisionInputs, StoreError>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    uuid::Uuid: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    // The consent columns are all null when the purpose has no consent record.
    let latest_consent = match r.try_get::<Option<i64>, _>("seq")? {
        Some(_) => Some(consent_from_row(r)?),
        None => None,
    };
    let objection_scopes = r
        .try_get::<Option<String>, _>("objection_scopes")?
        .map(|scopes| scopes.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(DecisionInputs {
        latest_consent,
        objection_scopes,
        restricted: r.try_get::<Option<String>, _>("restricted")?.as_deref() == Some("yes"),
        minor_until_us: r.try_get("minor_until_us")?,
    })
}

/// `name:hex,name:hex,…` (or null for none) as names and the bytes the hex spells.
fn sealed_items(joined: Option<String>) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let Some(joined) = joined else {
        return Ok(Vec::new());
    };
    joined
        .split(',')
        .map(|item| {
            let (name, sealed) = item
                .split_once(':')
                .ok_or_else(|| StoreError::Corrupt("a sealed item without its name".into()))?;
            let sealed = hex::decode(sealed)
                .map_err(|_| StoreError::Corrupt("a sealed item is not hex".into()))?;
            Ok((name.to_owned(), sealed))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_items_read_names_and_bytes_in_order() {
        let items = sealed_items(Some("email:0aFF,phone:00".into())).unwrap();
        assert_eq!(
            items,
            vec![
                ("email".to_owned(), vec![0x0a, 0xff]),
                ("phone".to_owned(), vec![0x00]),
            ]
        );
        assert!(sealed_items(None).unwrap().is_empty());
    }

    #[test]
    fn a_malformed_sealed_item_is_corrupt_and_names_no_content() {
        for bad in ["email", "email:zz"] {
            let err = sealed_items(Some(bad.into())).unwrap_err();
            assert!(matches!(err, StoreError::Corrupt(_)), "{bad}: {err:?}");
        }
    }
}
