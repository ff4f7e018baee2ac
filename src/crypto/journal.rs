//! The MAC of the erasure journal's lines (`store/journal.rs`): HMAC-SHA256 under a key
//! derived from the keyring ([`KeyRing::erasure_journal_key`]), so a line cannot be edited,
//! forged or moved without the keys, and a journal of another vault does not verify.

use std::fmt;

use ring::hmac;
use secrecy::ExposeSecret;

use super::keys::key_id;
use super::{CryptoError, KeyRing};

/// Signs and checks journal lines. Holds only the derived key, never a master key; `Debug`
/// shows the key's public id.
pub struct JournalMac {
    key: hmac::Key,
    id: String,
}

impl JournalMac {
    pub fn from_keyring(ring: &KeyRing) -> Result<JournalMac, CryptoError> {
        // The derived secret is wiped when it drops at the end of this function.
        let secret = ring.erasure_journal_key()?;
        Ok(JournalMac {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.expose_secret()),
            id: key_id(secret.expose_secret()),
        })
    }

    /// The MAC of `body`, in lower-case hex (64 characters).
    pub fn sign(&self, body: &[u8]) -> String {
        hex::encode(hmac::sign(&self.key, body).as_ref())
    }

    /// Whether `mac_hex` is the MAC of `body` (constant-time comparison).
    pub fn verify(&self, body: &[u8], mac_hex: &str) -> bool {
        hex::decode(mac_hex).is_ok_and(|tag| hmac::verify(&self.key, body, &tag).is_ok())
    }

    /// A public fingerprint of the key (16 hex digits), written in each journal file's first
    /// line so that a journal of another keyring is named as such; it reveals nothing.
    pub fn key_id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for JournalMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JournalMac")
            .field("key_id", &self.id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ring(byte: u8) -> KeyRing {
        use base64::Engine as _;
        KeyRing::parse(&base64::engine::general_purpose::STANDARD.encode([byte; 32])).unwrap()
    }

    #[test]
    fn signs_verifies_and_refuses_a_changed_body_or_another_keyring() {
        let mac = JournalMac::from_keyring(&ring(1)).unwrap();
        let tag = mac.sign(b"line");
        assert_eq!(tag.len(), 64);
        assert!(mac.verify(b"line", &tag));
        assert!(!mac.verify(b"linf", &tag));
        assert!(!mac.verify(b"line", "not hex"));
        let other = JournalMac::from_keyring(&ring(2)).unwrap();
        assert!(!other.verify(b"line", &tag));
        assert_ne!(mac.key_id(), other.key_id());
        assert!(!format!("{mac:?}").contains(&tag));
    }

    #[test]
    fn a_new_master_key_version_keeps_the_journal_key() {
        use base64::Engine as _;
        let b64 = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
        let one = JournalMac::from_keyring(&ring(1)).unwrap();
        let two = KeyRing::parse(&format!("k1:{}\nk2:{}", b64(1), b64(2))).unwrap();
        let two = JournalMac::from_keyring(&two).unwrap();
        assert_eq!(one.key_id(), two.key_id());
    }
}
