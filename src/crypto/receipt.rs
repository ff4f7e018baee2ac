//! Consent receipts: compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037),
//! verifiable with the key set the vault publishes at `GET /v1/.well-known/jwks.json`.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::digest;
use ring::signature::{Ed25519KeyPair, KeyPair as _};
use secrecy::ExposeSecret;
use serde::Serialize;

use super::{CryptoError, KeyRing};

/// Ed25519 signature length, and base64url (no padding) lengths used to size the output.
const SIGNATURE_LEN: usize = 64;
const SIGNATURE_B64_LEN: usize = 86;

/// Signs consent receipts with a key derived from the keyring (see
/// `KeyRing::receipt_signing_seed`). `Debug` prints the key id only.
pub struct ReceiptSigner {
    key: Ed25519KeyPair,
    kid: String,
    /// `base64url({"alg":"EdDSA","typ":"JWT","kid":…})`, the same for every receipt.
    header_b64: String,
    /// The public key, base64url without padding (the JWK's `x`).
    public_b64: String,
}

/// The JOSE header; field order is the serialisation order.
#[derive(Serialize)]
struct Header<'a> {
    alg: &'static str,
    typ: &'static str,
    kid: &'a str,
}

impl ReceiptSigner {
    pub fn from_keyring(ring: &KeyRing) -> Result<ReceiptSigner, CryptoError> {
        // The seed is wiped when it drops at the end of this function.
        let seed = ring.receipt_signing_seed()?;
        let key = Ed25519KeyPair::from_seed_unchecked(seed.expose_secret()).map_err(|_| {
            CryptoError::BadKeyMaterial("receipt signing key could not be built".into())
        })?;
        let public = key.public_key().as_ref();
        let kid = hex::encode(&digest::digest(&digest::SHA256, public).as_ref()[..8]);
        let header = serde_json::to_vec(&Header {
            alg: "EdDSA",
            typ: "JWT",
            kid: &kid,
        })
        .map_err(|_| CryptoError::Sign)?;
        Ok(ReceiptSigner {
            header_b64: URL_SAFE_NO_PAD.encode(header),
            public_b64: URL_SAFE_NO_PAD.encode(public),
            key,
            kid,
        })
    }

    /// First 16 hex characters of SHA-256 of the public key.
    pub fn key_id(&self) -> &str {
        &self.kid
    }

    /// `base64url(header).base64url(claims JSON).base64url(signature)`, no padding. `claims`
    /// should serialise to a JSON object (a JWT claims set). Ed25519 is deterministic: the
    /// same claims give the same receipt.
    pub fn sign<T: Serialize + ?Sized>(&self, claims: &T) -> Result<String, CryptoError> {
        let payload = serde_json::to_vec(claims).map_err(|_| CryptoError::Sign)?;
        let mut jws = String::with_capacity(
            self.header_b64.len() + 2 + payload.len().div_ceil(3) * 4 + SIGNATURE_B64_LEN,
        );
        jws.push_str(&self.header_b64);
        jws.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut jws);
        // The signing input is exactly `header.payload` (RFC 7515 §5.1).
        let signature = self.key.sign(jws.as_bytes());
        debug_assert_eq!(signature.as_ref().len(), SIGNATURE_LEN);
        jws.push('.');
        URL_SAFE_NO_PAD.encode_string(signature.as_ref(), &mut jws);
        Ok(jws)
    }

    /// The public key set (RFC 7517, OKP key per RFC 8037) that verifies every receipt.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({
            "keys": [{
                "kty": "OKP",
                "crv": "Ed25519",
                "x": self.public_b64,
                "kid": self.kid,
                "alg": "EdDSA",
                "use": "sig",
            }]
        })
    }
}

impl fmt::Debug for ReceiptSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptSigner")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use base64::engine::general_purpose::STANDARD;
    use jsonwebtoken::errors::ErrorKind;
    use jsonwebtoken::jwk::Jwk;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    use serde::Deserialize;
    use serde_json::{json, Value};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Claims {
        iss: String,
        iat: i64,
        jti: String,
        status: String,
        purposes: Vec<String>,
        expires_at: Option<i64>,
        evidence: Value,
    }

    fn claims() -> Claims {
        Claims {
            iss: "custodia".into(),
            iat: 1_767_225_600,
            jti: "0195f4c2-7d7e-7c3a-9b1e-3f2a1c0d9e8f".into(),
            status: "granted".into(),
            purposes: vec!["email_marketing".into(), "analytics".into()],
            expires_at: None,
            evidence: json!({ "form": "checkout", "text": "J’accepte — ✓" }),
        }
    }

    fn keyring(text: &str) -> KeyRing {
        KeyRing::parse(text).unwrap()
    }

    fn line(version: u8, byte: u8) -> String {
        format!("k{version}:{}\n", STANDARD.encode([byte; 32]))
    }

    fn signer(text: &str) -> ReceiptSigner {
        ReceiptSigner::from_keyring(&keyring(text)).unwrap()
    }

    fn decoding_key(s: &ReceiptSigner) -> DecodingKey {
        let jwk: Jwk = serde_json::from_value(s.jwks()["keys"][0].clone()).unwrap();
        DecodingKey::from_jwk(&jwk).unwrap()
    }

    fn validation() -> Validation {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation
    }

    fn verify(s: &ReceiptSigner, jws: &str) -> jsonwebtoken::errors::Result<Claims> {
        jsonwebtoken::decode::<Claims>(jws, &decoding_key(s), &validation()).map(|d| d.claims)
    }

    fn parts(jws: &str) -> [Vec<u8>; 3] {
        let parts: Vec<Vec<u8>> = jws
            .split('.')
            .map(|p| URL_SAFE_NO_PAD.decode(p).unwrap())
            .collect();
        parts.try_into().unwrap()
    }

    fn join(header: &[u8], payload: &[u8], signature: &[u8]) -> String {
        [header, payload, signature]
            .map(|p| URL_SAFE_NO_PAD.encode(p))
            .join(".")
    }

    #[test]
    fn same_keyring_gives_same_kid_and_jwks() {
        let a = signer(&line(1, 1));
        let b = signer(&line(1, 1));
        assert_eq!(a.key_id(), b.key_id());
        assert_eq!(a.jwks(), b.jwks());
        // Deterministic signatures: the same claims give the same receipt.
        assert_eq!(a.sign(&claims()).unwrap(), b.sign(&claims()).unwrap());
    }

    #[test]
    fn different_keyring_gives_different_kid_and_key() {
        let a = signer(&line(1, 1));
        let b = signer(&line(1, 2));
        assert_ne!(a.key_id(), b.key_id());
        assert_ne!(a.jwks()["keys"][0]["x"], b.jwks()["keys"][0]["x"]);
        // A receipt from one vault does not verify with the other's key.
        let jws = a.sign(&claims()).unwrap();
        let err = verify(&b, &jws).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidSignature);
    }

    #[test]
    fn adding_k2_or_an_index_line_keeps_the_receipt_key() {
        let k1 = signer(&line(1, 1));
        // k2 listed first on purpose: the lowest version counts, not the first line.
        let rotated = signer(&format!("{}{}", line(2, 2), line(1, 1)));
        let with_index = signer(&format!(
            "index:{}\n{}",
            STANDARD.encode([9; 32]),
            line(1, 1)
        ));
        for other in [&rotated, &with_index] {
            assert_eq!(other.key_id(), k1.key_id());
            assert_eq!(other.jwks(), k1.jwks());
        }
        // An old receipt still verifies with the rotated vault's published key.
        let jws = k1.sign(&claims()).unwrap();
        assert_eq!(verify(&rotated, &jws).unwrap(), claims());
    }

    #[test]
    fn seed_is_domain_separated_from_the_other_keys() {
        let ring = keyring(&line(1, 1));
        let seed = ring.receipt_signing_seed().unwrap();
        assert_ne!(seed.expose_secret(), &[1; 32]);
        assert_ne!(seed.expose_secret(), &[0; 32]);
        assert_ne!(seed.expose_secret(), ring.index_key().expose_bytes());
    }

    #[test]
    fn derivation_matches_an_independent_computation() {
        // Computed with OpenSSL 3 (`openssl kdf … HKDF` with an empty salt and info
        // `custodia/receipt-signing/v1`, then `openssl pkey` on the Ed25519 seed), not with
        // this code. Changing any of it would orphan every receipt already handed out.
        let ring = keyring(&line(1, 1));
        assert_eq!(
            hex::encode(ring.receipt_signing_seed().unwrap().expose_secret()),
            "b2d476ea1f8dd59855599077be7b6ab6ae87faf645df8c028273f2896c480139"
        );
        let s = ReceiptSigner::from_keyring(&ring).unwrap();
        assert_eq!(s.key_id(), "7d821c7fea4bb70d");
        assert_eq!(
            s.jwks(),
            json!({"keys": [{
                "kty": "OKP",
                "crv": "Ed25519",
                "x": "cb_lZj5frGtcva8lDbknv5nS745qK42EhgYBD9k8BgE",
                "kid": "7d821c7fea4bb70d",
                "alg": "EdDSA",
                "use": "sig",
            }]})
        );
    }

    #[test]
    fn kid_is_the_sha256_prefix_of_the_published_key() {
        let s = signer(&line(1, 3));
        let jwk = &s.jwks()["keys"][0];
        let x = URL_SAFE_NO_PAD.decode(jwk["x"].as_str().unwrap()).unwrap();
        assert_eq!(x.len(), 32);
        let digest = digest::digest(&digest::SHA256, &x);
        assert_eq!(s.key_id(), hex::encode(&digest.as_ref()[..8]));
        assert_eq!(s.key_id().len(), 16);
        assert_eq!(jwk["kid"], s.key_id());
    }

    #[test]
    fn signed_receipt_verifies_with_the_published_jwk() {
        let s = signer(&line(1, 1));
        let jws = s.sign(&claims()).unwrap();
        assert_eq!(jws.split('.').count(), 3);
        assert!(!jws.contains('='), "no padding: {jws}");
        assert_eq!(jws.rsplit('.').next().unwrap().len(), SIGNATURE_B64_LEN);

        let data = jsonwebtoken::decode::<Claims>(&jws, &decoding_key(&s), &validation()).unwrap();
        assert_eq!(data.claims, claims());
        assert_eq!(data.header.alg, Algorithm::EdDSA);
        assert_eq!(data.header.kid.as_deref(), Some(s.key_id()));
        assert_eq!(data.header.typ.as_deref(), Some("JWT"));

        // The payload is exactly the claims' JSON.
        let [_, payload, _] = parts(&jws);
        assert_eq!(payload, serde_json::to_vec(&claims()).unwrap());
    }

    #[test]
    fn header_is_the_expected_json() {
        let s = signer(&line(1, 1));
        let [header, _, _] = parts(&s.sign(&claims()).unwrap());
        let want = format!(r#"{{"alg":"EdDSA","typ":"JWT","kid":"{}"}}"#, s.key_id());
        assert_eq!(String::from_utf8(header).unwrap(), want);
    }

    #[test]
    fn changed_payload_fails_to_verify() {
        let s = signer(&line(1, 1));
        let jws = s.sign(&claims()).unwrap();
        let [header, payload, signature] = parts(&jws);

        // One byte changed, still valid JSON for the same claims type ("granted" → "grantee").
        let at = payload.windows(7).position(|w| w == b"granted").unwrap() + 6;
        let mut changed = payload.clone();
        changed[at] = b'e';
        let tampered = join(&header, &changed, &signature);
        let err = verify(&s, &tampered).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidSignature);

        // Every single-character change in the encoded payload is refused.
        let dot = jws.find('.').unwrap();
        let end = jws.rfind('.').unwrap();
        for i in dot + 1..end {
            let mut bytes = jws.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).unwrap();
            assert!(verify(&s, &tampered).is_err(), "position {i}");
        }
    }

    #[test]
    fn changed_signature_fails_to_verify() {
        let s = signer(&line(1, 1));
        let [header, payload, signature] = parts(&s.sign(&claims()).unwrap());
        assert_eq!(signature.len(), SIGNATURE_LEN);
        for i in 0..SIGNATURE_LEN {
            let mut changed = signature.clone();
            changed[i] ^= 0x01;
            let err = verify(&s, &join(&header, &payload, &changed)).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidSignature, "byte {i}");
        }
        // The untouched parts, re-encoded, still verify.
        assert_eq!(
            verify(&s, &join(&header, &payload, &signature)).unwrap(),
            claims()
        );
    }

    #[test]
    fn changed_header_fails_to_verify() {
        let s = signer(&line(1, 1));
        let [header, payload, signature] = parts(&s.sign(&claims()).unwrap());
        let other = String::from_utf8(header)
            .unwrap()
            .replace(s.key_id(), "0000000000000000");
        let err = verify(&s, &join(other.as_bytes(), &payload, &signature)).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidSignature);
    }

    #[test]
    fn unserialisable_claims_are_an_error_without_detail() {
        let s = signer(&line(1, 1));
        let claims = BTreeMap::from([((1, 2), "jane@example.com")]);
        let err = s.sign(&claims).unwrap_err();
        assert!(matches!(err, CryptoError::Sign));
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("jane"), "{shown}");
    }

    #[test]
    fn claims_by_unsized_reference_sign() {
        let s = signer(&line(1, 1));
        let claims: &Value = &json!({ "sub": "x" });
        let jws = s.sign(claims).unwrap();
        let [_, payload, _] = parts(&jws);
        assert_eq!(payload, br#"{"sub":"x"}"#);
    }

    #[test]
    fn debug_shows_the_kid_only() {
        let ring = keyring(&line(1, 0xab));
        let s = ReceiptSigner::from_keyring(&ring).unwrap();
        let shown = format!("{s:?}");
        assert_eq!(
            shown,
            format!("ReceiptSigner {{ kid: {:?}, .. }}", s.key_id())
        );
        let seed = hex::encode(ring.receipt_signing_seed().unwrap().expose_secret());
        assert!(!shown.contains(&seed[..8]), "{shown}");
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ReceiptSigner>();
    }
}
