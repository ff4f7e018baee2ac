//! `spawn_app()`: the real application, built in-process on port 0, on fresh databases.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Once;

use base64::Engine as _;
use custodia::config::{
    DatabaseUrl, ErasureJournalSetting, JwtKeySource, KeyProviderSetting, LogFormat,
    MasterKeySource, Settings,
};
use custodia::domain::Role;
use custodia::startup::Application;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sqlx::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each named scenario once per engine: `<name>::sqlite` always, `<name>::postgres` when
/// PostgreSQL is configured, and after each one the log scan
/// ([`crate::logs::assert_no_secret_logged`]). The one engine matrix of the suite.
///
/// - `both_engines!(a, b)`: each scenario is an `async fn(TestApp)` on [`spawn_app`].
/// - `both_engines!(spawn = crate::module::spawn; a, b)`: each scenario's app comes from
///   `spawn`, an `async fn(Engine) -> Option<S>` (`None` when the engine is off) that may change
///   the policy or settings (with [`spawn_app_with`]); `S` is a [`Spawned`] (a `TestApp`, or a
///   `TestApp` and what the scenario needs beside it) and the scenario an `async fn(S)`. The
///   path is written from the crate root (`crate::…`): it is used inside `mod <name>`.
macro_rules! both_engines {
    (spawn = $spawn:path; $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    let app = $spawn(crate::helpers::Engine::Sqlite).await;
                    let app = app.expect("SQLite is always available");
                    let keys = crate::helpers::Spawned::app(&app).key_material();
                    super::$name(app).await;
                    crate::logs::assert_no_secret_logged(&keys);
                }

                #[actix_web::test]
                async fn postgres() {
                    if let Some(app) = $spawn(crate::helpers::Engine::Postgres).await {
                        let keys = crate::helpers::Spawned::app(&app).key_material();
                        let stores = crate::helpers::Spawned::app(&app).store_urls();
                        super::$name(app).await;
                        crate::logs::assert_no_secret_logged(&keys);
                        crate::helpers::drop_postgres_databases(&stores).await;
                    }
                }
            }
        )*
    };
    ($($name:ident),* $(,)?) => {
        crate::helpers::both_engines!(spawn = crate::helpers::spawn_app; $($name),*);
    };
}
pub(crate) use both_engines;

/// What a [`both_engines!`] spawn function gives its scenarios: the app, alone or with what
/// the scenario needs beside it (a webhook receiver, say).
pub trait Spawned {
    fn app(&self) -> &TestApp;
}

impl Spawned for TestApp {
    fn app(&self) -> &TestApp {
        self
    }
}

impl<T> Spawned for (TestApp, T) {
    fn app(&self) -> &TestApp {
        &self.0
    }
}

pub const ISSUER: &str = "custodia";
pub const AUDIENCE: &str = "custodia";

pub struct TestApp {
    pub engine: Engine,
    pub base: String,
    pub http: awc::Client,
    pub jwt_secret: SecretString,
    pub master_key_b64: String,
    pub vault_url: String,
    pub behaviour_url: String,
    pub data_dir: PathBuf,
    pub settings: Settings,
    _data: tempfile::TempDir,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting; the runtime ends with the test anyway.
        drop(self.handle.stop(false));
    }
}

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

static SKIP_NOTICE: Once = Once::new();

/// The PostgreSQL admin URL, or `None` (with one loud notice) when PostgreSQL tests are off.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("CUSTODIA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CUSTODIA_TEST_REQUIRE_POSTGRES").is_err(),
                "CUSTODIA_TEST_REQUIRE_POSTGRES is set but CUSTODIA_TEST_POSTGRES_URL is not"
            );
            SKIP_NOTICE.call_once(|| {
                // Straight to stderr, past the test harness's output capture.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** PostgreSQL tests SKIPPED: CUSTODIA_TEST_POSTGRES_URL is not set. \
                     Every `::postgres` test below passes without running; `bash .ci/run` \
                     starts a PostgreSQL server and runs them. ***\n"
                );
            });
            None
        }
    }
}

/// Drops the test databases behind `urls` once a scenario passed (a failed one keeps them
/// for a look), so that a developer's cluster does not fill up with two databases per test.
/// `WITH (FORCE)` closes the connections the stopped server's pools still hold.
pub async fn drop_postgres_databases(urls: &[String]) {
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to CUSTODIA_TEST_POSTGRES_URL");
    for url in urls {
        let name = url.rsplit('/').next().unwrap_or_default();
        // Only what fresh_postgres_database made: never a database the admin URL names.
        assert!(
            name.starts_with("custodia_test_"),
            "not a test database: {name}"
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await
        .expect("drop test database");
    }
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("custodia_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to CUSTODIA_TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("CUSTODIA_TEST_POSTGRES_URL ends with /<database>");
    format!("{base}/{name}")
}

/// Builds and starts the application on fresh databases; `None` when the engine is off.
pub async fn spawn_app(engine: Engine) -> Option<TestApp> {
    spawn_app_with_policy(engine, |_| {}).await
}

/// Like [`spawn_app`], with the shipped policy copied to a temp dir and changed by `edit`
/// (given the policy directory) before start.
pub async fn spawn_app_with_policy(
    engine: Engine,
    edit: impl FnOnce(&std::path::Path),
) -> Option<TestApp> {
    spawn_app_with(engine, edit, |_| {}).await
}

/// Like [`spawn_app_with_policy`], with the settings changed by `tune` before start.
pub async fn spawn_app_with(
    engine: Engine,
    edit: impl FnOnce(&std::path::Path),
    tune: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    // Every server of this test binary logs at TRACE into the capture the log scan reads.
    crate::logs::capture();
    let data = tempfile::tempdir().expect("temp dir");
    let policy_dir = data.path().join("policies");
    std::fs::create_dir_all(&policy_dir).unwrap();
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, policy_dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    edit(&policy_dir);
    let (vault_url, behaviour_url) = match engine {
        Engine::Sqlite => (
            format!("sqlite://{}", data.path().join("vault.db").display()),
            format!("sqlite://{}", data.path().join("behaviour.db").display()),
        ),
        Engine::Postgres => {
            let admin = postgres_admin_url()?;
            (
                fresh_postgres_database(&admin).await,
                fresh_postgres_database(&admin).await,
            )
        }
    };
    let master_key_b64 = random_b64(32);
    let jwt_secret = SecretString::from(random_b64(48));
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.path().to_path_buf(),
        vault_database_url: DatabaseUrl::parse(vault_url.clone()).unwrap(),
        behaviour_database_url: DatabaseUrl::parse(behaviour_url.clone()).unwrap(),
        master_key: MasterKeySource::Inline(SecretString::from(master_key_b64.clone())),
        jwt_key: JwtKeySource::Secret(jwt_secret.clone()),
        jwt_issuer: ISSUER.into(),
        jwt_audience: AUDIENCE.into(),
        policy_dir,
        log_format: LogFormat::Pretty,
        retention_interval: None,
        // The recommendation model is rebuilt only when a scenario calls for it.
        recommendations_interval: None,
        // Scenarios send bursts with one token; the rate-limit test builds its own settings.
        rate_limit: None,
        server_limits: Default::default(),
        tls: None,
        // Apart from the stores, as an operator keeps it (beside the keys).
        erasure_journal: ErasureJournalSetting::Dir(data.path().join("erasure-journal")),
        key_provider: KeyProviderSetting::Local,
        key_cache_size: 0,
    };
    tune(&mut settings);
    let app = Application::build(&settings)
        .await
        .expect("application builds");
    let port = app.port();
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    Some(TestApp {
        engine,
        base: format!("http://127.0.0.1:{port}"),
        http: awc::Client::default(),
        jwt_secret,
        master_key_b64,
        vault_url,
        behaviour_url,
        data_dir: data.path().to_path_buf(),
        settings,
        _data: data,
        handle,
    })
}

/// A second server instance on the same databases and keys (scale-out).
pub struct Instance {
    pub base: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Instance {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// A response's status, headers and JSON body (Null when the body is not JSON).
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: awc::http::header::HeaderMap,
    pub body: Value,
    /// The body as text (for answers that are not JSON).
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl TestApp {
    /// Starts another server on the same stores, as a second node behind a load balancer.
    pub async fn another_instance(&self) -> Instance {
        let app = Application::build(&self.settings)
            .await
            .expect("second instance");
        let base = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        Instance { base, handle }
    }

    /// The erasure journal's directory (`CUSTODIA_ERASURE_JOURNAL_DIR` for a CLI run).
    /// The `custodia` binary set up for this app's stores, JWT secret, data directory,
    /// erasure journal and policy, under `keyring`; nothing inherited from the environment.
    pub fn cli(&self, keyring: &str) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_custodia"));
        c.env_clear()
            .env("CUSTODIA_VAULT_DATABASE_URL", &self.vault_url)
            .env("CUSTODIA_BEHAVIOUR_DATABASE_URL", &self.behaviour_url)
            .env("CUSTODIA_MASTER_KEY", keyring)
            .env("CUSTODIA_JWT_SECRET", self.jwt_secret.expose_secret())
            .env("CUSTODIA_DATA_DIR", &self.data_dir)
            .env("CUSTODIA_ERASURE_JOURNAL_DIR", self.erasure_journal_dir())
            .env("CUSTODIA_POLICY_DIR", &self.settings.policy_dir);
        c
    }

    /// [`TestApp::cli`] running `args`, with no input and its output captured.
    pub fn cli_piped(&self, keyring: &str, args: &[&str]) -> std::process::Command {
        let mut c = self.cli(keyring);
        c.args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    }

    pub fn erasure_journal_dir(&self) -> PathBuf {
        match &self.settings.erasure_journal {
            ErasureJournalSetting::Dir(dir) => dir.clone(),
            ErasureJournalSetting::Off => PathBuf::from("off"),
        }
    }

    /// Stops this app's HTTP server; its background jobs keep their (idle) connections.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }

    /// Starts a new server on the same stores and settings, as a restarted process, and points
    /// this app at it.
    pub async fn start(&mut self) {
        let app = Application::build(&self.settings)
            .await
            .expect("the app starts again");
        self.base = format!("http://127.0.0.1:{}", app.port());
        self.handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
    }

    /// A new app on other stores (a restored backup: `vault_url`, `behaviour_url`, their files
    /// in `data`) with this app's keys, tokens, policy and erasure journal; the start's error,
    /// as text with its causes, if it refuses.
    pub async fn on_stores(
        &self,
        vault_url: String,
        behaviour_url: String,
        data: tempfile::TempDir,
    ) -> Result<TestApp, String> {
        let mut settings = self.settings.clone();
        settings.vault_database_url =
            DatabaseUrl::parse(vault_url.clone()).expect("a database URL");
        settings.behaviour_database_url =
            DatabaseUrl::parse(behaviour_url.clone()).expect("a database URL");
        settings.data_dir = data.path().to_path_buf();
        let app = Application::build(&settings)
            .await
            .map_err(|e| format!("{e:#}"))?;
        let port = app.port();
        let handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        Ok(TestApp {
            engine: self.engine,
            base: format!("http://127.0.0.1:{port}"),
            http: awc::Client::default(),
            jwt_secret: self.jwt_secret.clone(),
            master_key_b64: self.master_key_b64.clone(),
            vault_url,
            behaviour_url,
            data_dir: data.path().to_path_buf(),
            settings,
            _data: data,
            handle,
        })
    }

    /// Starts another server on the same stores with settings changed by `tune` (another
    /// keyring, say); the build's error, as text with its causes, if it refuses to start.
    pub async fn instance_with(
        &self,
        tune: impl FnOnce(&mut Settings),
    ) -> Result<Instance, String> {
        let mut settings = self.settings.clone();
        tune(&mut settings);
        let app = Application::build(&settings)
            .await
            .map_err(|e| format!("{e:#}"))?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        actix_web::rt::spawn(app.run_until_stopped());
        Ok(Instance { base, handle })
    }

    pub fn token(&self, role: Role, sub: &str) -> String {
        custodia::auth::mint_hs256(&self.jwt_secret, sub, role, ISSUER, AUDIENCE, 300).unwrap()
    }

    /// This app's master key and token secret, which no log line may hold.
    pub fn key_material(&self) -> Vec<String> {
        vec![
            self.master_key_b64.clone(),
            self.jwt_secret.expose_secret().to_owned(),
        ]
    }

    /// The URLs of this app's two stores.
    pub fn store_urls(&self) -> Vec<String> {
        vec![self.vault_url.clone(), self.behaviour_url.clone()]
    }

    pub fn client_token(&self, client: &str) -> String {
        self.token(Role::Client, client)
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        purpose: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        self.send_to(&self.base, method, path, token, purpose, body, &[])
            .await
    }

    /// Sends to `base` (this or another instance) with extra headers.
    #[allow(clippy::too_many_arguments)]
    pub async fn send_to(
        &self,
        base: &str,
        method: &str,
        path: &str,
        token: Option<&str>,
        purpose: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(method, format!("{base}{path}"));
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        if let Some(p) = purpose {
            req = req.insert_header(("X-Purpose", p));
        }
        let mut res = match body {
            Some(b) => req.send_json(b).await,
            None => req.send().await,
        }
        .expect("request sent");
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let headers = res.headers().clone();
        let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body read");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            headers,
            body,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Creates a subject as client `crm` and returns its id.
    pub async fn create_subject(&self, body: &Value) -> String {
        let r = self
            .send(
                "POST",
                "/v1/subjects",
                Some(&self.client_token("crm")),
                None,
                Some(body),
            )
            .await;
        assert_eq!(r.status, 201, "create failed: {}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// Reads a subject as `client` for `purpose`.
    pub async fn read_subject(&self, client: &str, id: &str, purpose: &str) -> Reply {
        self.send(
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&self.client_token(client)),
            Some(purpose),
            None,
        )
        .await
    }

    /// Links a channel identifier (`kind`, `value`) to subject `id` as `client`.
    pub async fn link_identifier(&self, client: &str, id: &str, kind: &str, value: &str) -> Reply {
        self.send(
            "POST",
            &format!("/v1/subjects/{id}/identifiers"),
            Some(&self.client_token(client)),
            None,
            Some(&serde_json::json!({"type": kind, "value": value})),
        )
        .await
    }

    pub async fn audit(&self, query: &str) -> Vec<Value> {
        let r = self
            .send(
                "GET",
                &format!("/v1/audit{query}"),
                Some(&self.token(Role::Dpo, "dpo")),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["entries"].as_array().unwrap().clone()
    }

    pub async fn verify_audit(&self) -> Value {
        let r = self
            .send(
                "GET",
                "/v1/audit/verify",
                Some(&self.token(Role::Dpo, "dpo")),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    /// Runs SQL on the vault store outside the application; the database's error as text.
    pub async fn try_vault_sql(&self, sql: &str) -> Result<(), String> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.engine {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.vault_url)
                    .await
                    .unwrap();
                sqlx::raw_sql(sql).execute(&mut c).await.map(drop)
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.vault_url).await.unwrap();
                sqlx::raw_sql(sql).execute(&mut c).await.map(drop)
            }
        }
        .map_err(|e| e.to_string())
    }

    /// `SELECT COUNT(*) …` on the vault (`behaviour = false`) or behaviour store.
    pub async fn count(&self, behaviour: bool, sql: &str) -> i64 {
        let url = if behaviour {
            &self.behaviour_url
        } else {
            &self.vault_url
        };
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.engine {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
            }
        }
    }

    /// A subject id as a SQL literal of this engine's column type (SQLite: 16-byte blob).
    pub fn id_sql(&self, id: &str) -> String {
        match self.engine {
            Engine::Sqlite => format!("X'{}'", id.replace('-', "")),
            Engine::Postgres => format!("'{id}'::uuid"),
        }
    }

    /// Runs SQL on the vault store, outside the application (tests that tamper).
    pub async fn vault_sql(&self, sql: &str) {
        match self.engine {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.vault_url)
                    .await
                    .unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.vault_url).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
    }
}

/// A complete, valid customer whose values are unlikely to appear anywhere by chance.
pub fn jane(tag: u32) -> Value {
    serde_json::json!({
        "email": format!("Jane.Quillfeather.{tag}@Example.com"),
        "phone": format!("+49 151 {tag:08}"),
        "first_name": format!("Janequill{tag}"),
        "last_name": format!("Featherstonewall{tag}"),
        "birth_date": "1988-04-12",
        "language": "de-DE",
        "address": {
            "line1": "Gartenweg 7",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE"
        },
        "identifiers": [
            { "type": "loyalty_card", "value": format!("LC-{tag}") },
            { "type": "pos_customer", "value": format!("POS-{tag}") }
        ]
    })
}

/// Runs a command to its end without blocking the test's runtime (servers and readers live on
/// it).
pub async fn run_cli(mut cmd: std::process::Command) -> std::process::Output {
    let mut child = cmd.spawn().expect("custodia runs");
    while child.try_wait().unwrap().is_none() {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    child.wait_with_output().unwrap()
}

/// The JSON a command printed on stdout; its status and stderr in the panic otherwise.
pub fn cli_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "no JSON on stdout; status {:?}, stderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
