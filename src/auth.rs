//! Bearer tokens: verification of every request's JWT, and minting for local use
//! (`custodia token`). Only the one configured algorithm is accepted, so `alg: none` and
//! HS/RS confusion are refused before any signature check.

use std::path::Path;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::domain::{ClientId, Role, SubjectId};

/// The claims custodia reads (design §8).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
}

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub id: String,
    pub role: Role,
}

impl Principal {
    /// The caller as a registered client id (roles client, dpo, admin).
    pub fn client_id(&self) -> Option<ClientId> {
        ClientId::parse(&self.id).ok()
    }

    /// The caller's own subject id (role subject).
    pub fn subject_id(&self) -> Option<SubjectId> {
        match self.role {
            Role::Subject => self.id.parse().ok(),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("missing bearer token")]
    Missing,
    #[error("the token is not valid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("JWT key: {0}")]
    Key(String),
}

/// Verifies tokens against one key and algorithm, issuer and audience.
pub struct TokenVerifier {
    key: DecodingKey,
    validation: Validation,
}

impl TokenVerifier {
    pub fn hs256(secret: &SecretString, issuer: &str, audience: &str) -> Self {
        Self::new(
            DecodingKey::from_secret(secret.expose_secret().as_bytes()),
            Algorithm::HS256,
            issuer,
            audience,
        )
    }

    /// An RS256 or EdDSA public key in PEM, told apart by the key itself.
    pub fn public_key_pem(path: &Path, issuer: &str, audience: &str) -> Result<Self, AuthError> {
        let pem = std::fs::read(path)
            .map_err(|e| AuthError::Key(format!("cannot read {}: {e}", path.display())))?;
        let (key, alg) = if let Ok(k) = DecodingKey::from_rsa_pem(&pem) {
            (k, Algorithm::RS256)
        } else if let Ok(k) = DecodingKey::from_ed_pem(&pem) {
            (k, Algorithm::EdDSA)
        } else {
            return Err(AuthError::Key(format!(
                "{} is neither an RSA nor an Ed25519 public key in PEM",
                path.display()
            )));
        };
        Ok(Self::new(key, alg, issuer, audience))
    }

    fn new(key: DecodingKey, alg: Algorithm, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(alg);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "sub", "aud", "iss"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        Self { key, validation }
    }

    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation).map_err(
            |e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Invalid,
            },
        )?;
        let c = data.claims;
        // A subject's `sub` is kept in its one canonical spelling (lower-case, hyphenated), so
        // the audit log and every look-up by actor see one id however the issuer wrote it.
        let id = match c.role {
            Role::Subject => c
                .sub
                .parse::<SubjectId>()
                .map(|s| s.to_string())
                .map_err(|_| AuthError::Invalid)?,
            _ => ClientId::parse(&c.sub)
                .map(|_| c.sub)
                .map_err(|_| AuthError::Invalid)?,
        };
        Ok(Principal { id, role: c.role })
    }
}

/// Mints an HS256 token (local use and tests).
pub fn mint_hs256(
    secret: &SecretString,
    sub: &str,
    role: Role,
    issuer: &str,
    audience: &str,
    lifetime_secs: u64,
) -> Result<String, AuthError> {
    let now = jsonwebtoken::get_current_timestamp();
    let claims = Claims {
        sub: sub.to_owned(),
        role,
        iss: issuer.to_owned(),
        aud: audience.to_owned(),
        exp: now + lifetime_secs,
        iat: Some(now),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.expose_secret().as_bytes()),
    )
    .map_err(|e| AuthError::Key(e.to_string()))
}

/// Reads the local HS256 secret from `path`, creating it (mode 0600) if missing.
pub fn load_or_create_dev_secret(path: &Path) -> Result<(SecretString, bool), AuthError> {
    use base64::Engine as _;
    let io = |e: std::io::Error| AuthError::Key(format!("{}: {e}", path.display()));
    if path.exists() {
        let s = std::fs::read_to_string(path).map_err(io)?;
        return Ok((SecretString::from(s.trim().to_owned()), false));
    }
    let mut bytes = [0u8; 48];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .map_err(|_| AuthError::Key("no randomness".into()))?;
    let secret = base64::engine::general_purpose::STANDARD.encode(bytes);
    zeroize::Zeroize::zeroize(&mut bytes);
    write_private_file(path, secret.as_bytes()).map_err(io)?;
    Ok((SecretString::from(secret), true))
}

/// Creates `path` readable by its owner only and writes `contents`.
pub fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn secret() -> SecretString {
        SecretString::from("0123456789abcdef0123456789abcdef".to_owned())
    }

    #[test]
    fn minted_token_verifies_with_role_and_sub() {
        let t = mint_hs256(&secret(), "crm", Role::Client, "custodia", "custodia", 60).unwrap();
        let p = TokenVerifier::hs256(&secret(), "custodia", "custodia")
            .verify(&t)
            .unwrap();
        assert_eq!(p.id, "crm");
        assert_eq!(p.role, Role::Client);
    }

    #[test]
    fn wrong_audience_issuer_or_secret_is_refused() {
        let t = mint_hs256(&secret(), "crm", Role::Client, "custodia", "custodia", 60).unwrap();
        for v in [
            TokenVerifier::hs256(&secret(), "other", "custodia"),
            TokenVerifier::hs256(&secret(), "custodia", "other"),
            TokenVerifier::hs256(
                &SecretString::from("another-secret-another-secret-xx".to_owned()),
                "custodia",
                "custodia",
            ),
        ] {
            assert!(matches!(v.verify(&t), Err(AuthError::Invalid)));
        }
    }

    #[test]
    fn alg_none_is_refused() {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let exp = jsonwebtoken::get_current_timestamp() + 60;
        let body = b64.encode(format!(
            r#"{{"sub":"crm","role":"client","iss":"custodia","aud":"custodia","exp":{exp}}}"#
        ));
        let token = format!("{header}.{body}.");
        let v = TokenVerifier::hs256(&secret(), "custodia", "custodia");
        assert!(matches!(v.verify(&token), Err(AuthError::Invalid)));
    }

    #[test]
    fn subject_tokens_need_a_uuid_sub() {
        let t = mint_hs256(&secret(), "crm", Role::Subject, "custodia", "custodia", 60).unwrap();
        let v = TokenVerifier::hs256(&secret(), "custodia", "custodia");
        assert!(v.verify(&t).is_err());
    }

    #[test]
    fn dev_secret_is_created_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/jwt.secret");
        let (a, created) = load_or_create_dev_secret(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (b, created) = load_or_create_dev_secret(&path).unwrap();
        assert!(!created);
        assert_eq!(a.expose_secret(), b.expose_secret());
    }
}
