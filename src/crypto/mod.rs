//! Envelope encryption, blind indexes, pseudonyms, the key provider (design §2) and the
//! consent-receipt signer.
//!
//! Master keys (KEKs) wrap one random data key (DEK) per subject; the DEK seals that subject's
//! fields. Nothing in this module ever formats key bytes or plaintext: every secret type prints a
//! placeholder and every error names a reason, never the value.

mod blind_index;
mod cache;
mod envelope;
mod journal;
mod keys;
mod provider;
mod pseudonym;
mod receipt;
mod transit;
mod webhook;

pub use blind_index::BlindIndexer;
pub use cache::{CacheCounters, CachingKeyProvider};
pub use envelope::DataKey;
pub use journal::JournalMac;
pub use keys::{
    load_or_create_key_file, DerivationSource, IndexKey, KeyRing, KeyVersion, MasterKey,
};
pub use provider::{KeyFuture, KeyProvider, KeyVersions, LocalKeyProvider, WrappedKey};
pub use pseudonym::{BadPseudonym, Pseudonym};
pub use receipt::ReceiptSigner;
pub use transit::{TransitConfig, TransitKeyProvider};
pub use webhook::{
    verify_signature, webhook_secret_hex, WebhookSigner, NOTIFICATION_HEADER, SIGNATURE_HEADER,
    SIGNATURE_TOLERANCE_SECS,
};

use ring::rand::{SecureRandom, SystemRandom};

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// Wrong key, wrong subject/field, or tampered bytes; deliberately no detail.
    #[error("ciphertext could not be opened")]
    Decrypt,
    #[error("no master key for version {0}")]
    UnknownKeyVersion(KeyVersion),
    #[error("the system random number generator failed")]
    Random,
    /// A reason only (with a line number where there is one), never key bytes.
    #[error("bad key material: {0}")]
    BadKeyMaterial(String),
    /// A field name over 65535 bytes (the AAD's u16 length prefix) or a value over AES-GCM's
    /// limit; a programming error, never caused by key material.
    #[error("{0} too long to encrypt")]
    TooLong(&'static str),
    #[error("key file: {0}")]
    Io(#[from] std::io::Error),
    /// Receipt claims that do not serialise to JSON (e.g. a map with non-string keys); the
    /// claims hold personal data, so the cause is not kept.
    #[error("receipt claims could not be serialised as JSON")]
    Sign,
    /// An external key service (Transit) did not wrap or unwrap: why, never the token, the
    /// key or the data key.
    #[error("the key service {0}")]
    KeyService(KeyServiceFailure),
}

/// Why an external key service failed a call. Each names a cause an operator can act on and
/// nothing else (no token, no ciphertext, no plaintext, no address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyServiceFailure {
    #[error("is sealed")]
    Sealed,
    #[error("refused the token (permission denied: check the token and its policy)")]
    PermissionDenied,
    #[error("did not answer in time")]
    Timeout,
    #[error("could not be reached")]
    Unreachable,
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("gave an answer custodia does not understand ({0})")]
    BadAnswer(&'static str),
}

/// Fills `out` from the operating system's CSPRNG.
pub(crate) fn fill_random(out: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new()
        .fill(out)
        .map_err(|_| CryptoError::Random)
}
