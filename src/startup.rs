//! Builds the running vault from settings: stores (migrated), keys, policy, audit writer,
//! token verifier, HTTP server. Tests build the same `Application` on port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

use crate::audit::AuditLog;
use crate::auth::{load_or_create_dev_secret, TokenVerifier};
use crate::config::{
    ErasureJournalSetting, JwtKeySource, KeyProviderSetting, MasterKeySource, Settings,
};
use crate::crypto::{
    load_or_create_key_file, BlindIndexer, CachingKeyProvider, JournalMac, KeyProvider, KeyRing,
    LocalKeyProvider, ReceiptSigner, TransitKeyProvider, WebhookSigner,
};
use crate::http::{configure, telemetry, tls, AppState, RateLimits};
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::service::{check_keyring, ServiceError, Vault};
use crate::store::{
    connect, BehaviourStore, Db, Engine, ErasureJournal, PurposeWindow, StoreKind, VaultStore,
};

pub struct Application {
    port: u16,
    server: Server,
    /// Its cached data keys are wiped when the server stops.
    keys: Arc<dyn KeyProvider>,
    /// The background WAL checkpoints, stopped with the server: nothing of a stopped server
    /// writes into the files an operator may now copy.
    checkpoints: Option<tokio::task::JoinHandle<()>>,
}

/// Opens both stores and applies their migrations.
pub async fn open_stores(settings: &Settings) -> anyhow::Result<(Db, Db)> {
    let uses_sqlite = [
        &settings.vault_database_url,
        &settings.behaviour_database_url,
    ]
    .iter()
    .any(|u| u.engine() == Engine::Sqlite);
    if uses_sqlite {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("cannot create data dir {}", settings.data_dir.display()))?;
    }
    let vault = connect(settings.vault_database_url.expose())
        .await
        .context("cannot open the vault database (CUSTODIA_VAULT_DATABASE_URL)")?;
    vault
        .migrate(StoreKind::Vault)
        .await
        .context("vault migrations failed")?;
    let behaviour = connect(settings.behaviour_database_url.expose())
        .await
        .context("cannot open the behaviour database (CUSTODIA_BEHAVIOUR_DATABASE_URL)")?;
    behaviour
        .migrate(StoreKind::Behaviour)
        .await
        .context("behaviour migrations failed")?;
    Ok((vault, behaviour))
}

/// Loads the master keys; in local mode with none configured, creates a dev key file.
pub fn load_keys(settings: &Settings) -> anyhow::Result<KeyRing> {
    match &settings.master_key {
        MasterKeySource::Inline(text) => KeyRing::parse(text.expose_secret())
            .context("CUSTODIA_MASTER_KEY is not a valid key or keyring"),
        MasterKeySource::File(path) => {
            let text = std::fs::read_to_string(path).with_context(|| {
                format!("cannot read CUSTODIA_MASTER_KEY_FILE {}", path.display())
            })?;
            KeyRing::parse(&text).with_context(|| {
                format!(
                    "CUSTODIA_MASTER_KEY_FILE {} is not a valid keyring",
                    path.display()
                )
            })
        }
        MasterKeySource::DevFile(path) => {
            let (ring, created) = load_or_create_key_file(path)
                .with_context(|| format!("development key file {}", path.display()))?;
            if created {
                tracing::warn!(
                    path = %path.display(),
                    "NO MASTER KEY CONFIGURED: created a development key file. Anyone who can \
                     read it can read the vault. Set CUSTODIA_MASTER_KEY or \
                     CUSTODIA_MASTER_KEY_FILE for real data, and back the key up: without it the \
                     data cannot be decrypted."
                );
            }
            Ok(ring)
        }
    }
}

/// Opens the erasure journal (every file read and verified: a line that does not verify
/// refuses the start), or warns loudly when it is off.
pub fn open_erasure_journal(settings: &Settings, ring: &KeyRing) -> anyhow::Result<ErasureJournal> {
    match &settings.erasure_journal {
        ErasureJournalSetting::Dir(dir) => {
            let mac = JournalMac::from_keyring(ring).context("erasure journal key")?;
            ErasureJournal::open(dir, mac).context(
                "the erasure journal (CUSTODIA_ERASURE_JOURNAL_DIR) cannot be used, so erasures \
                 cannot be guaranteed to stay done; start refused (docs/operations.md, \"The \
                 erasure journal\")",
            )
        }
        ErasureJournalSetting::Off => {
            tracing::warn!(
                "NO ERASURE JOURNAL (CUSTODIA_ERASURE_JOURNAL_DIR=off): restoring an older \
                 backup of the databases brings back every customer erased since it was taken, \
                 readable. Set CUSTODIA_ERASURE_JOURNAL_DIR to a directory kept with the keys \
                 (docs/operations.md)."
            );
            Ok(ErasureJournal::off())
        }
    }
}

/// The HS256 secret used for local tokens, if the vault verifies HS256 tokens.
pub fn local_jwt_secret(settings: &Settings) -> anyhow::Result<Option<SecretString>> {
    match &settings.jwt_key {
        JwtKeySource::Secret(s) => Ok(Some(s.clone())),
        JwtKeySource::DevSecretFile(path) => {
            let (secret, created) = load_or_create_dev_secret(path)?;
            if created {
                tracing::warn!(
                    path = %path.display(),
                    "no JWT key configured: generated a local HS256 secret; `custodia token` \
                     mints tokens with it. Use CUSTODIA_JWT_PUBLIC_KEY_FILE in production."
                );
            }
            Ok(Some(secret))
        }
        JwtKeySource::PublicKeyFile(_) => Ok(None),
    }
}

fn token_verifier(settings: &Settings) -> anyhow::Result<TokenVerifier> {
    let (iss, aud) = (&settings.jwt_issuer, &settings.jwt_audience);
    match (&settings.jwt_key, local_jwt_secret(settings)?) {
        (JwtKeySource::PublicKeyFile(path), _) => {
            Ok(TokenVerifier::public_key_pem(path, iss, aud)?)
        }
        (_, Some(secret)) => Ok(TokenVerifier::hs256(&secret, iss, aud)),
        (_, None) => anyhow::bail!("no JWT verification key"),
    }
}

/// The key provider `settings` name (`CUSTODIA_KEY_PROVIDER`), behind the data-key cache when
/// `CUSTODIA_KEY_CACHE_SIZE` is not 0. Another provider (a cloud KMS) is one more arm here.
pub fn key_provider(
    settings: &Settings,
    ring: &KeyRing,
    metrics: &Metrics,
) -> anyhow::Result<Arc<dyn KeyProvider>> {
    let inner: Arc<dyn KeyProvider> = match &settings.key_provider {
        KeyProviderSetting::Local => Arc::new(LocalKeyProvider::new(ring).context("master keys")?),
        KeyProviderSetting::Transit(config) => {
            Arc::new(TransitKeyProvider::new(config.clone()).context("the Transit key provider")?)
        }
    };
    if settings.key_cache_size == 0 {
        return Ok(inner);
    }
    Ok(Arc::new(CachingKeyProvider::new(
        inner,
        settings.key_cache_size,
        metrics.key_cache_counters(),
    )))
}

/// The vault's use cases over opened, migrated stores, with their keys and policy: what the
/// server serves, and what offline commands (`demo seed`) drive directly.
pub struct BuiltVault {
    pub vault: Vault,
    pub vault_db: Db,
    pub behaviour_db: Db,
    pub metrics: Metrics,
}

/// Builds the vault after [`check_keyring`]: a keyring that lacks a master key version some
/// data key is still wrapped under, or that gives another blind-index key or derivation root
/// than this vault recorded, is refused with the reason, before anything is served or written.
/// So is an erasure journal with a line that does not verify.
pub async fn build_vault(settings: &Settings) -> anyhow::Result<BuiltVault> {
    let policy = Policy::load(&settings.policy_dir).context("policy")?;
    let ring = load_keys(settings)?;
    let (vault_db, behaviour_db) = open_stores(settings).await?;
    let metrics = Metrics::new().context("metrics registry")?;
    let keys = key_provider(settings, &ring, &metrics)?;
    check_keyring(&VaultStore::new(vault_db.clone()), &ring, keys.as_ref())
        .await
        .context("the keyring does not fit this vault")?;
    let journal = open_erasure_journal(settings, &ring)?;
    let index = BlindIndexer::rotating(
        ring.index_key(),
        ring.next_index_key(),
        ring.retired_index_key(),
    );
    let receipts = ReceiptSigner::from_keyring(&ring).context("receipt signing key")?;
    let webhooks = WebhookSigner::from_keyring(
        &ring,
        policy
            .clients()
            .filter(|c| c.webhook_url.is_some())
            .map(|c| c.id.as_str()),
    )
    .context("webhook signing keys")?;
    drop(ring);
    // The per-purpose aggregates of the behaviour store: one window per purpose.
    let windows: Vec<PurposeWindow> = policy
        .purposes()
        .map(|p| PurposeWindow {
            purpose: p.id.as_str().to_owned(),
            retention_days: p.retention_days,
            from_year_end: p.retention_from_year_end,
        })
        .collect();
    let store = VaultStore::new(vault_db.clone());
    let audit = AuditLog::start(store.clone(), metrics.clone());
    let vault = Vault::new(
        store,
        keys,
        index,
        Arc::new(policy),
        audit,
        Arc::new(receipts),
        BehaviourStore::new(behaviour_db.clone(), windows),
        Arc::new(webhooks),
        journal,
    );
    Ok(BuiltVault {
        vault,
        vault_db,
        behaviour_db,
        metrics,
    })
}

impl Application {
    /// Binds `settings.listen` (port 0 picks a free port) and builds everything.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();

        let verifier = token_verifier(settings)?;
        let built = build_vault(settings).await?;
        // A merge whose events a previous process did not move yet is completed first, then
        // an erasure it left half-done is finished, before serving.
        let merges = built
            .vault
            .resume_merges()
            .await
            .map_err(|e| anyhow::anyhow!("resuming interrupted merges: {e}"))?;
        if merges > 0 {
            tracing::warn!(merges, "completed the event moves of interrupted merges");
        }
        let tagged = built
            .vault
            .tag_untagged_events()
            .await
            .map_err(|e| anyhow::anyhow!("recording the purposes of stored events: {e}"))?;
        if tagged > 0 {
            tracing::warn!(tagged, "recorded the purposes of events stored before 0006");
        }
        let resumed = built
            .vault
            .resume_erasures()
            .await
            .map_err(|e| anyhow::anyhow!("resuming interrupted erasures: {e}"))?;
        if resumed > 0 {
            tracing::warn!(resumed, "finished interrupted erasures");
        }
        // Stores restored from an older backup get back in line with the erasure journal.
        let journal = built
            .vault
            .apply_erasure_journal()
            .await
            .map_err(|e| match e {
                ServiceError::Internal(cause) => cause.context("re-applying the erasure journal"),
                other => anyhow::anyhow!("re-applying the erasure journal: {other}"),
            })?;
        if journal.reapplied_any() {
            tracing::warn!(
                erasures = journal.erasures_reapplied,
                subjects = journal.subjects_erased,
                blocks = journal.blocks_reapplied,
                "re-applied journalled erasures the stores had lost (restored from an older backup?)"
            );
        }
        if journal.entries_added > 0 {
            tracing::warn!(
                entries = journal.entries_added,
                "journalled erasures the erasure journal lacked (made before it existed, or a \
                 journal that lost lines)"
            );
        }
        // SQLite's write-ahead logs are checkpointed here, not by the request whose commit
        // crosses the threshold.
        let checkpoints = built
            .vault
            .spawn_wal_checkpoints(std::time::Duration::from_secs(1));
        if let Some(every) = settings.retention_interval {
            built.vault.spawn_retention(every);
        }
        // The recommendation model: built now, in the background, and then on the interval.
        if let Some(every) = settings.recommendations_interval {
            built.vault.spawn_recommendations(every);
        }
        // Recipient notifications (Art. 19): deliver what is due every 10 seconds.
        crate::service::spawn_notifier(built.vault.clone(), std::time::Duration::from_secs(10));
        // Marketing automation: the enabled rules of triggers.toml, every minute.
        if built.vault.policy().triggers().iter().any(|t| t.enabled) {
            crate::service::spawn_triggers(built.vault.clone(), std::time::Duration::from_secs(60));
        }
        let client_rates: Vec<(String, std::num::NonZeroU32)> = built
            .vault
            .policy()
            .clients()
            .filter_map(|c| Some((c.id.as_str().to_owned(), c.requests_per_second?)))
            .collect();
        let keys = built.vault.keys.clone();
        let state = web::Data::new(AppState {
            vault: built.vault,
            verifier,
            metrics: built.metrics,
            rate_limits: RateLimits::new(settings.rate_limit, client_rates),
        });
        spawn_rate_limit_sweeper(state.clone());

        let https = settings.tls.is_some();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(Compress::default())
                .wrap(security_headers(https))
                .wrap(from_fn(telemetry))
                .configure(configure)
        })
        .max_connections(settings.server_limits.max_connections)
        .client_request_timeout(settings.server_limits.request_timeout)
        .keep_alive(settings.server_limits.request_timeout);
        let server = match &settings.tls {
            Some(files) => server.listen_rustls_0_23(listener, tls::server_config(files)?)?,
            None => server.listen(listener)?,
        }
        .run();
        tracing::info!(port, tls = settings.tls.is_some(), "custodia listening");
        Ok(Self {
            port,
            server,
            keys,
            checkpoints,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server (tests, signals).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stopped = self.server.await;
        if let Some(checkpoints) = &self.checkpoints {
            checkpoints.abort();
        }
        self.keys.clear();
        stopped
    }
}

/// Headers on every response: personal data must not be cached or sniffed or framed.
fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Cache-Control", "no-store"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            "Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'",
        ));
    // HSTS only means something over HTTPS (browsers ignore it on plain HTTP).
    if https {
        headers.add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        headers
    }
}

/// Every minute, forgets the rate-limit buckets of callers that have been idle long enough
/// for their bucket to be full again.
fn spawn_rate_limit_sweeper(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            state.rate_limits.forget_idle();
        }
    });
}
