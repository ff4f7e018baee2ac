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
///
/// While an index-key rotation is under way (a `next-index:` keyring line) it holds two
/// look-up keys: every new index is written under the next key (the *write* key), and every
/// look-up, uniqueness check and suppression check consults both. A `retired-index:` key is
/// consulted for the suppression list only (its entries cannot be recomputed).
#[derive(Clone)]
pub struct BlindIndexer {
    /// The write key.
    key: hmac::Key,
    write_id: String,
    /// The other key look-ups consult (the current `index:` key while rotating).
    also: Option<hmac::Key>,
    /// Keys consulted for the suppression list only.
    retired: Option<hmac::Key>,
}

impl BlindIndexer {
    pub fn new(key: &IndexKey) -> BlindIndexer {
        Self::rotating(key, None, None)
    }

    /// The indexer of a keyring with an `index:` key `current`, maybe a `next-index:` key
    /// (which becomes the write key) and a `retired-index:` key.
    pub fn rotating(
        current: &IndexKey,
        next: Option<&IndexKey>,
        retired: Option<&IndexKey>,
    ) -> BlindIndexer {
        let hmac_of = |k: &IndexKey| hmac::Key::new(hmac::HMAC_SHA256, k.expose_bytes());
        let write = next.unwrap_or(current);
        Self {
            key: hmac_of(write),
            write_id: write.id(),
            also: next.map(|_| hmac_of(current)),
            retired: retired.map(hmac_of),
        }
    }

    /// The public id of the key new indexes are written under.
    pub fn write_key_id(&self) -> &str {
        &self.write_id
    }

    /// The identifier's index under every look-up key but the write key (the current key
    /// while a rotation is under way; empty otherwise).
    pub fn identifier_alternates(
        &self,
        kind: IdentifierType,
        canonical_value: &str,
    ) -> Vec<Vec<u8>> {
        self.also
            .iter()
            .map(|k| identifier_under(k, kind, canonical_value).to_vec())
            .collect()
    }

    /// The identifier's index under every look-up key, the write key first.
    pub fn identifier_all(&self, kind: IdentifierType, canonical_value: &str) -> Vec<Vec<u8>> {
        let mut all = vec![self.identifier(kind, canonical_value).to_vec()];
        all.extend(self.identifier_alternates(kind, canonical_value));
        all
    }

    /// The identifier's index under the retired key, for the suppression list only.
    pub fn identifier_retired(&self, kind: IdentifierType, canonical_value: &str) -> Vec<Vec<u8>> {
        self.retired
            .iter()
            .map(|k| identifier_under(k, kind, canonical_value).to_vec())
            .collect()
    }

    /// The pseudonym's index under every look-up key, the write key first.
    pub fn pseudonym_all(&self, p: &Pseudonym) -> Vec<Vec<u8>> {
        let mut all = vec![self.pseudonym(p).to_vec()];
        all.extend(
            self.also
                .iter()
                .map(|k| sign(k, &[PSEUDONYM_DOMAIN, p.as_bytes()]).to_vec()),
        );
        all
    }

    /// `canonical_value` must already be normalised (email lower-cased and trimmed, phone in
    /// E.164); the kind name and a NUL separate domains, so an email never matches a phone.
    pub fn identifier(&self, kind: IdentifierType, canonical_value: &str) -> [u8; 32] {
        identifier_under(&self.key, kind, canonical_value)
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
        sign(&self.key, parts)
    }
}

fn identifier_under(key: &hmac::Key, kind: IdentifierType, canonical_value: &str) -> [u8; 32] {
    sign(
        key,
        &[
            IDENTIFIER_DOMAIN,
            kind.name().as_bytes(),
            b"\0",
            canonical_value.as_bytes(),
        ],
    )
}

fn sign(key: &hmac::Key, parts: &[&[u8]]) -> [u8; 32] {
    let mut ctx = hmac::Context::with_key(key);
    for part in parts {
        ctx.update(part);
    }
    let mut out = [0u8; 32];
    // HMAC-SHA256 output is always 32 bytes.
    out.copy_from_slice(ctx.sign().as_ref());
    out
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
    fn while_rotating_new_indexes_go_under_the_next_key_and_look_ups_consult_both() {
        let (old, new) = (IndexKey::from_bytes([1; 32]), IndexKey::from_bytes([2; 32]));
        let r = BlindIndexer::rotating(&old, Some(&new), None);
        let v = "jane@example.com";
        let want_new = indexer(2).identifier(IdentifierType::Email, v);
        let want_old = indexer(1).identifier(IdentifierType::Email, v);
        assert_eq!(r.identifier(IdentifierType::Email, v), want_new);
        assert_eq!(r.write_key_id(), new.id());
        assert_eq!(
            r.identifier_all(IdentifierType::Email, v),
            vec![want_new.to_vec(), want_old.to_vec()]
        );
        assert!(indexer(1)
            .identifier_alternates(IdentifierType::Email, v)
            .is_empty());
        let after = BlindIndexer::rotating(&new, None, Some(&old));
        assert_eq!(
            after.identifier_all(IdentifierType::Email, v),
            vec![want_new.to_vec()]
        );
        assert_eq!(
            after.identifier_retired(IdentifierType::Email, v),
            vec![want_old.to_vec()]
        );
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
