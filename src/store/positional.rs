//! Statements built at run time: written once with `$1, $2, …` ([`numbered`],
//! [`numbered_rows`]), run on each engine as [`EngineSql::engine_sql`] gives it.
//!
//! Both engines accept `$n`, but SQLite keeps numbered parameters in a list it scans
//! linearly, when preparing and again when sqlx asks each parameter's name while binding:
//! O(n²) for a statement of n parameters. A batch's `IN ($2, …, $1001)`, a 64-row audit
//! `INSERT` (896 values) or an import's 5,000-row batch spent most of their time there.
//! Anonymous `?` parameters are not in that list, and bind in order of appearance; so when a
//! statement uses `$1 … $n` once each, in that order, `?` binds exactly the same values, and
//! SQLite gets the statement with `?` ([`positional`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// `$first, $first+1, …`: `n` placeholders, the first being the statement's `first` parameter.
/// Placeholders only, never data, so the statement built with them is safe to hand to sqlx.
pub(crate) fn numbered(first: usize, n: usize) -> String {
    let mut out = String::with_capacity(n * 6);
    for i in first..first + n {
        if i > first {
            out.push_str(", ");
        }
        out.push('$');
        out.push_str(&i.to_string());
    }
    out
}

/// `($1, …, $cols), ($cols+1, …)`: `rows` groups of `cols` placeholders, numbered in order.
pub(crate) fn numbered_rows(rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * (cols * 7 + 4));
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        out.push_str(&numbered(1 + r * cols, cols));
        out.push(')');
    }
    out
}

/// The statement with `?` for its parameters when they appear as `$1, $2, … $n`, once each and
/// in order (outside quoted text); otherwise the statement unchanged.
pub fn positional(sql: &str) -> Cow<'_, str> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut expected = 1u64;
    let mut copied_to = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // Quoted text and identifiers: a `$` inside is not a parameter.
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                i += 1;
            }
            b'$' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                match sql[start..end].parse::<u64>() {
                    Ok(n) if n == expected => {
                        out.push_str(&sql[copied_to..i]);
                        out.push('?');
                        copied_to = end;
                        expected += 1;
                        i = end;
                    }
                    _ => return Cow::Borrowed(sql),
                }
            }
            _ => i += 1,
        }
    }
    if expected == 1 {
        return Cow::Borrowed(sql);
    }
    out.push_str(&sql[copied_to..]);
    Cow::Owned(out)
}

/// A query over a statement built at run time.
pub type DynamicQuery<'q, DB> = sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>;

/// The statement text each engine runs: SQLite gets [`positional`], PostgreSQL the text as
/// written. Implemented by each engine's pool, so code inside `on_db!` asks the pool it has.
pub trait EngineSql {
    type Database: sqlx::Database;

    /// SQLite (a file beside the process) rather than PostgreSQL (a server).
    const SQLITE: bool;

    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str>;

    fn is_sqlite(&self) -> bool {
        Self::SQLITE
    }

    /// The one way to run a statement built at run time (`sql` holds `$n` placeholders only,
    /// never data): as this engine runs it. The store's tests refuse `AssertSqlSafe` anywhere
    /// else, so no dynamic statement misses the rewrite.
    fn dynamic_query<'q>(&self, sql: &str) -> DynamicQuery<'q, Self::Database> {
        sqlx::query(sqlx::AssertSqlSafe(self.engine_sql(sql).into_owned()))
    }

    /// [`Self::multi_row_statement`] as a query.
    fn multi_row_query<'q>(
        &self,
        name: &'static str,
        rows: usize,
        build: impl FnOnce() -> String,
    ) -> DynamicQuery<'q, Self::Database> {
        sqlx::query(sqlx::AssertSqlSafe(
            self.multi_row_statement(name, rows, build),
        ))
    }

    /// A multi-row statement's engine text for `rows` rows, built once per (statement,
    /// engine, rows) and kept: a bulk import sends the same few sizes thousands of times.
    /// `build` writes it with `$n` placeholders; the sizes are bounded by each statement's
    /// chunk size, so the cache is too.
    fn multi_row_statement(
        &self,
        name: &'static str,
        rows: usize,
        build: impl FnOnce() -> String,
    ) -> Arc<str> {
        type Cache = HashMap<(&'static str, bool, usize), Arc<str>>;
        static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry((name, Self::SQLITE, rows))
            .or_insert_with(|| self.engine_sql(&build()).into())
            .clone()
    }
}

impl EngineSql for sqlx::SqlitePool {
    type Database = sqlx::Sqlite;
    const SQLITE: bool = true;

    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        positional(sql)
    }
}

impl EngineSql for sqlx::PgPool {
    type Database = sqlx::Postgres;
    const SQLITE: bool = false;

    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::{numbered, numbered_rows, positional};

    /// Every statement built at run time goes through `EngineSql` (`dynamic_query`,
    /// `multi_row_query`): one spelled out with `AssertSqlSafe` elsewhere would miss the
    /// rewrite and bind in O(n²) on SQLite, silently.
    #[test]
    fn no_dynamic_statement_bypasses_the_engine_text() {
        let offenders: Vec<String> = crate::store::source_files()
            .into_iter()
            .filter(|(path, text)| {
                !path.ends_with("store/positional.rs")
                    && text.contains(concat!("Assert", "SqlSafe"))
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            offenders.is_empty(),
            "use EngineSql::dynamic_query: {offenders:?}"
        );
    }

    #[test]
    fn placeholders_number_rows_then_columns() {
        assert_eq!(numbered_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(numbered(2, 3), "$2, $3, $4");
        assert_eq!(positional(&numbered_rows(2, 2)), "(?, ?), (?, ?)");
    }

    #[test]
    fn numbered_in_order_once_each_become_anonymous() {
        assert_eq!(
            positional("SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"),
            "SELECT a FROM t WHERE b = ? AND c IN (?, ?)"
        );
        assert_eq!(
            positional("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }

    #[test]
    fn anything_else_is_left_as_written() {
        // Reused, out of order, skipped: `?` would bind other values.
        for sql in [
            "SELECT 1 WHERE ($1 IS NULL OR a = $1)",
            "SELECT 1 WHERE a = $2 AND b = $1",
            "SELECT 1 WHERE a = $1 AND b = $3",
            "SELECT 1 FROM t",
        ] {
            assert_eq!(positional(sql), sql);
        }
    }

    #[test]
    fn a_dollar_in_quoted_text_is_not_a_parameter() {
        assert_eq!(
            positional("SELECT '$9' || \"$x\" FROM t WHERE a = $1 AND b || '' = $2"),
            "SELECT '$9' || \"$x\" FROM t WHERE a = ? AND b || '' = ?"
        );
    }
}
