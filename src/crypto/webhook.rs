//! Signatures of recipient notifications (GDPR Art. 19 webhooks).
//!
//! Each client with a `webhook_url` has its own secret, derived from the keyring
//! ([`KeyRing::webhook_secret`]). A notification carries
//! `X-Custodia-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<body>">`, in the
//! style of Stripe's webhook signatures: the timestamp is signed with the body, so a receiver
//! that refuses an old `t` also refuses a replayed request.

use std::collections::HashMap;
use std::fmt;

use ring::hmac;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::{CryptoError, KeyRing};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Custodia-Signature";
/// The header that carries the notification id (the same on every retry).
pub const NOTIFICATION_HEADER: &str = "X-Custodia-Notification";
/// How far a signature's `t` may be from the verifier's clock, in seconds.
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Signs notifications for the clients it was built for. Holds only the derived per-client
/// HMAC keys, never a master key. `Debug` names the clients, not the keys.
pub struct WebhookSigner {
    keys: HashMap<String, hmac::Key>,
}

impl WebhookSigner {
    /// One key per client in `clients` (those with a `webhook_url`; others need none).
    pub fn from_keyring<'a>(
        ring: &KeyRing,
        clients: impl IntoIterator<Item = &'a str>,
    ) -> Result<WebhookSigner, CryptoError> {
        let mut keys = HashMap::new();
        for client in clients {
            // The derived secret is wiped when it drops at the end of this iteration.
            let secret = ring.webhook_secret(client)?;
            keys.insert(
                client.to_owned(),
                hmac::Key::new(hmac::HMAC_SHA256, secret.expose_secret()),
            );
        }
        Ok(WebhookSigner { keys })
    }

    /// Whether this signer holds a key for `client`.
    pub fn signs_for(&self, client: &str) -> bool {
        self.keys.contains_key(client)
    }

    /// The `X-Custodia-Signature` value for `body` sent at `t` (Unix seconds), or `None` for
    /// a client this signer has no key for.
    pub fn sign(&self, client: &str, t: i64, body: &[u8]) -> Option<String> {
        self.keys.get(client).map(|key| header_value(key, t, body))
    }

    /// Whether `header` is a valid signature of `body` for `client`, made within
    /// [`SIGNATURE_TOLERANCE_SECS`] of `now_unix` (constant-time comparison).
    pub fn verify(&self, client: &str, header: &str, body: &[u8], now_unix: i64) -> bool {
        self.keys
            .get(client)
            .is_some_and(|key| verify_with_key(key, header, body, now_unix))
    }
}

impl fmt::Debug for WebhookSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut clients: Vec<&str> = self.keys.keys().map(String::as_str).collect();
        clients.sort_unstable();
        f.debug_struct("WebhookSigner")
            .field("clients", &clients)
            .finish_non_exhaustive()
    }
}

/// What a receiver does with the secret it was given: checks `header` (the
/// `X-Custodia-Signature` value) against the raw `body` received, at `now_unix`. `secret` is
/// the 32 bytes the hex secret decodes to.
pub fn verify_signature(secret: &[u8], header: &str, body: &[u8], now_unix: i64) -> bool {
    verify_with_key(
        &hmac::Key::new(hmac::HMAC_SHA256, secret),
        header,
        body,
        now_unix,
    )
}

/// `client`'s webhook secret in lower-case hex (64 characters), to hand to the client's
/// operators; the returned string is wiped on drop.
pub fn webhook_secret_hex(ring: &KeyRing, client: &str) -> Result<Zeroizing<String>, CryptoError> {
    let secret = ring.webhook_secret(client)?;
    Ok(Zeroizing::new(hex::encode(secret.expose_secret())))
}

fn signed_payload(t: i64, body: &[u8]) -> Vec<u8> {
    let prefix = format!("{t}.");
    let mut payload = Vec::with_capacity(prefix.len() + body.len());
    payload.extend_from_slice(prefix.as_bytes());
    payload.extend_from_slice(body);
    payload
}

fn header_value(key: &hmac::Key, t: i64, body: &[u8]) -> String {
    let tag = hmac::sign(key, &signed_payload(t, body));
    format!("t={t},v1={}", hex::encode(tag.as_ref()))
}

/// Accepts `t=<digits>` once and any number of `v1=<hex>` (a receiver may be sent several
/// during a secret change); unknown keys are ignored, so a later `v2` does not break it.
fn verify_with_key(key: &hmac::Key, header: &str, body: &[u8], now_unix: i64) -> bool {
    let mut t = None;
    let mut tags = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) if t.is_none() && !v.is_empty() => {
                if !v.bytes().all(|b| b.is_ascii_digit()) {
                    return false;
                }
                t = v.parse::<i64>().ok();
                if t.is_none() {
                    return false;
                }
            }
            Some(("t", _)) => return false,
            Some(("v1", v)) => {
                if let Ok(tag) = hex::decode(v) {
                    tags.push(tag);
                }
            }
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if now_unix.abs_diff(t) > SIGNATURE_TOLERANCE_SECS.unsigned_abs() {
        return false;
    }
    let payload = signed_payload(t, body);
    tags.iter()
        .any(|tag| hmac::verify(key, &payload, tag).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    fn ring() -> KeyRing {
        KeyRing::parse(&STANDARD.encode([4u8; 32])).unwrap()
    }

    #[test]
    fn signs_and_verifies_with_the_clients_secret_only() {
        let ring = ring();
        let signer = WebhookSigner::from_keyring(&ring, ["crm", "erp"]).unwrap();
        let body = br#"{"id":"n1","subject":"s1","action":"erased"}"#;
        let header = signer.sign("crm", 1_700_000_000, body).unwrap();
        assert!(header.starts_with("t=1700000000,v1="), "{header}");
        assert_eq!(header.len(), "t=1700000000,v1=".len() + 64);

        assert!(signer.verify("crm", &header, body, 1_700_000_000));
        assert!(signer.verify("crm", &header, body, 1_700_000_000 + 300));
        assert!(!signer.verify("crm", &header, body, 1_700_000_000 + 301));
        assert!(!signer.verify("crm", &header, body, 1_700_000_000 - 301));
        assert!(!signer.verify("erp", &header, body, 1_700_000_000));
        assert!(!signer.verify("crm", &header, b"{}", 1_700_000_000));
        assert_eq!(signer.sign("mailer", 1, body), None);
        assert!(!signer.signs_for("mailer"));

        // A receiver holding the hex secret checks it the same way.
        let secret = hex::decode(webhook_secret_hex(&ring, "crm").unwrap().as_str()).unwrap();
        assert!(verify_signature(&secret, &header, body, 1_700_000_000));
        // By hand: HMAC-SHA256(secret, "<t>.<body>").
        let tag = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, &secret),
            &[b"1700000000.".as_slice(), body].concat(),
        );
        assert!(header.ends_with(&hex::encode(tag.as_ref())));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let signer = WebhookSigner::from_keyring(&ring(), ["crm"]).unwrap();
        let body = b"{}";
        let good = signer.sign("crm", 100, body).unwrap();
        let v1 = good.split_once(",v1=").unwrap().1;
        for bad in [
            String::new(),
            format!("v1={v1}"),
            "t=100".to_owned(),
            format!("t=-100,v1={v1}"),
            format!("t=1e2,v1={v1}"),
            format!("t=100,t=100,v1={v1}"),
            format!("t=101,v1={v1}"),
            format!("t=100,v1={}", &v1[..62]),
        ] {
            assert!(!signer.verify("crm", &bad, body, 100), "{bad}");
        }
        // Order, spaces, several v1 and unknown keys are fine.
        assert!(signer.verify("crm", &format!("v1=00, v0=x, v1={v1} ,t=100"), body, 100));
    }

    #[test]
    fn debug_names_clients_only() {
        let signer = WebhookSigner::from_keyring(&ring(), ["erp", "crm"]).unwrap();
        assert_eq!(
            format!("{signer:?}"),
            "WebhookSigner { clients: [\"crm\", \"erp\"], .. }"
        );
    }
}
