use crate::domain::IdentifierType;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique identifier (blind index) is already held by another subject.
    #[error("an identifier of type {0} is already held by another subject")]
    IdentifierTaken(IdentifierType),
    /// The rows a write depends on changed, or are not in the state the write requires (a
    /// guarded update matched nothing); nothing was written.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("stored data is not in the expected shape: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
    }
}
