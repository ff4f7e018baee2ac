//! The external key service: HashiCorp Vault / OpenBao Transit (issue 15).
//!
//! Data keys are wrapped and unwrapped by Transit over its HTTP API; the master key never
//! leaves it. A wrap is `POST /v1/<mount>/encrypt/<key>`, an unwrap
//! `POST /v1/<mount>/decrypt/<key>`, a rotation `POST /v1/<mount>/rewrap/<key>` and the
//! versions come from `GET /v1/<mount>/keys/<key>` (`latest_version` is the active version,
//! `min_decryption_version..=latest_version` the ones that open). Every call carries the token
//! in `X-Vault-Token`.
//!
//! Stored as every other wrap: `WrappedKey::version` is the Transit key version (`vault:v3:…`
//! → `KeyVersion(3)`) and `WrappedKey::bytes` the ciphertext string. The plaintext sent is the
//! subject id (16 bytes) followed by the data key (32 bytes), checked on unwrap: a wrap copied
//! to another subject's row does not open there, as with the local provider's AAD, and without
//! relying on Transit's derived keys or associated data.
//!
//! awc (actix's HTTP client) is not `Send`, and the vault's futures must be (retention runs on
//! `tokio::spawn`): the calls run on one thread of their own with its own actix runtime, and
//! the provider talks to it over a channel. A call that gets no answer within the timeout
//! fails with [`KeyServiceFailure::Timeout`]; none blocks an actix worker.
//!
//! Errors name the failure ([`KeyServiceFailure`]) and nothing else: never the token, the
//! address, the ciphertext or the data key.

use std::fmt;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot};
use zeroize::Zeroizing;

use super::provider::{KeyFuture, KeyProvider, KeyVersions, WrappedKey};
use super::{CryptoError, DataKey, KeyServiceFailure, KeyVersion};
use crate::domain::SubjectId;

/// The largest answer read from Transit (its answers are a few hundred bytes).
const MAX_ANSWER: usize = 64 * 1024;
/// Plaintext sent to Transit: subject id ‖ data key.
const PLAIN_LEN: usize = 16 + 32;

/// Where Transit is and how to reach it.
#[derive(Clone)]
pub struct TransitConfig {
    /// `http(s)://host:port`, without a trailing slash.
    pub addr: String,
    /// The secrets engine's mount path (`transit` by default).
    pub mount: String,
    /// The name of the Transit key.
    pub key: String,
    pub token: SecretString,
    /// Per call, answer included.
    pub timeout: Duration,
}

impl fmt::Debug for TransitConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransitConfig")
            .field("addr", &self.addr)
            .field("mount", &self.mount)
            .field("key", &self.key)
            .field("token", &"***")
            .field("timeout", &self.timeout)
            .finish()
    }
}

type Answer = Result<(u16, Zeroizing<Vec<u8>>), KeyServiceFailure>;

struct Call {
    /// `None`: GET; `Some(body)`: POST with that JSON body.
    body: Option<Zeroizing<Vec<u8>>>,
    path: String,
    reply: oneshot::Sender<Answer>,
}

/// A [`KeyProvider`] over Vault / OpenBao Transit (see the module documentation).
pub struct TransitKeyProvider {
    mount: String,
    key: String,
    timeout: Duration,
    calls: mpsc::UnboundedSender<Call>,
}

impl fmt::Debug for TransitKeyProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransitKeyProvider")
            .field("mount", &self.mount)
            .field("key", &self.key)
            .finish()
    }
}

#[derive(Deserialize)]
struct Data<T> {
    data: T,
}

#[derive(Deserialize)]
struct Ciphertext {
    ciphertext: String,
}

#[derive(Deserialize)]
struct Plaintext {
    plaintext: String,
}

#[derive(Deserialize)]
struct KeyInfo {
    latest_version: u32,
    #[serde(default)]
    min_decryption_version: u32,
}

impl TransitKeyProvider {
    /// Starts the client thread. Nothing is sent yet: start-up asks for the versions.
    pub fn new(config: TransitConfig) -> Result<Self, CryptoError> {
        let (calls, rx) = mpsc::unbounded_channel();
        let TransitConfig {
            addr,
            mount,
            key,
            token,
            timeout,
        } = config;
        let base = addr.trim_end_matches('/').to_owned();
        std::thread::Builder::new()
            .name("custodia-transit".into())
            .spawn(move || client_thread(rx, base, token, timeout))?;
        Ok(Self {
            mount: mount.trim_matches('/').to_owned(),
            key,
            timeout,
            calls,
        })
    }

    fn path(&self, op: &str) -> String {
        format!("{}/{op}/{}", self.mount, self.key)
    }

    /// One call, answered within the timeout; the 2xx body, or the failure.
    async fn call(
        &self,
        op: &str,
        body: Option<Zeroizing<Vec<u8>>>,
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let (reply, answer) = oneshot::channel();
        let call = Call {
            body,
            path: self.path(op),
            reply,
        };
        self.calls
            .send(call)
            .map_err(|_| CryptoError::KeyService(KeyServiceFailure::Unreachable))?;
        // The client has its own timeout; this one also covers a stuck thread.
        let answer = tokio::time::timeout(self.timeout + Duration::from_millis(500), answer)
            .await
            .map_err(|_| CryptoError::KeyService(KeyServiceFailure::Timeout))?
            .map_err(|_| CryptoError::KeyService(KeyServiceFailure::Unreachable))?;
        let (status, body) = answer.map_err(CryptoError::KeyService)?;
        match status {
            200..=299 => Ok(body),
            403 => Err(CryptoError::KeyService(KeyServiceFailure::PermissionDenied)),
            503 if is_sealed(&body) => Err(CryptoError::KeyService(KeyServiceFailure::Sealed)),
            other => Err(CryptoError::KeyService(KeyServiceFailure::Status(other))),
        }
    }

    async fn ciphertext_call(
        &self,
        op: &str,
        body: Zeroizing<Vec<u8>>,
    ) -> Result<WrappedKey, CryptoError> {
        let answer = self.call(op, Some(body)).await?;
        let Data { data } = serde_json::from_slice::<Data<Ciphertext>>(&answer)
            .map_err(|_| bad_answer("no ciphertext"))?;
        let version = version_of(&data.ciphertext).ok_or(bad_answer("ciphertext without vN"))?;
        Ok(WrappedKey {
            version,
            bytes: data.ciphertext.into_bytes(),
        })
    }
}

fn bad_answer(why: &'static str) -> CryptoError {
    CryptoError::KeyService(KeyServiceFailure::BadAnswer(why))
}

fn is_sealed(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("errors").cloned())
        .and_then(|e| e.as_array().cloned())
        .is_some_and(|errors| {
            errors
                .iter()
                .any(|e| e.as_str().is_some_and(|s| s.contains("sealed")))
        })
}

/// `vault:v3:…` → `KeyVersion(3)`.
fn version_of(ciphertext: &str) -> Option<KeyVersion> {
    let rest = ciphertext.strip_prefix("vault:v")?;
    let (n, _) = rest.split_once(':')?;
    n.parse::<u32>().ok().filter(|n| *n > 0).map(KeyVersion)
}

fn json_body(value: &serde_json::Value) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(serde_json::to_vec(value).unwrap_or_default())
}

impl KeyProvider for TransitKeyProvider {
    fn versions(&self) -> KeyFuture<'_, KeyVersions> {
        Box::pin(async move {
            let answer = self.call("keys", None).await?;
            let Data { data } = serde_json::from_slice::<Data<KeyInfo>>(&answer)
                .map_err(|_| bad_answer("no latest_version"))?;
            if data.latest_version == 0 {
                return Err(bad_answer("latest_version 0"));
            }
            let first = data.min_decryption_version.max(1);
            Ok(KeyVersions {
                active: KeyVersion(data.latest_version),
                available: (first..=data.latest_version).map(KeyVersion).collect(),
            })
        })
    }

    fn identity(&self) -> String {
        format!("transit:{}/{}", self.mount, self.key)
    }

    fn wrap<'a>(&'a self, subject: &'a SubjectId, dek: &'a DataKey) -> KeyFuture<'a, WrappedKey> {
        Box::pin(async move {
            let mut plain = Zeroizing::new(Vec::with_capacity(PLAIN_LEN));
            plain.extend_from_slice(subject.as_bytes());
            plain.extend_from_slice(dek.expose_bytes());
            let encoded = Zeroizing::new(STANDARD.encode(plain.as_slice()));
            let body = Zeroizing::new(format!("{{\"plaintext\":\"{}\"}}", encoded.as_str()));
            let body = Zeroizing::new(body.as_bytes().to_vec());
            self.ciphertext_call("encrypt", body).await
        })
    }

    fn unwrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, DataKey> {
        Box::pin(async move {
            let ciphertext =
                std::str::from_utf8(&wrapped.bytes).map_err(|_| CryptoError::Decrypt)?;
            // The stored version and the ciphertext's must agree.
            if version_of(ciphertext) != Some(wrapped.version) {
                return Err(CryptoError::Decrypt);
            }
            let body = json_body(&serde_json::json!({ "ciphertext": ciphertext }));
            let answer = self.call("decrypt", Some(body)).await?;
            let Data { data } = serde_json::from_slice::<Data<Plaintext>>(&answer)
                .map_err(|_| bad_answer("no plaintext"))?;
            let encoded = Zeroizing::new(data.plaintext);
            let plain = Zeroizing::new(
                STANDARD
                    .decode(encoded.as_bytes())
                    .map_err(|_| CryptoError::Decrypt)?,
            );
            if plain.len() != PLAIN_LEN || plain[..16] != subject.as_bytes()[..] {
                return Err(CryptoError::Decrypt);
            }
            DataKey::from_slice(&plain[16..]).ok_or(CryptoError::Decrypt)
        })
    }

    fn rewrap<'a>(
        &'a self,
        _subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, WrappedKey> {
        Box::pin(async move {
            let ciphertext =
                std::str::from_utf8(&wrapped.bytes).map_err(|_| CryptoError::Decrypt)?;
            if version_of(ciphertext) != Some(wrapped.version) {
                return Err(CryptoError::Decrypt);
            }
            // Transit re-encrypts under its latest version; the data key never leaves it.
            let body = json_body(&serde_json::json!({ "ciphertext": ciphertext }));
            self.ciphertext_call("rewrap", body).await
        })
    }
}

/// The client thread: one actix runtime, one awc client, each call on a task of its own.
fn client_thread(
    mut rx: mpsc::UnboundedReceiver<Call>,
    base: String,
    token: SecretString,
    timeout: Duration,
) {
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let client = awc::Client::builder()
            .timeout(timeout)
            .connector(awc::Connector::new().timeout(timeout))
            .disable_redirects()
            .finish();
        let token = std::rc::Rc::new(token);
        let base = std::rc::Rc::new(base);
        while let Some(call) = rx.recv().await {
            let (client, token, base) = (client.clone(), token.clone(), base.clone());
            actix_web::rt::spawn(async move {
                let answer = send(&client, &base, &token, &call.path, call.body, timeout).await;
                let _ = call.reply.send(answer);
            });
        }
    });
}

async fn send(
    client: &awc::Client,
    base: &str,
    token: &SecretString,
    path: &str,
    body: Option<Zeroizing<Vec<u8>>>,
    timeout: Duration,
) -> Answer {
    use awc::error::{ConnectError, PayloadError, SendRequestError};
    let url = format!("{base}/v1/{path}");
    let request = match body {
        None => client.get(&url),
        Some(_) => client.post(&url),
    }
    .insert_header(("X-Vault-Token", token.expose_secret()))
    .insert_header(("Content-Type", "application/json"));
    let sent = match body {
        None => request.send().await,
        // awc keeps its own copy of the body; ours is wiped when this returns.
        Some(body) => request.send_body(body.to_vec()).await,
    };
    let response = sent.map_err(|e| match e {
        SendRequestError::Timeout | SendRequestError::Connect(ConnectError::Timeout) => {
            KeyServiceFailure::Timeout
        }
        _ => KeyServiceFailure::Unreachable,
    })?;
    let status = response.status().as_u16();
    let body = response
        .timeout(timeout)
        .body()
        .limit(MAX_ANSWER)
        .await
        .map_err(|e| match e {
            PayloadError::Io(ref io) if io.kind() == std::io::ErrorKind::TimedOut => {
                KeyServiceFailure::Timeout
            }
            _ => KeyServiceFailure::BadAnswer("unreadable body"),
        })?;
    Ok((status, Zeroizing::new(body.to_vec())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_the_ciphertext_prefix() {
        assert_eq!(version_of("vault:v3:abc"), Some(KeyVersion(3)));
        assert_eq!(version_of("vault:v12:abc"), Some(KeyVersion(12)));
        assert_eq!(version_of("vault:v0:abc"), None);
        assert_eq!(version_of("vault:vx:abc"), None);
        assert_eq!(version_of("vault:v3"), None);
        assert_eq!(version_of("other:v3:abc"), None);
    }

    #[test]
    fn sealed_is_recognised_from_the_errors_array() {
        assert!(is_sealed(br#"{"errors":["Vault is sealed"]}"#));
        assert!(!is_sealed(br#"{"errors":["something else"]}"#));
        assert!(!is_sealed(b"not json"));
    }

    #[test]
    fn debug_hides_the_token() {
        let config = TransitConfig {
            addr: "http://127.0.0.1:8200".into(),
            mount: "transit".into(),
            key: "custodia".into(),
            token: SecretString::from("s.secret-token"),
            timeout: Duration::from_secs(1),
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("***"));
    }
}
