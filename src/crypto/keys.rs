//! Master keys (KEKs), the blind-index key, and the keyring text they are loaded from.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::hkdf;
use secrecy::{ExposeSecret, ExposeSecretMut, SecretBox};
use zeroize::{Zeroize, Zeroizing};

use super::{fill_random, CryptoError};

/// HKDF info for deriving the blind-index key from a master key when none is given.
const INDEX_KEY_INFO: &[u8] = b"custodia/blind-index/v1";
/// HKDF info for deriving the consent-receipt signing seed (Ed25519) from a master key.
const RECEIPT_SEED_INFO: &[u8] = b"custodia/receipt-signing/v1";
/// HKDF info prefix for a client's webhook signing secret; the client id follows it.
const WEBHOOK_SECRET_INFO: &[u8] = b"custodia/webhook/v1/";

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

    /// HKDF-SHA256 of a master key (empty salt, i.e. RFC 5869's zero salt).
    fn derive_from(master: &MasterKey) -> Result<Self, CryptoError> {
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &[]).extract(master.expose_bytes());
        let mut key = SecretBox::new(Box::new([0u8; 32]));
        prk.expand(&[INDEX_KEY_INFO], hkdf::HKDF_SHA256)
            .and_then(|okm| okm.fill(key.expose_secret_mut()))
            .map_err(|_| CryptoError::BadKeyMaterial("index key derivation failed".into()))?;
        Ok(Self(key))
    }
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IndexKey(***)")
    }
}

/// All master keys by version, the active (highest) version, and the blind-index key.
#[derive(Debug)]
pub struct KeyRing {
    keys: BTreeMap<KeyVersion, MasterKey>,
    active: KeyVersion,
    index_key: IndexKey,
}

impl KeyRing {
    /// Parses either a bare base64 key (the `CUSTODIA_MASTER_KEY` form, becomes `k1`) or a
    /// keyring text of `index:<b64>` and `kN:<b64>` lines. Errors name the line, never its text.
    pub fn parse(text: &str) -> Result<KeyRing, CryptoError> {
        let text = text.trim();
        if !text.contains(':') && !text.contains('\n') {
            let key = decode_key(text).map_err(|why| bad(format!("master key {why}")))?;
            return Self::assemble(BTreeMap::from([(KeyVersion(1), MasterKey(key))]), None);
        }

        let mut keys = BTreeMap::new();
        let mut index_key = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((label, value)) = line.split_once(':') else {
                return Err(bad(format!(
                    "line {n}: expected `index:<base64>` or `kN:<base64>`"
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
                    "line {n}: unknown entry (expected `index:` or `kN:`)"
                )));
            }
        }
        Self::assemble(keys, index_key)
    }

    /// Picks the active version and, without an explicit index key, derives it from the
    /// lowest version so that adding k2 later keeps existing indexes valid.
    fn assemble(
        keys: BTreeMap<KeyVersion, MasterKey>,
        index_key: Option<IndexKey>,
    ) -> Result<KeyRing, CryptoError> {
        let (Some((_, lowest)), Some((&active, _))) =
            (keys.first_key_value(), keys.last_key_value())
        else {
            return Err(bad("no master key entry (`k1:<base64>`)".into()));
        };
        let index_key = match index_key {
            Some(k) => k,
            None => IndexKey::derive_from(lowest)?,
        };
        Ok(KeyRing {
            keys,
            active,
            index_key,
        })
    }

    /// A fresh keyring text with a random index key and k1. The returned string holds secrets.
    pub fn generate_file_text() -> Result<String, CryptoError> {
        let index = random_secret32()?;
        let k1 = random_secret32()?;
        // Reserved up front so the string never reallocates and leaves copies behind.
        let mut text = String::with_capacity(512);
        text.push_str(
            "# custodia keyring: keep secret (mode 0600) and backed up apart from the data.\n\
             # index: blind-index HMAC key; changing it invalidates every look-up index.\n\
             # kN: master keys; the highest N is active. Add k2 to rotate, keep k1 until\n\
             #     every data key has been re-wrapped.\n\
             index:",
        );
        STANDARD.encode_string(index.expose_secret(), &mut text);
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

    /// The Ed25519 seed that signs consent receipts: HKDF-SHA256 (empty salt) of the
    /// lowest-version master key, like the derived index key, so adding k2 keeps the published
    /// receipt key. Removing that version changes the key and orphans earlier receipts.
    pub(crate) fn receipt_signing_seed(&self) -> Result<Secret32, CryptoError> {
        let Some((_, lowest)) = self.keys.first_key_value() else {
            return Err(bad("no master key entry (`k1:<base64>`)".into()));
        };
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &[]).extract(lowest.expose_bytes());
        let mut seed = SecretBox::new(Box::new([0u8; 32]));
        prk.expand(&[RECEIPT_SEED_INFO], hkdf::HKDF_SHA256)
            .and_then(|okm| okm.fill(seed.expose_secret_mut()))
            .map_err(|_| bad("receipt signing key derivation failed".into()))?;
        Ok(seed)
    }

    /// The secret that signs `client`'s webhook notifications (HMAC-SHA256): HKDF-SHA256
    /// (empty salt) of the lowest-version master key with info `custodia/webhook/v1/` ‖ client
    /// id, like the receipt seed, so adding k2 keeps every client's secret and nothing needs
    /// storing. Removing that version changes every secret.
    pub fn webhook_secret(&self, client: &str) -> Result<Secret32, CryptoError> {
        let Some((_, lowest)) = self.keys.first_key_value() else {
            return Err(bad("no master key entry (`k1:<base64>`)".into()));
        };
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &[]).extract(lowest.expose_bytes());
        let mut secret = SecretBox::new(Box::new([0u8; 32]));
        prk.expand(&[WEBHOOK_SECRET_INFO, client.as_bytes()], hkdf::HKDF_SHA256)
            .and_then(|okm| okm.fill(secret.expose_secret_mut()))
            .map_err(|_| bad("webhook secret derivation failed".into()))?;
        Ok(secret)
    }

    pub(crate) fn master_keys(&self) -> impl Iterator<Item = (KeyVersion, &MasterKey)> {
        self.keys.iter().map(|(v, k)| (*v, k))
    }
}

fn bad(reason: String) -> CryptoError {
    CryptoError::BadKeyMaterial(reason)
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
