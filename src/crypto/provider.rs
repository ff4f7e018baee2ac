//! Wrapping subject data keys under master keys, behind a trait so that an external KMS
//! (Vault/OpenBao Transit, a cloud KMS) can replace the local keyring later.

use std::collections::BTreeMap;
use std::fmt;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use zeroize::{Zeroize, Zeroizing};

use super::{fill_random, CryptoError, DataKey, KeyRing, KeyVersion};
use crate::domain::SubjectId;

const DEK_AAD_PREFIX: &[u8] = b"custodia/dek/v1";
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = NONCE_LEN + 32 + TAG_LEN;

/// A data key sealed under master key `version`: `bytes` = 12-byte nonce ‖ ciphertext ‖ tag.
#[derive(Clone, PartialEq, Eq)]
pub struct WrappedKey {
    pub version: KeyVersion,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for WrappedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Ciphertext, not secret, but long and useless in a log line.
        write!(
            f,
            "WrappedKey({}, {} bytes)",
            self.version,
            self.bytes.len()
        )
    }
}

pub trait KeyProvider: Send + Sync + 'static {
    /// The version new wraps use.
    fn active_version(&self) -> KeyVersion;

    fn wrap(&self, subject: &SubjectId, dek: &DataKey) -> Result<WrappedKey, CryptoError>;

    /// Opens with the version named in `wrapped`, so keys wrapped before a rotation still open.
    fn unwrap(&self, subject: &SubjectId, wrapped: &WrappedKey) -> Result<DataKey, CryptoError>;

    /// Key rotation: re-wraps under the active version (always, even if already active; the
    /// caller skips keys whose version is current). Field ciphertexts are untouched.
    fn rewrap(&self, subject: &SubjectId, wrapped: &WrappedKey) -> Result<WrappedKey, CryptoError> {
        let dek = self.unwrap(subject, wrapped)?;
        self.wrap(subject, &dek)
    }
}

/// Wraps with the master keys of a local `KeyRing` (AES-256-GCM via `ring`).
///
/// Holds ring's expanded AES keys rather than the raw bytes; ring does not wipe those on drop,
/// but they live as long as the process does anyway.
pub struct LocalKeyProvider {
    keys: BTreeMap<KeyVersion, LessSafeKey>,
    active: KeyVersion,
}

impl LocalKeyProvider {
    pub fn new(ring: &KeyRing) -> Result<LocalKeyProvider, CryptoError> {
        let keys = ring
            .master_keys()
            .map(|(version, key)| {
                UnboundKey::new(&AES_256_GCM, key.expose_bytes())
                    .map(|k| (version, LessSafeKey::new(k)))
                    .map_err(|_| CryptoError::BadKeyMaterial(format!("master key {version}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            keys,
            active: ring.active_version(),
        })
    }

    fn key(&self, version: KeyVersion) -> Result<&LessSafeKey, CryptoError> {
        self.keys
            .get(&version)
            .ok_or(CryptoError::UnknownKeyVersion(version))
    }
}

impl fmt::Debug for LocalKeyProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalKeyProvider")
            .field("versions", &self.keys.keys().collect::<Vec<_>>())
            .field("active", &self.active)
            .finish()
    }
}

/// `"custodia/dek/v1" ‖ subject uuid (16) ‖ version (u32 BE)`: a wrapped key only opens for
/// the subject and under the version it was made for.
fn dek_aad(subject: &SubjectId, version: KeyVersion) -> Vec<u8> {
    let mut aad = Vec::with_capacity(DEK_AAD_PREFIX.len() + 16 + 4);
    aad.extend_from_slice(DEK_AAD_PREFIX);
    aad.extend_from_slice(subject.as_bytes());
    aad.extend_from_slice(&version.0.to_be_bytes());
    aad
}

impl KeyProvider for LocalKeyProvider {
    fn active_version(&self) -> KeyVersion {
        self.active
    }

    fn wrap(&self, subject: &SubjectId, dek: &DataKey) -> Result<WrappedKey, CryptoError> {
        let key = self.key(self.active)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;

        let mut bytes = Vec::with_capacity(WRAPPED_LEN);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(dek.expose_bytes());
        let sealed = key.seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(dek_aad(subject, self.active)),
            &mut bytes[NONCE_LEN..],
        );
        match sealed {
            Ok(tag) => {
                bytes.extend_from_slice(tag.as_ref());
                Ok(WrappedKey {
                    version: self.active,
                    bytes,
                })
            }
            Err(_) => {
                // Sealing 32 bytes cannot fail, but never leave the DEK in clear if it does.
                bytes.zeroize();
                Err(CryptoError::BadKeyMaterial("key wrap failed".into()))
            }
        }
    }

    fn unwrap(&self, subject: &SubjectId, wrapped: &WrappedKey) -> Result<DataKey, CryptoError> {
        let key = self.key(wrapped.version)?;
        if wrapped.bytes.len() != WRAPPED_LEN {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, sealed) = wrapped.bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::Decrypt)?;
        let mut buf = Zeroizing::new(sealed.to_vec());
        let plain = key
            .open_in_place(
                nonce,
                Aad::from(dek_aad(subject, wrapped.version)),
                &mut buf,
            )
            .map_err(|_| CryptoError::Decrypt)?;
        DataKey::from_slice(plain).ok_or(CryptoError::Decrypt)
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    use super::*;

    fn ring_text(versions: &[u8]) -> String {
        versions
            .iter()
            .map(|v| format!("k{v}:{}\n", STANDARD.encode([*v; 32])))
            .collect()
    }

    fn provider(versions: &[u8]) -> LocalKeyProvider {
        LocalKeyProvider::new(&KeyRing::parse(&ring_text(versions)).unwrap()).unwrap()
    }

    #[test]
    fn wrap_unwrap_round_trip() {
        let p = provider(&[1]);
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        let wrapped = p.wrap(&subject, &dek).unwrap();
        assert_eq!(wrapped.version, KeyVersion(1));
        assert_eq!(wrapped.bytes.len(), WRAPPED_LEN);
        assert_ne!(
            &wrapped.bytes[NONCE_LEN..NONCE_LEN + 32],
            dek.expose_bytes()
        );
        let back = p.unwrap(&subject, &wrapped).unwrap();
        assert_eq!(back.expose_bytes(), dek.expose_bytes());
    }

    #[test]
    fn wraps_use_fresh_nonces() {
        let p = provider(&[1]);
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        assert_ne!(
            p.wrap(&subject, &dek).unwrap(),
            p.wrap(&subject, &dek).unwrap()
        );
    }

    #[test]
    fn unwrap_for_another_subject_fails() {
        let p = provider(&[1]);
        let wrapped = p
            .wrap(&SubjectId::generate(), &DataKey::generate().unwrap())
            .unwrap();
        let err = p.unwrap(&SubjectId::generate(), &wrapped).unwrap_err();
        assert!(matches!(err, CryptoError::Decrypt));
    }

    #[test]
    fn tampered_or_relabelled_wrap_fails() {
        let p = provider(&[1, 2]);
        let subject = SubjectId::generate();
        let wrapped = p.wrap(&subject, &DataKey::generate().unwrap()).unwrap();

        let mut flipped = wrapped.clone();
        flipped.bytes[20] ^= 1;
        assert!(matches!(
            p.unwrap(&subject, &flipped),
            Err(CryptoError::Decrypt)
        ));

        let mut short = wrapped.clone();
        short.bytes.pop();
        assert!(matches!(
            p.unwrap(&subject, &short),
            Err(CryptoError::Decrypt)
        ));

        // The version is in the AAD: claiming k1 for a k2 wrap does not open.
        let relabelled = WrappedKey {
            version: KeyVersion(1),
            ..wrapped
        };
        assert!(matches!(
            p.unwrap(&subject, &relabelled),
            Err(CryptoError::Decrypt)
        ));
    }

    #[test]
    fn unwrap_with_a_keyring_lacking_the_version_is_unknown_version() {
        let subject = SubjectId::generate();
        let wrapped = provider(&[1, 2])
            .wrap(&subject, &DataKey::generate().unwrap())
            .unwrap();
        assert_eq!(wrapped.version, KeyVersion(2));
        let err = provider(&[1]).unwrap(&subject, &wrapped).unwrap_err();
        assert!(matches!(err, CryptoError::UnknownKeyVersion(KeyVersion(2))));
        assert_eq!(err.to_string(), "no master key for version k2");
    }

    #[test]
    fn rotation_keeps_old_wraps_and_rewrap_moves_them_to_the_active_key() {
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        let old = provider(&[1]).wrap(&subject, &dek).unwrap();

        let rotated = provider(&[1, 2]);
        assert_eq!(rotated.active_version(), KeyVersion(2));
        let opened = rotated.unwrap(&subject, &old).unwrap();
        assert_eq!(opened.expose_bytes(), dek.expose_bytes());

        let new = rotated.rewrap(&subject, &old).unwrap();
        assert_eq!(new.version, KeyVersion(2));
        let opened = rotated.unwrap(&subject, &new).unwrap();
        assert_eq!(opened.expose_bytes(), dek.expose_bytes());
    }

    #[test]
    fn debug_shows_versions_only() {
        let p = provider(&[1, 2]);
        assert_eq!(
            format!("{p:?}"),
            "LocalKeyProvider { versions: [KeyVersion(1), KeyVersion(2)], active: KeyVersion(2) }"
        );
    }
}
