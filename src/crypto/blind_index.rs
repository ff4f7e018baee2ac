//! Blind indexes: keyed hashes that let the vault find a subject by an identifier, or by a
//! pseudonym, without storing the value itself.

use std::fmt;

use ring::hmac;

use super::{IndexKey, Pseudonym};
use crate::domain::IdentifierType;

const IDENTIFIER_DOMAIN: &[u8] = b"custodia/identifier/v1\0";
const PSEUDONYM_DOMAIN: &[u8] = b"custodia/pseudonym/v1\0";
const EVIDENCE_DOMAIN: &[u8] = b"custodia/evidence/v1\0";

/// HMAC-SHA256 under the index key. Cheap to clone (ring shares nothing mutable).
#[derive(Clone)]
pub struct BlindIndexer {
    key: hmac::Key,
}

impl BlindIndexer {
    pub fn new(key: &IndexKey) -> BlindIndexer {
        Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, key.expose_bytes()),
        }
    }

    /// `canonical_value` must already be normalised (email lower-cased and trimmed, phone in
    /// E.164); the kind name and a NUL separate domains, so an email never matches a phone.
    pub fn identifier(&self, kind: IdentifierType, canonical_value: &str) -> [u8; 32] {
        self.sign(&[
            IDENTIFIER_DOMAIN,
            kind.name().as_bytes(),
            b"\0",
            canonical_value.as_bytes(),
        ])
    }

    /// The keyed way back from a pseudonym to its subject (deleted with the subject).
    pub fn pseudonym(&self, p: &Pseudonym) -> [u8; 32] {
        self.sign(&[PSEUDONYM_DOMAIN, p.as_bytes()])
    }

    /// A keyed hash of a hashed evidence value (`ip_hash`, `user_agent_hash`): the value a
    /// client sends is an unsalted hash, which a table of every IPv4 address reverses; keyed,
    /// it reverses only with the vault's index key (Recital 26).
    pub fn evidence(&self, key: &str, value: &str) -> [u8; 32] {
        self.sign(&[EVIDENCE_DOMAIN, key.as_bytes(), b"\0", value.as_bytes()])
    }

    fn sign(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.key);
        for part in parts {
            ctx.update(part);
        }
        let mut out = [0u8; 32];
        // HMAC-SHA256 output is always 32 bytes.
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }
}

impl fmt::Debug for BlindIndexer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlindIndexer(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexer(byte: u8) -> BlindIndexer {
        BlindIndexer::new(&IndexKey::from_bytes([byte; 32]))
    }

    #[test]
    fn same_input_gives_same_output() {
        let a = indexer(1);
        assert_eq!(
            a.identifier(IdentifierType::Email, "jane@example.com"),
            a.clone()
                .identifier(IdentifierType::Email, "jane@example.com")
        );
        assert_ne!(
            a.identifier(IdentifierType::Email, "jane@example.com"),
            a.identifier(IdentifierType::Email, "john@example.com")
        );
    }

    #[test]
    fn different_kind_gives_different_output() {
        let a = indexer(1);
        let email = a.identifier(IdentifierType::Email, "12345");
        let phone = a.identifier(IdentifierType::Phone, "12345");
        let card = a.identifier(IdentifierType::LoyaltyCard, "12345");
        assert_ne!(email, phone);
        assert_ne!(phone, card);
    }

    #[test]
    fn different_index_key_gives_different_output() {
        let value = "+33612345678";
        assert_ne!(
            indexer(1).identifier(IdentifierType::Phone, value),
            indexer(2).identifier(IdentifierType::Phone, value)
        );
    }

    #[test]
    fn pseudonym_index_is_keyed_and_separate_from_identifiers() {
        let p = Pseudonym::from_bytes([7; 16]);
        let a = indexer(1);
        assert_eq!(a.pseudonym(&p), a.pseudonym(&p));
        assert_ne!(a.pseudonym(&p), indexer(2).pseudonym(&p));
        assert_ne!(
            a.pseudonym(&p),
            a.pseudonym(&Pseudonym::from_bytes([8; 16]))
        );
    }

    #[test]
    fn matches_a_plain_hmac_of_the_documented_input() {
        // Locks the byte layout: changing it would orphan every stored index.
        let key = hmac::Key::new(hmac::HMAC_SHA256, &[1; 32]);
        let want = hmac::sign(&key, b"custodia/identifier/v1\0email\0jane@example.com");
        let got = indexer(1).identifier(IdentifierType::Email, "jane@example.com");
        assert_eq!(got.as_slice(), want.as_ref());
    }

    #[test]
    fn debug_hides_the_key() {
        assert_eq!(format!("{:?}", indexer(0xab)), "BlindIndexer(***)");
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Clone + Send + Sync>() {}
        check::<BlindIndexer>();
    }
}
