//! Subject data keys (DEKs) and field encryption under them (AES-256-GCM, `aes-gcm` crate).

use std::fmt;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use secrecy::ExposeSecret;
use zeroize::{Zeroize, Zeroizing};

use super::keys::{random_secret32, secret32, Secret32};
use super::{fill_random, CryptoError};
use crate::domain::SubjectId;

/// First byte of every sealed field, so the format can change without guessing.
const FORMAT_V1: u8 = 0x01;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const FIELD_AAD_PREFIX: &[u8] = b"custodia/field/v1";

/// One subject's 256-bit data key. Wiped on drop; `Debug` prints `DataKey(***)`.
pub struct DataKey(Secret32);

impl DataKey {
    pub fn generate() -> Result<DataKey, CryptoError> {
        Ok(Self(random_secret32()?))
    }

    pub fn from_bytes(mut bytes: [u8; 32]) -> DataKey {
        let key = Self(Secret32::init_with_mut(|k| *k = bytes));
        bytes.zeroize();
        key
    }

    /// For unwrapping: copies a 32-byte slice straight into the key's heap box.
    pub(crate) fn from_slice(bytes: &[u8]) -> Option<DataKey> {
        secret32(bytes).map(Self)
    }

    /// A second copy in its own heap box (the data-key cache hands out copies); wiped on drop
    /// like the first.
    pub(crate) fn duplicate(&self) -> DataKey {
        Self(Secret32::init_with_mut(|k: &mut [u8; 32]| {
            k.copy_from_slice(self.expose_bytes())
        }))
    }

    /// The raw key, for wrapping by a `KeyProvider`. Call sites are the ones to review.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }

    /// Seals one field value: `0x01 ‖ 12-byte random nonce ‖ ciphertext ‖ 16-byte tag`.
    pub fn encrypt_field(
        &self,
        subject: &SubjectId,
        field: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let aad = field_aad(subject, field)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;

        let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        out.push(FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let sealed = self.cipher().encrypt_in_place_detached(
            &Nonce::from(nonce),
            &aad,
            &mut out[1 + NONCE_LEN..],
        );
        match sealed {
            Ok(tag) => {
                out.extend_from_slice(&tag);
                Ok(out)
            }
            Err(_) => {
                // Only reachable for absurd lengths; don't leave the plaintext behind.
                out.zeroize();
                Err(CryptoError::TooLong("field value"))
            }
        }
    }

    /// Opens a value sealed by `encrypt_field` for the same subject and field.
    pub fn decrypt_field(
        &self,
        subject: &SubjectId,
        field: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let aad = field_aad(subject, field)?;
        let parts = sealed
            .split_first()
            .filter(|(&format, _)| format == FORMAT_V1)
            .and_then(|(_, rest)| rest.split_first_chunk::<NONCE_LEN>())
            .and_then(|(nonce, rest)| Some((nonce, rest.split_last_chunk::<TAG_LEN>()?)));
        let Some((nonce, (ciphertext, tag))) = parts else {
            return Err(CryptoError::Decrypt);
        };

        let mut buf = Zeroizing::new(ciphertext.to_vec());
        self.cipher()
            .decrypt_in_place_detached(&Nonce::from(*nonce), &aad, &mut buf, &Tag::from(*tag))
            .map_err(|_| CryptoError::Decrypt)?;
        Ok(buf)
    }

    /// The `aes` crate's zeroize feature wipes this key schedule on drop.
    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.expose_bytes().into())
    }
}

impl Clone for DataKey {
    fn clone(&self) -> Self {
        // Copy box to box so the key never passes through the stack.
        Self(Secret32::init_with_mut(|k| *k = *self.expose_bytes()))
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(***)")
    }
}

/// `"custodia/field/v1" ‖ subject uuid (16) ‖ u16-BE name length ‖ name`: fixed widths and a
/// length prefix, so no (subject, field) pair can produce another pair's AAD.
fn field_aad(subject: &SubjectId, field: &str) -> Result<Vec<u8>, CryptoError> {
    let len = u16::try_from(field.len()).map_err(|_| CryptoError::TooLong("field name"))?;
    let mut aad = Vec::with_capacity(FIELD_AAD_PREFIX.len() + 16 + 2 + field.len());
    aad.extend_from_slice(FIELD_AAD_PREFIX);
    aad.extend_from_slice(subject.as_bytes());
    aad.extend_from_slice(&len.to_be_bytes());
    aad.extend_from_slice(field.as_bytes());
    Ok(aad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (DataKey, SubjectId) {
        (DataKey::generate().unwrap(), SubjectId::generate())
    }

    #[test]
    fn field_round_trip() {
        let (dek, subject) = setup();
        let sealed = dek
            .encrypt_field(&subject, "email", b"jane@example.com")
            .unwrap();
        assert_eq!(sealed[0], FORMAT_V1);
        assert_eq!(sealed.len(), 1 + NONCE_LEN + 16 + TAG_LEN);
        let opened = dek.decrypt_field(&subject, "email", &sealed).unwrap();
        assert_eq!(opened.as_slice(), b"jane@example.com");
    }

    #[test]
    fn empty_value_round_trips() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "note", b"").unwrap();
        assert!(dek
            .decrypt_field(&subject, "note", &sealed)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn every_flipped_bit_fails_to_open() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        for i in 0..sealed.len() * 8 {
            let mut bad = sealed.clone();
            bad[i / 8] ^= 1 << (i % 8);
            let err = dek.decrypt_field(&subject, "email", &bad).unwrap_err();
            assert!(matches!(err, CryptoError::Decrypt), "bit {i}");
        }
    }

    #[test]
    fn truncated_or_empty_input_fails_to_open() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        for len in [0, 1, 13, 28, sealed.len() - 1] {
            let err = dek.decrypt_field(&subject, "email", &sealed[..len]);
            assert!(matches!(err, Err(CryptoError::Decrypt)), "len {len}");
        }
    }

    #[test]
    fn ciphertext_moved_to_another_field_fails() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        let err = dek.decrypt_field(&subject, "phone", &sealed).unwrap_err();
        assert!(matches!(err, CryptoError::Decrypt));
    }

    #[test]
    fn ciphertext_moved_to_another_subject_fails() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        let other = SubjectId::generate();
        let err = dek.decrypt_field(&other, "email", &sealed).unwrap_err();
        assert!(matches!(err, CryptoError::Decrypt));
    }

    #[test]
    fn wrong_dek_fails() {
        let (dek, subject) = setup();
        let sealed = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        let other = DataKey::generate().unwrap();
        let err = other.decrypt_field(&subject, "email", &sealed).unwrap_err();
        assert!(matches!(err, CryptoError::Decrypt));
        assert_eq!(err.to_string(), "ciphertext could not be opened");
    }

    #[test]
    fn same_value_encrypts_differently_each_time() {
        let (dek, subject) = setup();
        let a = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        let b = dek.encrypt_field(&subject, "email", b"jane").unwrap();
        assert_ne!(a, b);
        assert_ne!(a[1..1 + NONCE_LEN], b[1..1 + NONCE_LEN]);
    }

    #[test]
    fn field_aad_is_unambiguous() {
        let subject = SubjectId::generate();
        let a = field_aad(&subject, "ab").unwrap();
        let b = field_aad(&subject, "a").unwrap();
        assert_ne!(a, b);
        assert!(matches!(
            field_aad(&subject, &"x".repeat(65_536)),
            Err(CryptoError::TooLong(_))
        ));
    }

    #[test]
    fn from_bytes_and_clone_keep_the_key() {
        let dek = DataKey::from_bytes([3; 32]);
        assert_eq!(dek.expose_bytes(), &[3; 32]);
        assert_eq!(dek.clone().expose_bytes(), &[3; 32]);
    }

    #[test]
    fn debug_hides_the_key() {
        let dek = DataKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{dek:?}"), "DataKey(***)");
    }
}
