use std::path::PathBuf;

/// Why the policy could not be loaded. Every problem found in a file names the place, as
/// `<file>:<line>:<column>: <reason>`, so the DPO can go straight to it.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("{}: cannot read: {error}", file.display())]
    Read {
        file: PathBuf,
        error: std::io::Error,
    },
    /// The file was read but is not valid TOML or breaks a rule of the policy format.
    /// `line` and `column` count from 1; `column` counts characters.
    #[error("{}:{line}:{column}: {reason}", file.display())]
    Invalid {
        file: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
}
