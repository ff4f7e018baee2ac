//! The external key service (issue 15): data keys wrapped by HashiCorp Vault / OpenBao
//! Transit, here a stand-in on 127.0.0.1 that implements the Transit endpoints custodia uses
//! (`encrypt`, `decrypt`, `rewrap`, `keys`) and the failures that matter (sealed, permission
//! denied, no answer); and the bounded data-key cache in front of it, across two instances.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use custodia::auth::Principal;
use custodia::config::KeyProviderSetting;
use custodia::crypto::TransitConfig;
use custodia::domain::Role;
use custodia::service::Caller;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::SecretString;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, spawn_app_with, Engine, TestApp};

both_engines!(
    spawn = crate::transit::spawn;
    subjects_are_created_read_and_erased_with_transit_wrapped_keys,
    key_service_failures_are_503_and_leave_nothing_half_written,
    rotation_rewraps_through_transit,
    an_erasure_on_one_instance_leaves_no_usable_key_cached_on_another,
    a_customer_erasing_themself_leaves_no_usable_key_cached_on_another,
    a_vault_made_with_transit_refuses_to_start_with_the_local_keyring,
);

const TOKEN: &str = "hvs.stand-in-token-5c0d1e9a7b";
const MOUNT: &str = "transit";
const KEY: &str = "custodia";

const NORMAL: u8 = 0;
const SEALED: u8 = 1;
const DENIED: u8 = 2;
const SILENT: u8 = 3;

/// The stand-in's state: AES-256-GCM keys by version, what it answers with, what it was asked.
pub struct StandIn {
    pub addr: String,
    keys: Mutex<BTreeMap<u32, [u8; 32]>>,
    min_decryption: AtomicUsize,
    mode: AtomicU8,
    pub encrypts: AtomicUsize,
    pub decrypts: AtomicUsize,
    pub rewraps: AtomicUsize,
    handle: Mutex<Option<actix_web::dev::ServerHandle>>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(h) = self.handle.lock().unwrap().take() {
            drop(h.stop(false));
        }
    }
}

fn random32() -> [u8; 32] {
    let mut k = [0u8; 32];
    SystemRandom::new().fill(&mut k).unwrap();
    k
}

fn errors(status: u16, message: &str) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
        .json(json!({ "errors": [message] }))
}

impl StandIn {
    async fn start() -> Arc<StandIn> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(StandIn {
            addr: format!("http://127.0.0.1:{port}"),
            keys: Mutex::new(BTreeMap::from([(1, random32())])),
            min_decryption: AtomicUsize::new(1),
            mode: AtomicU8::new(NORMAL),
            encrypts: AtomicUsize::new(0),
            decrypts: AtomicUsize::new(0),
            rewraps: AtomicUsize::new(0),
            handle: Mutex::new(None),
        });
        let data = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/v1/{mount}/{op}/{key}", web::post().to(post))
                .route("/v1/{mount}/keys/{key}", web::get().to(key_info))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        *state.handle.lock().unwrap() = Some(server.handle());
        actix_web::rt::spawn(server);
        state
    }

    fn set_mode(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }

    /// `vault write -f transit/keys/<key>/rotate`.
    fn rotate(&self) -> u32 {
        let mut keys = self.keys.lock().unwrap();
        let next = keys.keys().last().unwrap() + 1;
        keys.insert(next, random32());
        next
    }

    fn seal(&self, plaintext: &[u8]) -> String {
        let keys = self.keys.lock().unwrap();
        let (version, key) = keys.iter().last().unwrap();
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).unwrap();
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
        let mut buf = plaintext.to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut buf)
            .unwrap();
        let mut out = nonce.to_vec();
        out.extend(buf);
        format!("vault:v{version}:{}", STANDARD.encode(out))
    }

    /// The plaintext, or Transit's status and error message.
    fn open(&self, ciphertext: &str) -> Result<Vec<u8>, (u16, &'static str)> {
        let invalid = || (400, "invalid ciphertext");
        let rest = ciphertext.strip_prefix("vault:v").ok_or_else(invalid)?;
        let (version, b64) = rest.split_once(':').ok_or_else(invalid)?;
        let version: u32 = version.parse().map_err(|_| invalid())?;
        if (version as usize) < self.min_decryption.load(Ordering::SeqCst) {
            return Err((
                400,
                "ciphertext or signature version is disallowed by policy (too old)",
            ));
        }
        let keys = self.keys.lock().unwrap();
        let key = keys.get(&version).ok_or_else(invalid)?;
        let bytes = STANDARD.decode(b64).map_err(|_| invalid())?;
        if bytes.len() < NONCE_LEN {
            return Err(invalid());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
        let mut buf = sealed.to_vec();
        let plain = key
            .open_in_place(
                Nonce::try_assume_unique_for_key(nonce).unwrap(),
                Aad::empty(),
                &mut buf,
            )
            .map_err(|_| (400, "cipher: message authentication failed"))?;
        Ok(plain.to_vec())
    }

    /// What every request meets first: the seal, the token, the silence.
    async fn gate(&self, req: &HttpRequest) -> Option<HttpResponse> {
        match self.mode.load(Ordering::SeqCst) {
            SEALED => return Some(errors(503, "Vault is sealed")),
            DENIED => return Some(errors(403, "permission denied")),
            SILENT => {
                actix_web::rt::time::sleep(Duration::from_secs(30)).await;
                return Some(HttpResponse::Ok().finish());
            }
            _ => {}
        }
        let token = req
            .headers()
            .get("X-Vault-Token")
            .and_then(|v| v.to_str().ok());
        if token != Some(TOKEN) {
            return Some(errors(403, "permission denied"));
        }
        None
    }
}

async fn post(
    state: web::Data<StandIn>,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<Value>,
) -> HttpResponse {
    if let Some(refused) = state.gate(&req).await {
        return refused;
    }
    let (mount, op, key) = path.into_inner();
    if mount != MOUNT || key != KEY {
        return errors(404, "no handler for route");
    }
    let ciphertext = || body["ciphertext"].as_str().unwrap_or_default().to_owned();
    match op.as_str() {
        "encrypt" => {
            state.encrypts.fetch_add(1, Ordering::SeqCst);
            let Some(plain) = body["plaintext"]
                .as_str()
                .and_then(|p| STANDARD.decode(p).ok())
            else {
                return errors(400, "illegal base64 data");
            };
            let ct = state.seal(&plain);
            let version: u32 = ct[7..ct[7..].find(':').unwrap() + 7].parse().unwrap();
            HttpResponse::Ok().json(json!({"data": {"ciphertext": ct, "key_version": version}}))
        }
        "decrypt" => {
            state.decrypts.fetch_add(1, Ordering::SeqCst);
            match state.open(&ciphertext()) {
                Ok(plain) => {
                    HttpResponse::Ok().json(json!({"data": {"plaintext": STANDARD.encode(plain)}}))
                }
                Err((status, message)) => errors(status, message),
            }
        }
        "rewrap" => {
            state.rewraps.fetch_add(1, Ordering::SeqCst);
            match state.open(&ciphertext()) {
                Ok(plain) => {
                    HttpResponse::Ok().json(json!({"data": {"ciphertext": state.seal(&plain)}}))
                }
                Err((status, message)) => errors(status, message),
            }
        }
        _ => errors(404, "no handler for route"),
    }
}

async fn key_info(
    state: web::Data<StandIn>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    if let Some(refused) = state.gate(&req).await {
        return refused;
    }
    let (mount, key) = path.into_inner();
    if mount != MOUNT || key != KEY {
        return errors(404, "no handler for route");
    }
    let latest = *state.keys.lock().unwrap().keys().last().unwrap();
    HttpResponse::Ok().json(json!({"data": {
        "name": KEY, "type": "aes256-gcm96", "latest_version": latest,
        "min_decryption_version": state.min_decryption.load(Ordering::SeqCst),
        "min_encryption_version": 0, "deletion_allowed": false,
    }}))
}

fn transit_config(addr: &str) -> KeyProviderSetting {
    KeyProviderSetting::Transit(TransitConfig {
        addr: addr.to_owned(),
        mount: MOUNT.into(),
        key: KEY.into(),
        token: SecretString::from(TOKEN),
        timeout: Duration::from_millis(400),
    })
}

/// An app whose data keys Transit (the stand-in) wraps, with a data-key cache.
pub async fn spawn(engine: Engine) -> Option<(TestApp, Arc<StandIn>)> {
    let stand_in = StandIn::start().await;
    let addr = stand_in.addr.clone();
    let app = spawn_app_with(
        engine,
        |_| {},
        |s| {
            s.key_provider = transit_config(&addr);
            s.key_cache_size = 100;
        },
    )
    .await?;
    Some((app, stand_in))
}

fn no_token_logged() {
    crate::logs::assert_no_secret_logged(&[TOKEN.to_owned()]);
}

impl TestApp {
    async fn stored_key(&self, id: &str) -> (i64, String) {
        let sql = format!(
            "SELECT kek_version, wrapped_dek FROM subjects WHERE id = {}",
            self.id_sql(id)
        );
        let version = self.count(false, &sql.replace(", wrapped_dek", "")).await;
        let wrapped = self.text(&sql.replace("kek_version, ", "")).await;
        (version, wrapped)
    }

    async fn text(&self, sql: &str) -> String {
        use sqlx::Connection;
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let bytes: Vec<u8> = match self.engine {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.vault_url)
                    .await
                    .unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.vault_url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
        };
        String::from_utf8(bytes).unwrap()
    }

    async fn subjects(&self) -> i64 {
        self.count(false, "SELECT COUNT(*) FROM subjects").await
    }
}

async fn subjects_are_created_read_and_erased_with_transit_wrapped_keys(
    (app, transit): (TestApp, Arc<StandIn>),
) {
    let id = app.create_subject(&jane(1)).await;
    assert_eq!(transit.encrypts.load(Ordering::SeqCst), 1);
    let (version, wrapped) = app.stored_key(&id).await;
    assert_eq!(version, 1);
    assert!(wrapped.starts_with("vault:v1:"), "{wrapped}");

    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["first_name"], "Janequill1", "{}", r.body);

    let r = app.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 410, "{}", r.body);
    no_token_logged();
}

async fn key_service_failures_are_503_and_leave_nothing_half_written(
    (app, transit): (TestApp, Arc<StandIn>),
) {
    let kept = app.create_subject(&jane(1)).await;
    // Another instance with no cache: its reads must ask Transit.
    let cold = app
        .instance_with(|s| s.key_cache_size = 0)
        .await
        .expect("instance");
    for (mode, name) in [(SEALED, "sealed"), (DENIED, "denied"), (SILENT, "silent")] {
        transit.set_mode(mode);
        let started = std::time::Instant::now();
        let r = app
            .send(
                "POST",
                "/v1/subjects",
                Some(&app.client_token("crm")),
                None,
                Some(&jane(2)),
            )
            .await;
        assert_eq!(r.status, 503, "{name}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json", "{name}");
        assert_eq!(r.body["code"], "unavailable", "{name}: {}", r.body);
        assert_eq!(
            r.body["detail"], "the key service is unavailable; try again later",
            "{name}"
        );
        assert!(!r.text.contains(TOKEN), "{name}: {}", r.text);
        assert!(r.header("retry-after").is_some(), "{name}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name}: the timeout bounds the wait"
        );
        assert_eq!(
            app.subjects().await,
            1,
            "{name}: no row for the failed create"
        );

        let r = app
            .send_to(
                &cold.base,
                "GET",
                &format!("/v1/subjects/{kept}"),
                Some(&app.client_token("crm")),
                Some("order_fulfilment"),
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, 503, "{name}: {}", r.body);
        assert!(!r.text.contains("Janequill1"), "{name}");
    }
    transit.set_mode(NORMAL);
    let r = app.read_subject("crm", &kept, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.create_subject(&jane(2)).await;
    assert_eq!(app.subjects().await, 2);
    no_token_logged();
}

async fn rotation_rewraps_through_transit((app, transit): (TestApp, Arc<StandIn>)) {
    let ids = [
        app.create_subject(&jane(1)).await,
        app.create_subject(&jane(2)).await,
    ];
    assert_eq!(transit.rotate(), 2);
    // Transit must keep opening v1 until the rotation is done: a start says so.
    transit.min_decryption.store(2, Ordering::SeqCst);
    let err = app.instance_with(|_| {}).await.err().expect("refused");
    assert!(
        err.contains(
            "data keys remain under Transit key versions below its min_decryption_version (v1: 2)"
        ),
        "{err}"
    );
    transit.min_decryption.store(1, Ordering::SeqCst);
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let principal = Principal {
        id: "keys".into(),
        role: Role::Admin,
    };
    let caller = Caller {
        principal: &principal,
        request_id: "keys-rotate",
    };
    let options = custodia::service::RotationOptions {
        batch_size: 10,
        pause: Duration::ZERO,
    };
    let report = built
        .vault
        .rotate_data_keys(&caller, options, &mut |_| {})
        .await
        .unwrap();
    assert!(report.complete, "{report:?}");
    assert_eq!(report.rewrapped, 2);
    assert_eq!(report.active_version, "k2");
    assert_eq!(transit.rewraps.load(Ordering::SeqCst), 2);
    for id in &ids {
        let (version, wrapped) = app.stored_key(id).await;
        assert_eq!(version, 2);
        assert!(wrapped.starts_with("vault:v2:"), "{wrapped}");
    }
    // `keys status` counts them per Transit key version (shown as `k2` for `vault:v2:`).
    let ring = custodia::startup::load_keys(&app.settings).unwrap();
    let metrics = custodia::metrics::Metrics::new().unwrap();
    let provider = custodia::startup::key_provider(&app.settings, &ring, &metrics).unwrap();
    let store = custodia::store::VaultStore::new(built.vault_db.clone());
    let status = custodia::service::key_status(&store, &ring, provider.as_ref())
        .await
        .unwrap();
    assert_eq!(status.key_provider, "transit:transit/custodia");
    assert_eq!(status.active_version, "k2");
    assert_eq!(status.available_versions, ["k1", "k2"]);
    assert_eq!(status.data_keys_to_rotate, 0);
    assert_eq!(status.data_keys.get("k2"), Some(&2));
    assert_eq!(status.start_refused, None);
    // Transit may now refuse v1: everything still opens (through a cold instance).
    transit.min_decryption.store(2, Ordering::SeqCst);
    let cold = app
        .instance_with(|s| s.key_cache_size = 0)
        .await
        .expect("a start with min_decryption_version 2");
    let r = app
        .send_to(
            &cold.base,
            "GET",
            &format!("/v1/subjects/{}", ids[0]),
            Some(&app.client_token("crm")),
            Some("order_fulfilment"),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    built.vault_db.close().await;
    built.behaviour_db.close().await;
    no_token_logged();
}

async fn an_erasure_on_one_instance_leaves_no_usable_key_cached_on_another(
    (a, transit): (TestApp, Arc<StandIn>),
) {
    let b = a.another_instance().await;
    let id = a.create_subject(&jane(1)).await;
    let (path, token) = (format!("/v1/subjects/{id}"), a.client_token("crm"));
    let read_on_b = || {
        a.send_to(
            &b.base,
            "GET",
            &path,
            Some(&token),
            Some("order_fulfilment"),
            None,
            &[],
        )
    };
    // B's first read unwraps through Transit, its second from its cache.
    let r = read_on_b().await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(transit.decrypts.load(Ordering::SeqCst), 1);
    let r = read_on_b().await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        transit.decrypts.load(Ordering::SeqCst),
        1,
        "served from B's cache"
    );

    let r = a.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = read_on_b().await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert!(!r.text.contains("Janequill1"));
    assert_eq!(
        transit.decrypts.load(Ordering::SeqCst),
        1,
        "no decrypt after erasure"
    );

    // B's counters: one miss, one hit, and nothing since.
    let r = a
        .send_to(
            &b.base,
            "GET",
            "/metrics",
            Some(&a.token(Role::Admin, "ops")),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.text
            .contains("custodia_key_cache_lookups_total{result=\"hit\"} 1"),
        "{}",
        r.text
    );
    assert!(
        r.text
            .contains("custodia_key_cache_lookups_total{result=\"miss\"} 1"),
        "{}",
        r.text
    );
    no_token_logged();
}

async fn a_vault_made_with_transit_refuses_to_start_with_the_local_keyring(
    (app, transit): (TestApp, Arc<StandIn>),
) {
    app.create_subject(&jane(1)).await;
    let err = app
        .instance_with(|s| s.key_provider = KeyProviderSetting::Local)
        .await
        .err()
        .expect("refused");
    assert!(
        err.contains("wrapped by `transit:transit/custodia`, not `local`"),
        "{err}"
    );
    // And a start while Transit is sealed says so, without the token.
    transit.set_mode(SEALED);
    let err = app.instance_with(|_| {}).await.err().expect("refused");
    assert!(err.contains("the key service is sealed"), "{err}");
    assert!(!err.contains(TOKEN));
    no_token_logged();
}

/// Transit × self-service erasure (`DELETE /v1/me`): the customer's key, cached by another
/// instance for their own reads, opens nothing there once they erased themself on the first.
async fn a_customer_erasing_themself_leaves_no_usable_key_cached_on_another(
    (a, transit): (TestApp, Arc<StandIn>),
) {
    let b = a.another_instance().await;
    let id = a.create_subject(&jane(2)).await;
    let me = a.token(Role::Subject, &id);
    let my_record_on_b = || a.send_to(&b.base, "GET", "/v1/me", Some(&me), None, None, &[]);
    let r = my_record_on_b().await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.text.contains("Janequill2"), "{}", r.body);
    let r = my_record_on_b().await;
    assert_eq!(r.status, 200, "{}", r.body);
    let decrypts = transit.decrypts.load(Ordering::SeqCst);

    let r = a.send("DELETE", "/v1/me", Some(&me), None, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data_key_destroyed"], true, "{}", r.body);
    assert_eq!(a.subjects().await, 0);

    let r = my_record_on_b().await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert!(!r.text.contains("Janequill2"));
    let r = a
        .send_to(
            &b.base,
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&a.client_token("crm")),
            Some("order_fulfilment"),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert_eq!(
        transit.decrypts.load(Ordering::SeqCst),
        decrypts,
        "no decrypt after the erasure, on either instance"
    );
    no_token_logged();
}
