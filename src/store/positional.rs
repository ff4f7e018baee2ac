//! Anonymous parameters for SQLite's long statements.
//!
//! Queries are written once with `$1, $2, …` (both engines accept them). SQLite keeps numbered
//! parameters in a list it scans linearly, when preparing and again when sqlx asks each
//! parameter's name while binding: O(n²) for a statement of n parameters. A batch's
//! `IN ($2, …, $1001)` or a 64-row audit `INSERT` (896 values) spent most of its time there.
//! Anonymous `?` parameters are not in that list, and bind in order of appearance; so when a
//! statement uses `$1 … $n` once each, in that order, `?` binds exactly the same values.

use std::borrow::Cow;

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

/// The statement text each engine runs: SQLite gets [`positional`], PostgreSQL the text as
/// written.
pub trait EngineSql {
    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str>;
}

impl EngineSql for sqlx::SqlitePool {
    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        positional(sql)
    }
}

impl EngineSql for sqlx::PgPool {
    fn engine_sql<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::positional;

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
