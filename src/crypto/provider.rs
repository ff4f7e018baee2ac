//! Wrapping subject data keys under master keys, behind a trait so that an external KMS
//! (Vault/OpenBao Transit, a cloud KMS) can replace the local keyring later.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

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

/// What the key provider futures return: boxed, `Send` (retention runs on `tokio::spawn`), so
/// the trait stays object-safe (`Arc<dyn KeyProvider>`) without an extra crate.
pub type KeyFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CryptoError>> + Send + 'a>>;

/// The master key versions a provider wraps under and can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyVersions {
    /// The version new wraps use.
    pub active: KeyVersion,
    /// Every version a stored wrap may name and still open (ascending).
    pub available: Vec<KeyVersion>,
}

/// Wraps and unwraps subject data keys under master keys it alone holds.
///
/// Implementations: [`LocalKeyProvider`] (a local keyring) and
/// [`TransitKeyProvider`](super::TransitKeyProvider) (HashiCorp Vault / OpenBao Transit). A
/// cloud KMS (AWS KMS `Encrypt`/`Decrypt`/`ReEncrypt`, GCP KMS `encrypt`/`decrypt`) fits the
/// same shape: its key version goes into `WrappedKey::version`, its ciphertext blob into
/// `WrappedKey::bytes`, and a new `CUSTODIA_KEY_PROVIDER` value builds it in `startup.rs`;
/// no caller changes. [`CachingKeyProvider`](super::CachingKeyProvider) sits in front of any of
/// them.
pub trait KeyProvider: Send + Sync + 'static {
    /// The versions this provider wraps under and opens (a network call for an external one).
    fn versions(&self) -> KeyFuture<'_, KeyVersions>;

    /// What start-up records in the vault (`key_marks`, `provider`): data keys wrapped by one
    /// provider do not open with another, so a start with another one is refused.
    fn identity(&self) -> String;

    fn wrap<'a>(&'a self, subject: &'a SubjectId, dek: &'a DataKey) -> KeyFuture<'a, WrappedKey>;

    /// Opens with the version named in `wrapped`, so keys wrapped before a rotation still open.
    fn unwrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, DataKey>;

    /// Key rotation: re-wraps under the active version (always, even if already active; the
    /// caller skips keys whose version is current). Field ciphertexts are untouched.
    fn rewrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, WrappedKey> {
        Box::pin(async move {
            let dek = self.unwrap(subject, wrapped).await?;
            self.wrap(subject, &dek).await
        })
    }

    /// The subject was erased: drop (and wipe) anything held in memory for it.
    fn forget(&self, _subject: &SubjectId) {}

    /// Shutdown: drop (and wipe) every key held in memory.
    fn clear(&self) {}
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

impl LocalKeyProvider {
    fn wrap_now(&self, subject: &SubjectId, dek: &DataKey) -> Result<WrappedKey, CryptoError> {
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

    fn unwrap_now(
        &self,
        subject: &SubjectId,
        wrapped: &WrappedKey,
    ) -> Result<DataKey, CryptoError> {
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

impl KeyProvider for LocalKeyProvider {
    fn versions(&self) -> KeyFuture<'_, KeyVersions> {
        let versions = KeyVersions {
            active: self.active,
            available: self.keys.keys().copied().collect(),
        };
        Box::pin(async move { Ok(versions) })
    }

    fn identity(&self) -> String {
        "local".into()
    }

    fn wrap<'a>(&'a self, subject: &'a SubjectId, dek: &'a DataKey) -> KeyFuture<'a, WrappedKey> {
        let wrapped = self.wrap_now(subject, dek);
        Box::pin(async move { wrapped })
    }

    fn unwrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, DataKey> {
        let dek = self.unwrap_now(subject, wrapped);
        Box::pin(async move { dek })
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
        let wrapped = p.wrap_now(&subject, &dek).unwrap();
        assert_eq!(wrapped.version, KeyVersion(1));
        assert_eq!(wrapped.bytes.len(), WRAPPED_LEN);
        assert_ne!(
            &wrapped.bytes[NONCE_LEN..NONCE_LEN + 32],
            dek.expose_bytes()
        );
        let back = p.unwrap_now(&subject, &wrapped).unwrap();
        assert_eq!(back.expose_bytes(), dek.expose_bytes());
    }

    #[test]
    fn wraps_use_fresh_nonces() {
        let p = provider(&[1]);
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        assert_ne!(
            p.wrap_now(&subject, &dek).unwrap(),
            p.wrap_now(&subject, &dek).unwrap()
        );
    }

    #[test]
    fn unwrap_for_another_subject_fails() {
        let p = provider(&[1]);
        let wrapped = p
            .wrap_now(&SubjectId::generate(), &DataKey::generate().unwrap())
            .unwrap();
        let err = p.unwrap_now(&SubjectId::generate(), &wrapped).unwrap_err();
        assert!(matches!(err, CryptoError::Decrypt));
    }

    #[test]
    fn tampered_or_relabelled_wrap_fails() {
        let p = provider(&[1, 2]);
        let subject = SubjectId::generate();
        let wrapped = p.wrap_now(&subject, &DataKey::generate().unwrap()).unwrap();

        let mut flipped = wrapped.clone();
        flipped.bytes[20] ^= 1;
        assert!(matches!(
            p.unwrap_now(&subject, &flipped),
            Err(CryptoError::Decrypt)
        ));

        let mut short = wrapped.clone();
        short.bytes.pop();
        assert!(matches!(
            p.unwrap_now(&subject, &short),
            Err(CryptoError::Decrypt)
        ));

        // The version is in the AAD: claiming k1 for a k2 wrap does not open.
        let relabelled = WrappedKey {
            version: KeyVersion(1),
            ..wrapped
        };
        assert!(matches!(
            p.unwrap_now(&subject, &relabelled),
            Err(CryptoError::Decrypt)
        ));
    }

    #[test]
    fn unwrap_with_a_keyring_lacking_the_version_is_unknown_version() {
        let subject = SubjectId::generate();
        let wrapped = provider(&[1, 2])
            .wrap_now(&subject, &DataKey::generate().unwrap())
            .unwrap();
        assert_eq!(wrapped.version, KeyVersion(2));
        let err = provider(&[1]).unwrap_now(&subject, &wrapped).unwrap_err();
        assert!(matches!(err, CryptoError::UnknownKeyVersion(KeyVersion(2))));
        assert_eq!(err.to_string(), "no master key for version k2");
    }

    #[actix_web::test]
    async fn rotation_keeps_old_wraps_and_rewrap_moves_them_to_the_active_key() {
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        let old = provider(&[1]).wrap_now(&subject, &dek).unwrap();

        let rotated = provider(&[1, 2]);
        assert_eq!(rotated.versions().await.unwrap().active, KeyVersion(2));
        let opened = rotated.unwrap_now(&subject, &old).unwrap();
        assert_eq!(opened.expose_bytes(), dek.expose_bytes());

        let new = rotated.rewrap(&subject, &old).await.unwrap();
        assert_eq!(new.version, KeyVersion(2));
        let opened = rotated.unwrap_now(&subject, &new).unwrap();
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
