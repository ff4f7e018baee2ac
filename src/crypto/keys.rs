//! Master keys (KEKs), the blind-index key, and the keyring text they are loaded from.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::{hkdf, hmac};
use secrecy::{ExposeSecret, ExposeSecretMut, SecretBox};
use zeroize::{Zeroize, Zeroizing};

use super::{fill_random, CryptoError};

/// HKDF info for deriving the blind-index key from a master key when none is given.
const INDEX_KEY_INFO: &[u8] = b"custodia/blind-index/v1";
/// HKDF info for deriving the consent-receipt signing seed (Ed25519) from a master key.
const RECEIPT_SEED_INFO: &[u8] = b"custodia/receipt-signing/v1";
/// HKDF info prefix for a client's webhook signing secret; the client id follows it.
const WEBHOOK_SECRET_INFO: &[u8] = b"custodia/webhook/v1/";
/// HMAC message of a key's public id (`keys status`, the start-up check): never the key.
const KEY_ID_MESSAGE: &[u8] = b"custodia/key-id/v1";

/// 32 secret bytes on the heap, so moving the owner never copies them; wiped on drop.
pub(crate) type Secret32 = SecretBox<[u8; 32]>;

/// Copies `bytes` into a fresh `Secret32`, or `None` if it is not exactly 32 bytes long.
pub(crate) fn secret32(bytes: &[u8]) -> Option<Secret32> {
    let bytes: &[u8; 32] = bytes.try_into().ok()?;
    Some(SecretBox::init_with_mut(|k: &mut [u8; 32]| {
        k.copy_from_slice(bytes)
    }))
}

/// 32 random bytes straight into a `Secret32`.
pub(crate) fn random_secret32() -> Result<Secret32, CryptoError> {
    let mut key = SecretBox::new(Box::new([0u8; 32]));
    fill_random(key.expose_secret_mut())?;
    Ok(key)
}

/// A master key version: `k1`, `k2`, … The highest one in a keyring is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyVersion(pub u32);

impl fmt::Display for KeyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "k{}", self.0)
    }
}

impl FromStr for KeyVersion {
    type Err = CryptoError;
    /// Accepts only the canonical form (`k1`, not `k0`, `k01` or `k+1`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix('k').unwrap_or("");
        let canonical = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
        match digits.parse::<u32>() {
            Ok(n) if canonical => Ok(Self(n)),
            _ => Err(CryptoError::BadKeyMaterial(
                "key version must be k1, k2, …".into(),
            )),
        }
    }
}

/// A 256-bit key-encryption key. Wiped on drop; `Debug` prints `MasterKey(***)`.
pub struct MasterKey(Secret32);

impl MasterKey {
    pub fn from_bytes(mut bytes: [u8; 32]) -> Self {
        let key = Self(SecretBox::init_with_mut(|k: &mut [u8; 32]| *k = bytes));
        bytes.zeroize();
        key
    }

    pub(crate) fn expose_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

/// The blind-index HMAC key, separate from the KEKs. Wiped on drop; `Debug` hidden.
pub struct IndexKey(Secret32);

impl IndexKey {
    pub fn from_bytes(mut bytes: [u8; 32]) -> Self {
        let key = Self(SecretBox::init_with_mut(|k: &mut [u8; 32]| *k = bytes));
        bytes.zeroize();
        key
    }

    pub(crate) fn expose_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }

    /// HKDF-SHA256 expansion of the keyring's derivation root (see [`DerivationSource`]).
    fn derive_from(root: &Secret32) -> Result<Self, CryptoError> {
        Ok(Self(expand(root, &[INDEX_KEY_INFO], "index key")?))
    }
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IndexKey(***)")
    }
}

/// Where the secrets a keyring derives rather than lists come from: the consent-receipt
/// signing key, every client's webhook secret, and the blind-index key when there is no
/// `index:` line. All are HKDF-SHA256 expansions of one 32-byte root, the HKDF pseudorandom
/// key (PRK) of the lowest master key version (empty salt), unless a `derive:` line gives that
/// root itself. The PRK is a one-way function of the master key: keeping it opens no data key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivationSource {
    /// A `derive:<base64>` line: removing any master key version changes nothing derived.
    Entry,
    /// No `derive:` line: the root is the PRK of this (the lowest) version, and removing that
    /// version from the keyring would change the receipt key, the webhook secrets and a
    /// derived index key. `custodia keys pin` prints the `derive:` line that keeps them.
    Version(KeyVersion),
}

/// All master keys by version, the active (highest) version, the blind-index key and the root
/// the other secrets are derived from.
#[derive(Debug)]
pub struct KeyRing {
    keys: BTreeMap<KeyVersion, MasterKey>,
    active: KeyVersion,
    index_key: IndexKey,
    index_explicit: bool,
    root: DerivationRoot,
    root_source: DerivationSource,
}

/// The derivation root (an HKDF PRK). Wiped on drop; `Debug` hidden.
struct DerivationRoot(Secret32);

impl fmt::Debug for DerivationRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DerivationRoot(***)")
    }
}

impl KeyRing {
    /// Parses either a bare base64 key (the `CUSTODIA_MASTER_KEY` form, becomes `k1`) or a
    /// keyring text of `index:<b64>` and `kN:<b64>` lines. Errors name the line, never its text.
    pub fn parse(text: &str) -> Result<KeyRing, CryptoError> {
        let text = text.trim();
        if !text.contains(':') && !text.contains('\n') {
            let key = decode_key(text).map_err(|why| bad(format!("master key {why}")))?;
            return Self::assemble(
                BTreeMap::from([(KeyVersion(1), MasterKey(key))]),
                None,
                None,
            );
        }

        let mut keys = BTreeMap::new();
        let mut index_key = None;
        let mut derive = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((label, value)) = line.split_once(':') else {
                return Err(bad(format!(
                    "line {n}: expected `index:<base64>`, `derive:<base64>` or `kN:<base64>`"
                )));
            };
            let label = label.trim();
            let key = |value: &str| {
                decode_key(value.trim()).map_err(|why| bad(format!("line {n}: key {why}")))
            };
            if label == "index" {
                if index_key.is_some() {
                    return Err(bad(format!("line {n}: duplicate index key")));
                }
                index_key = Some(IndexKey(key(value)?));
            } else if label == "derive" {
                if derive.is_some() {
                    return Err(bad(format!("line {n}: duplicate derive key")));
                }
                derive = Some(key(value)?);
            } else if label
                .strip_prefix('k')
                .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()))
            {
                let version: KeyVersion = label
                    .parse()
                    .map_err(|_| bad(format!("line {n}: key version must be k1, k2, …")))?;
                if keys.contains_key(&version) {
                    return Err(bad(format!("line {n}: duplicate key version {version}")));
                }
                keys.insert(version, MasterKey(key(value)?));
            } else {
                return Err(bad(format!(
                    "line {n}: unknown entry (expected `index:`, `derive:` or `kN:`)"
                )));
            }
        }
        Self::assemble(keys, index_key, derive)
    }

    /// Picks the active version and the derivation root (the `derive:` line, else the PRK of
    /// the lowest version, so that adding k2 later keeps everything derived), and without an
    /// explicit index key derives it from that root.
    fn assemble(
        keys: BTreeMap<KeyVersion, MasterKey>,
        index_key: Option<IndexKey>,
        derive: Option<Secret32>,
    ) -> Result<KeyRing, CryptoError> {
        let (Some((&lowest_version, lowest)), Some((&active, _))) =
            (keys.first_key_value(), keys.last_key_value())
        else {
            return Err(bad("no master key entry (`k1:<base64>`)".into()));
        };
        let (root, root_source) = match derive {
            Some(root) => (root, DerivationSource::Entry),
            None => (
                hkdf_extract(lowest)?,
                DerivationSource::Version(lowest_version),
            ),
        };
        let index_explicit = index_key.is_some();
        let index_key = match index_key {
            Some(k) => k,
            None => IndexKey::derive_from(&root)?,
        };
        Ok(KeyRing {
            keys,
            active,
            index_key,
            index_explicit,
            root: DerivationRoot(root),
            root_source,
        })
    }

    /// A fresh keyring text with a random index key, a random derivation root and k1. The
    /// returned string holds secrets.
    pub fn generate_file_text() -> Result<String, CryptoError> {
        let index = random_secret32()?;
        let derive = random_secret32()?;
        let k1 = random_secret32()?;
        // Reserved up front so the string never reallocates and leaves copies behind.
        let mut text = String::with_capacity(1024);
        text.push_str(
            "# custodia keyring: keep secret (mode 0600) and backed up apart from the data.\n\
             # index: blind-index HMAC key; changing it invalidates every look-up index.\n\
             # derive: root of the consent-receipt signing key and the webhook secrets;\n\
             #     keep it as it is.\n\
             # kN: master keys; the highest N is active. To rotate, add k2 (every instance),\n\
             #     run `custodia keys rotate`, and remove k1 once `custodia keys status`\n\
             #     lists it under removable_versions (docs/operations.md).\n\
             index:",
        );
        STANDARD.encode_string(index.expose_secret(), &mut text);
        text.push_str("\nderive:");
        STANDARD.encode_string(derive.expose_secret(), &mut text);
        text.push_str("\nk1:");
        STANDARD.encode_string(k1.expose_secret(), &mut text);
        text.push('\n');
        Ok(text)
    }

    pub fn active_version(&self) -> KeyVersion {
        self.active
    }

    pub fn versions(&self) -> impl Iterator<Item = KeyVersion> + '_ {
        self.keys.keys().copied()
    }

    pub fn index_key(&self) -> &IndexKey {
        &self.index_key
    }

    /// Whether the blind-index key is an `index:` line (else derived from the root).
    pub fn index_key_is_explicit(&self) -> bool {
        self.index_explicit
    }

    /// A short public fingerprint of the blind-index key (16 hex digits of an HMAC under
    /// it), to compare keyrings and to notice a changed key; it reveals nothing of the key.
    pub fn index_key_id(&self) -> String {
        key_id(self.index_key.expose_bytes())
    }

    /// Where the receipt key, the webhook secrets and a derived index key come from.
    pub fn derivation_source(&self) -> DerivationSource {
        self.root_source
    }

    /// A short public fingerprint of the derivation root, like [`KeyRing::index_key_id`].
    pub fn derivation_id(&self) -> String {
        key_id(self.root.0.expose_secret())
    }

    /// The keyring line `derive:<base64>` that pins the derivation root as it is now, so
    /// that the version it comes from can leave the keyring without changing the receipt
    /// key, the webhook secrets or a derived index key. Holds a secret.
    pub fn derivation_line(&self) -> Zeroizing<String> {
        let mut line = Zeroizing::new(String::with_capacity(64));
        line.push_str("derive:");
        STANDARD.encode_string(self.root.0.expose_secret(), &mut line);
        line
    }

    /// The Ed25519 seed that signs consent receipts: HKDF-SHA256 expansion of the derivation
    /// root (the lowest version's PRK, or the `derive:` line), like a derived index key, so
    /// adding k2 keeps the published receipt key. Removing the lowest version without a
    /// `derive:` line would change the key and orphan earlier receipts.
    pub(crate) fn receipt_signing_seed(&self) -> Result<Secret32, CryptoError> {
        expand(&self.root.0, &[RECEIPT_SEED_INFO], "receipt signing key")
    }

    /// The secret that signs `client`'s webhook notifications (HMAC-SHA256): HKDF-SHA256
    /// expansion of the derivation root with info `custodia/webhook/v1/` ‖ client id, like the
    /// receipt seed, so adding k2 keeps every client's secret and nothing needs storing.
    /// Removing the lowest version without a `derive:` line would change every secret.
    pub fn webhook_secret(&self, client: &str) -> Result<Secret32, CryptoError> {
        expand(
            &self.root.0,
            &[WEBHOOK_SECRET_INFO, client.as_bytes()],
            "webhook secret",
        )
    }

    pub(crate) fn master_keys(&self) -> impl Iterator<Item = (KeyVersion, &MasterKey)> {
        self.keys.iter().map(|(v, k)| (*v, k))
    }
}

fn bad(reason: String) -> CryptoError {
    CryptoError::BadKeyMaterial(reason)
}

/// HKDF-Extract with an empty salt (RFC 5869's zero salt): HMAC-SHA256 keyed with the empty
/// string over the master key. Exactly what `hkdf::Salt::new(HKDF_SHA256, &[]).extract`
/// computes, but as bytes, so that it can be written out as a `derive:` line.
fn hkdf_extract(master: &MasterKey) -> Result<Secret32, CryptoError> {
    let prk = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, &[]),
        master.expose_bytes(),
    );
    secret32(prk.as_ref()).ok_or_else(|| bad("key derivation failed".into()))
}

/// HKDF-Expand of `root` (a PRK) with `info` into 32 secret bytes.
fn expand(root: &Secret32, info: &[&[u8]], what: &str) -> Result<Secret32, CryptoError> {
    let prk = hkdf::Prk::new_less_safe(hkdf::HKDF_SHA256, root.expose_secret());
    let mut out = SecretBox::new(Box::new([0u8; 32]));
    prk.expand(info, hkdf::HKDF_SHA256)
        .and_then(|okm| okm.fill(out.expose_secret_mut()))
        .map_err(|_| bad(format!("{what} derivation failed")))?;
    Ok(out)
}

/// 16 hex digits of HMAC-SHA256(key, "custodia/key-id/v1"): names a key, reveals nothing.
fn key_id(key: &[u8; 32]) -> String {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), KEY_ID_MESSAGE);
    hex::encode(&tag.as_ref()[..8])
}

/// Decodes one base64 key; the error is a reason fragment that never quotes the input.
fn decode_key(b64: &str) -> Result<Secret32, String> {
    let bytes = Zeroizing::new(
        STANDARD
            .decode(b64)
            .map_err(|_| "is not valid standard base64".to_owned())?,
    );
    secret32(&bytes).ok_or_else(|| format!("must be exactly 32 bytes (got {})", bytes.len()))
}

/// Loads the keyring file at `path`, or creates it (mode 0600, parent dirs 0700) with fresh
/// keys. Returns the keyring and whether the file was created.
pub fn load_or_create_key_file(path: &Path) -> Result<(KeyRing, bool), CryptoError> {
    match std::fs::File::open(path) {
        Ok(file) => return Ok((read_key_file(file, path)?, false)),
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(e.into()),
        Err(_) => {}
    }

    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut dir = std::fs::DirBuilder::new();
        dir.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
        dir.create(parent)?;
    }

    let text = Zeroizing::new(KeyRing::generate_file_text()?);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            Ok((KeyRing::parse(&text)?, true))
        }
        // Another process created it between our open and create_new: use theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            Ok((read_key_file(std::fs::File::open(path)?, path)?, false))
        }
        Err(e) => Err(e.into()),
    }
}

fn read_key_file(mut file: std::fs::File, path: &Path) -> Result<KeyRing, CryptoError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            return Err(bad(format!(
                "key file {} must not be readable or writable by group or others (chmod 600)",
                path.display()
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    let mut text = Zeroizing::new(String::new());
    file.read_to_string(&mut text)?;
    KeyRing::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(byte: u8) -> String {
        STANDARD.encode([byte; 32])
    }

    #[test]
    fn key_versions_display_and_parse() {
        assert_eq!(KeyVersion(2).to_string(), "k2");
        assert_eq!("k17".parse::<KeyVersion>().unwrap(), KeyVersion(17));
        for bad in ["", "k", "k0", "k01", "k+1", "K1", "1", "k1x", "k-1"] {
            assert!(bad.parse::<KeyVersion>().is_err(), "{bad}");
        }
        assert!(KeyVersion(2) > KeyVersion(1));
    }

    #[test]
    fn bare_key_becomes_k1_with_derived_index_key() {
        let ring = KeyRing::parse(&format!("  {}\n", b64(7))).unwrap();
        assert_eq!(ring.active_version(), KeyVersion(1));
        assert_eq!(ring.versions().collect::<Vec<_>>(), [KeyVersion(1)]);
        let (_, k1) = ring.master_keys().next().unwrap();
        assert_eq!(k1.expose_bytes(), &[7; 32]);
        // The derived index key is neither the master key nor zero.
        assert_ne!(ring.index_key().expose_bytes(), &[7; 32]);
        assert_ne!(ring.index_key().expose_bytes(), &[0; 32]);
    }

    #[test]
    fn keyring_text_with_comments_and_index() {
        let text = format!(
            "# header\n\n  k2 : {}  \nindex:{}\n# k9: not a key\nk1:{}\n",
            b64(2),
            b64(9),
            b64(1)
        );
        let ring = KeyRing::parse(&text).unwrap();
        assert_eq!(ring.active_version(), KeyVersion(2));
        assert_eq!(
            ring.versions().collect::<Vec<_>>(),
            [KeyVersion(1), KeyVersion(2)]
        );
        assert_eq!(ring.index_key().expose_bytes(), &[9; 32]);
    }

    #[test]
    fn without_index_line_the_index_key_comes_from_the_lowest_version() {
        let bare = KeyRing::parse(&b64(1)).unwrap();
        let rotated = KeyRing::parse(&format!("k1:{}\nk2:{}", b64(1), b64(2))).unwrap();
        assert_eq!(rotated.active_version(), KeyVersion(2));
        assert_eq!(
            rotated.index_key().expose_bytes(),
            bare.index_key().expose_bytes()
        );
    }

    #[test]
    fn parse_errors_name_the_line_but_never_the_key() {
        let secret = b64(0x5a);
        let short = STANDARD.encode([0x5a; 16]);
        let cases = [
            (format!("k1:{secret}\nk2:{secret}!"), "line 2", "base64"),
            (format!("k1:{short}"), "line 1", "32 bytes"),
            (
                format!("k1:{secret}\n\nk1:{secret}"),
                "line 3",
                "duplicate key version k1",
            ),
            (
                format!("index:{secret}\nindex:{secret}\nk1:{secret}"),
                "line 2",
                "duplicate index",
            ),
            (
                format!("derive:{secret}\nk1:{secret}\nderive:{secret}"),
                "line 3",
                "duplicate derive",
            ),
            (format!("index:{secret}"), "no master key", "k1"),
            (format!("# only\nkey:{secret}"), "line 2", "unknown entry"),
            (format!("k1:{secret}\n{secret}"), "line 2", "expected"),
            (format!("k0:{secret}"), "line 1", "key version"),
            (format!("{secret}!"), "master key", "base64"),
            (short.clone(), "master key", "32 bytes"),
        ];
        for (text, want1, want2) in cases {
            let err = KeyRing::parse(&text).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(matches!(err, CryptoError::BadKeyMaterial(_)), "{shown}");
            assert!(shown.contains(want1) && shown.contains(want2), "{shown}");
            assert!(
                !shown.contains(&secret) && !shown.contains(&short),
                "{shown}"
            );
            assert!(
                !shown.contains(&secret[..12]) && !shown.contains(&short[..12]),
                "{shown}"
            );
        }
    }

    #[test]
    fn generated_text_parses_to_fresh_keys() {
        let a = KeyRing::parse(&KeyRing::generate_file_text().unwrap()).unwrap();
        let b = KeyRing::parse(&KeyRing::generate_file_text().unwrap()).unwrap();
        assert_eq!(a.active_version(), KeyVersion(1));
        assert_ne!(a.index_key().expose_bytes(), b.index_key().expose_bytes());
        let (_, ka) = a.master_keys().next().unwrap();
        assert_ne!(ka.expose_bytes(), a.index_key().expose_bytes());
    }

    /// What the keyring derived before `derive:` existed: HKDF with ring's own extract of
    /// the lowest version. Existing keyrings must keep every derived secret.
    fn old_derivation(lowest: u8, info: &[&[u8]]) -> [u8; 32] {
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &[]).extract(&[lowest; 32]);
        let mut out = [0u8; 32];
        prk.expand(info, hkdf::HKDF_SHA256)
            .unwrap()
            .fill(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn derived_secrets_are_those_of_earlier_releases() {
        for text in [b64(1), format!("k1:{}\nk2:{}", b64(1), b64(2))] {
            let ring = KeyRing::parse(&text).unwrap();
            assert_eq!(
                ring.derivation_source(),
                DerivationSource::Version(KeyVersion(1))
            );
            assert!(!ring.index_key_is_explicit());
            assert_eq!(
                ring.index_key().expose_bytes(),
                &old_derivation(1, &[INDEX_KEY_INFO])
            );
            assert_eq!(
                ring.receipt_signing_seed().unwrap().expose_secret(),
                &old_derivation(1, &[RECEIPT_SEED_INFO])
            );
            assert_eq!(
                ring.webhook_secret("crm").unwrap().expose_secret(),
                &old_derivation(1, &[WEBHOOK_SECRET_INFO, b"crm"])
            );
        }
    }

    #[test]
    fn a_derive_line_keeps_every_derived_secret_when_the_lowest_version_goes() {
        let before = KeyRing::parse(&format!("k1:{}\nk2:{}", b64(1), b64(2))).unwrap();
        let line = before.derivation_line();
        assert!(line.starts_with("derive:"), "{}", line.as_str());
        assert!(!line.contains(&b64(1)) && !line.contains(&b64(2)));
        let after = KeyRing::parse(&format!("{}\nk2:{}", line.as_str(), b64(2))).unwrap();
        assert_eq!(after.derivation_source(), DerivationSource::Entry);
        assert_eq!(after.versions().collect::<Vec<_>>(), [KeyVersion(2)]);
        assert_eq!(
            after.index_key().expose_bytes(),
            before.index_key().expose_bytes()
        );
        assert_eq!(after.index_key_id(), before.index_key_id());
        assert_eq!(after.derivation_id(), before.derivation_id());
        assert_eq!(
            after.receipt_signing_seed().unwrap().expose_secret(),
            before.receipt_signing_seed().unwrap().expose_secret()
        );
        assert_eq!(
            after.webhook_secret("crm").unwrap().expose_secret(),
            before.webhook_secret("crm").unwrap().expose_secret()
        );
        // Without the line, removing k1 changes them: what `keys status` warns about.
        let unpinned = KeyRing::parse(&format!("k2:{}", b64(2))).unwrap();
        assert_ne!(unpinned.index_key_id(), before.index_key_id());
        assert_ne!(unpinned.derivation_id(), before.derivation_id());
    }

    #[test]
    fn key_ids_are_short_public_fingerprints() {
        let ring = KeyRing::parse(&format!("index:{}\nk1:{}", b64(9), b64(1))).unwrap();
        assert!(ring.index_key_is_explicit());
        let id = ring.index_key_id();
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!hex::encode([9u8; 32]).contains(&id));
        assert_eq!(
            id,
            KeyRing::parse(&format!("k7:{}\nindex:{}", b64(3), b64(9)))
                .unwrap()
                .index_key_id()
        );
        assert_ne!(id, ring.derivation_id());
    }

    #[test]
    fn generated_keyrings_are_pinned_and_name_the_rotation_command() {
        let text = KeyRing::generate_file_text().unwrap();
        assert!(text.contains("custodia keys rotate"), "{text}");
        assert!(!text.contains("re-wrapped"), "{text}");
        let ring = KeyRing::parse(&text).unwrap();
        assert_eq!(ring.derivation_source(), DerivationSource::Entry);
        assert!(ring.index_key_is_explicit());
    }

    #[test]
    fn debug_output_hides_key_bytes() {
        let master = MasterKey::from_bytes([0xab; 32]);
        let index = IndexKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{master:?}"), "MasterKey(***)");
        assert_eq!(format!("{index:?}"), "IndexKey(***)");
        let ring = KeyRing::parse(&b64(0xab)).unwrap();
        let shown = format!("{ring:?}");
        assert!(
            !shown.contains("171") && !shown.to_lowercase().contains("abab"),
            "{shown}"
        );
        assert!(!shown.contains(&b64(0xab)[..8]), "{shown}");
    }

    #[cfg(unix)]
    #[test]
    fn key_file_is_created_private_and_reloads_to_the_same_keys() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("keys.txt");

        let (created_ring, created) = load_or_create_key_file(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        let (loaded, created) = load_or_create_key_file(&path).unwrap();
        assert!(!created);
        assert_eq!(loaded.active_version(), created_ring.active_version());
        assert_eq!(
            loaded.index_key().expose_bytes(),
            created_ring.index_key().expose_bytes()
        );
        let pairs = loaded.master_keys().zip(created_ring.master_keys());
        for ((va, a), (vb, b)) in pairs {
            assert_eq!((va, a.expose_bytes()), (vb, b.expose_bytes()));
        }
    }

    #[cfg(unix)]
    #[test]
    fn key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.txt");
        std::fs::write(&path, KeyRing::generate_file_text().unwrap()).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create_key_file(&path).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn webhook_secrets_are_per_client_and_survive_adding_k2() {
        let bare = KeyRing::parse(&b64(1)).unwrap();
        let rotated = KeyRing::parse(&format!("k1:{}\nk2:{}", b64(1), b64(2))).unwrap();
        let crm = bare.webhook_secret("crm").unwrap();
        assert_eq!(
            crm.expose_secret(),
            rotated.webhook_secret("crm").unwrap().expose_secret()
        );
        assert_ne!(
            crm.expose_secret(),
            bare.webhook_secret("mailer").unwrap().expose_secret()
        );
        assert_ne!(crm.expose_secret(), &[1; 32]);
        assert_ne!(
            crm.expose_secret(),
            bare.receipt_signing_seed().unwrap().expose_secret()
        );
        let other = KeyRing::parse(&b64(3)).unwrap();
        assert_ne!(
            crm.expose_secret(),
            other.webhook_secret("crm").unwrap().expose_secret()
        );
    }
}
