//! Settings from the environment (names in README and `../shared/design.md` §8). Every secret
//! can come from `X` or from a file named by `X_FILE`; secrets are held as `SecretString` and
//! never printed. [`Settings::from_env`] fails fast with a message naming the bad variable.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use crate::store::Engine;

#[derive(Debug, thiserror::Error)]
#[error("configuration: {var}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

fn bad(var: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        reason: reason.into(),
    }
}

/// Where the master keys (KEKs and the blind-index key) come from.
#[derive(Debug, Clone)]
pub enum MasterKeySource {
    /// `CUSTODIA_MASTER_KEY`: a base64 key or a keyring text.
    Inline(SecretString),
    /// `CUSTODIA_MASTER_KEY_FILE`: a keyring file that must exist.
    File(PathBuf),
    /// Neither set, local (SQLite) mode: a development key file in the data dir, created on
    /// first start with a warning.
    DevFile(PathBuf),
}

/// How bearer tokens are verified.
#[derive(Debug, Clone)]
pub enum JwtKeySource {
    /// HS256 shared secret (`CUSTODIA_JWT_SECRET` or `_FILE`), for local use.
    Secret(SecretString),
    /// RS256 or EdDSA public key in PEM (`CUSTODIA_JWT_PUBLIC_KEY_FILE`), for production.
    PublicKeyFile(PathBuf),
    /// Nothing set, local mode: an HS256 secret generated into the data dir on first start;
    /// `custodia token` uses the same file.
    DevSecretFile(PathBuf),
}

/// `CUSTODIA_RATE_LIMIT_PER_SECOND` and `CUSTODIA_RATE_LIMIT_BURST`: what each caller (one
/// token subject) may send; more answers 429 with `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

/// Connection-level limits of the HTTP server, against slow or piled-up clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// `CUSTODIA_MAX_CONNECTIONS`: open connections per worker thread; more wait in the
    /// listen backlog.
    pub max_connections: usize,
    /// `CUSTODIA_REQUEST_TIMEOUT_SECONDS`: a client must send a request's head within this,
    /// and idle keep-alive connections are closed after it.
    pub request_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// `CUSTODIA_TLS_CERT_FILE` and `CUSTODIA_TLS_KEY_FILE`: serve HTTPS (rustls) with this PEM
/// certificate chain and private key instead of plain HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert_chain: PathBuf,
    pub private_key: PathBuf,
}

/// `CUSTODIA_ERASURE_JOURNAL_DIR`: where the erasure journal lives (`store/journal.rs`), kept
/// apart from the stores so that a restored backup of them cannot bring erased customers back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasureJournalSetting {
    /// A directory every instance on the same stores can read and write. Local mode
    /// default: `erasure-journal` in the data directory, beside `master.key`.
    Dir(PathBuf),
    /// `off`: no journal; every start warns that a restored backup can bring erased
    /// customers back.
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub vault_database_url: DatabaseUrl,
    pub behaviour_database_url: DatabaseUrl,
    pub master_key: MasterKeySource,
    pub jwt_key: JwtKeySource,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub policy_dir: PathBuf,
    pub log_format: LogFormat,
    /// `CUSTODIA_RETENTION_INTERVAL_HOURS`: run retention inside `serve` this often (off when
    /// unset; `custodia retention run` from a scheduler is the alternative).
    pub retention_interval: Option<std::time::Duration>,
    /// `CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES`: rebuild the recommendation model inside
    /// `serve` at start and then this often (default 60 minutes; `0` turns it off).
    pub recommendations_interval: Option<std::time::Duration>,
    /// Per-caller rate limit; `None` when `CUSTODIA_RATE_LIMIT_PER_SECOND=0`.
    pub rate_limit: Option<RateLimit>,
    pub server_limits: ServerLimits,
    pub tls: Option<TlsFiles>,
    pub erasure_journal: ErasureJournalSetting,
    /// `CUSTODIA_KEY_PROVIDER`: who wraps the subjects' data keys.
    pub key_provider: KeyProviderSetting,
    /// `CUSTODIA_KEY_CACHE_SIZE`: unwrapped data keys kept in memory (`0`: none). Defaults to
    /// [`DEFAULT_KEY_CACHE_SIZE`] with Transit and to `0` with the local keyring.
    pub key_cache_size: usize,
}

/// The data-key cache size with an external key service when none is configured.
pub const DEFAULT_KEY_CACHE_SIZE: usize = 10_000;

/// Who wraps the subjects' data keys (`CUSTODIA_KEY_PROVIDER`).
#[derive(Debug, Clone)]
pub enum KeyProviderSetting {
    /// `local` (the default): the master keys of the keyring.
    Local,
    /// `transit`: HashiCorp Vault / OpenBao Transit (`crypto/transit.rs`).
    Transit(crate::crypto::TransitConfig),
}

impl KeyProviderSetting {
    /// Reads `CUSTODIA_KEY_PROVIDER` and, for `transit`, the `CUSTODIA_TRANSIT_*` settings.
    fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        match get("CUSTODIA_KEY_PROVIDER").as_deref().map(str::trim) {
            None | Some("local") => Ok(KeyProviderSetting::Local),
            Some("transit") => {
                let addr = get("CUSTODIA_TRANSIT_ADDR")
                    .map(|a| a.trim().trim_end_matches('/').to_owned())
                    .filter(|a| a.starts_with("https://") || a.starts_with("http://"))
                    .ok_or_else(|| {
                        bad(
                            "CUSTODIA_TRANSIT_ADDR",
                            "required with CUSTODIA_KEY_PROVIDER=transit: the address of \
                             Vault/OpenBao, like https://vault.internal:8200",
                        )
                    })?;
                let key = get("CUSTODIA_TRANSIT_KEY")
                    .map(|k| k.trim().to_owned())
                    .filter(|k| is_path_segment(k))
                    .ok_or_else(|| {
                        bad(
                            "CUSTODIA_TRANSIT_KEY",
                            "required with CUSTODIA_KEY_PROVIDER=transit: the Transit key's \
                             name (letters, digits, `-`, `_`, `.`)",
                        )
                    })?;
                let mount = get("CUSTODIA_TRANSIT_MOUNT")
                    .map(|m| m.trim().trim_matches('/').to_owned())
                    .unwrap_or_else(|| "transit".into());
                if !mount.split('/').all(is_path_segment) {
                    return Err(bad(
                        "CUSTODIA_TRANSIT_MOUNT",
                        "must be a mount path like `transit` or `team/transit`",
                    ));
                }
                let token = match (
                    get("CUSTODIA_TRANSIT_TOKEN"),
                    get("CUSTODIA_TRANSIT_TOKEN_FILE"),
                ) {
                    (Some(t), None) => SecretString::from(t.trim().to_owned()),
                    (None, Some(f)) => {
                        let t = std::fs::read_to_string(&f).map_err(|e| {
                            bad(
                                "CUSTODIA_TRANSIT_TOKEN_FILE",
                                format!("cannot read {f}: {}", e.kind()),
                            )
                        })?;
                        if t.trim().is_empty() {
                            return Err(bad("CUSTODIA_TRANSIT_TOKEN_FILE", "the file is empty"));
                        }
                        SecretString::from(t.trim().to_owned())
                    }
                    (Some(_), Some(_)) => {
                        return Err(bad(
                            "CUSTODIA_TRANSIT_TOKEN",
                            "set either CUSTODIA_TRANSIT_TOKEN or CUSTODIA_TRANSIT_TOKEN_FILE, \
                             not both",
                        ))
                    }
                    (None, None) => {
                        return Err(bad(
                            "CUSTODIA_TRANSIT_TOKEN",
                            "required with CUSTODIA_KEY_PROVIDER=transit (or \
                             CUSTODIA_TRANSIT_TOKEN_FILE)",
                        ))
                    }
                };
                let timeout = whole_number(get, "CUSTODIA_TRANSIT_TIMEOUT_MS", 50, 120_000)?
                    .map_or(Duration::from_secs(5), |ms| {
                        Duration::from_millis(u64::from(ms))
                    });
                Ok(KeyProviderSetting::Transit(crate::crypto::TransitConfig {
                    addr,
                    mount,
                    key,
                    token,
                    timeout,
                }))
            }
            Some(_) => Err(bad("CUSTODIA_KEY_PROVIDER", "must be `local` or `transit`")),
        }
    }
}

/// A URL path segment that needs no escaping.
fn is_path_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s != "."
        && s != ".."
}

/// How often `serve` rebuilds the recommendation model when nothing is configured.
pub const DEFAULT_RECOMMENDATIONS_MINUTES: u64 = 60;

/// Default per-caller rate: generous for a CRM's bulk reads, a wall for a runaway loop. The
/// burst defaults to twice the rate.
pub const DEFAULT_RATE_PER_SECOND: u32 = 500;
const TWO: NonZeroU32 = NonZeroU32::MIN.saturating_add(1);

/// The burst that goes with a rate when none is given: twice the rate (the server-wide
/// default and a client's own `requests_per_second` alike).
pub fn default_burst(per_second: NonZeroU32) -> NonZeroU32 {
    per_second.saturating_mul(TWO)
}

/// The shortest HS256 secret accepted (RFC 7518 §3.2: at least the hash size).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let listen_raw = get("CUSTODIA_LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen = listen_raw
            .parse()
            .map_err(|_| bad("CUSTODIA_LISTEN", "must be an address like 127.0.0.1:8080"))?;
        let data_dir = PathBuf::from(get("CUSTODIA_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let vault_database_url = database_url(
            &get,
            "CUSTODIA_VAULT_DATABASE_URL",
            "CUSTODIA_VAULT_DATABASE_URL_FILE",
            &data_dir,
            "vault.db",
        )?;
        let behaviour_database_url = database_url(
            &get,
            "CUSTODIA_BEHAVIOUR_DATABASE_URL",
            "CUSTODIA_BEHAVIOUR_DATABASE_URL_FILE",
            &data_dir,
            "behaviour.db",
        )?;
        // Local mode: the vault on SQLite. Outside it, keys must be configured explicitly.
        let local = vault_database_url.engine() == Engine::Sqlite;

        let master_key =
            match (get("CUSTODIA_MASTER_KEY"), get("CUSTODIA_MASTER_KEY_FILE")) {
                (Some(_), Some(_)) => {
                    return Err(bad(
                        "CUSTODIA_MASTER_KEY",
                        "set either CUSTODIA_MASTER_KEY or CUSTODIA_MASTER_KEY_FILE, not both",
                    ))
                }
                (Some(k), None) => MasterKeySource::Inline(SecretString::from(k)),
                (None, Some(f)) => MasterKeySource::File(PathBuf::from(f)),
                (None, None) if local => MasterKeySource::DevFile(data_dir.join("master.key")),
                (None, None) => return Err(bad(
                    "CUSTODIA_MASTER_KEY",
                    "required when the vault is not on local SQLite (or CUSTODIA_MASTER_KEY_FILE)",
                )),
            };

        let jwt_key = match (
            get("CUSTODIA_JWT_SECRET"),
            get("CUSTODIA_JWT_SECRET_FILE"),
            get("CUSTODIA_JWT_PUBLIC_KEY_FILE"),
        ) {
            (Some(s), None, None) => JwtKeySource::Secret(checked_secret(s)?),
            (None, Some(f), None) => {
                let s = std::fs::read_to_string(&f).map_err(|e| {
                    bad("CUSTODIA_JWT_SECRET_FILE", format!("cannot read {f}: {e}"))
                })?;
                JwtKeySource::Secret(checked_secret(s.trim().to_owned())?)
            }
            (None, None, Some(f)) => JwtKeySource::PublicKeyFile(PathBuf::from(f)),
            (None, None, None) if local => JwtKeySource::DevSecretFile(data_dir.join("jwt.secret")),
            (None, None, None) => {
                return Err(bad(
                    "CUSTODIA_JWT_PUBLIC_KEY_FILE",
                    "a JWT key is required when the vault is not on local SQLite",
                ))
            }
            _ => {
                return Err(bad(
                    "CUSTODIA_JWT_SECRET",
                    "set only one of CUSTODIA_JWT_SECRET, CUSTODIA_JWT_SECRET_FILE, \
                     CUSTODIA_JWT_PUBLIC_KEY_FILE",
                ))
            }
        };

        // Outside local mode there is no place the vault may assume is apart from the stores
        // and shared by every instance: the operator names it, or says `off` knowingly.
        let erasure_journal =
            match get("CUSTODIA_ERASURE_JOURNAL_DIR") {
                Some(v) if v.trim() == "off" => ErasureJournalSetting::Off,
                Some(v) => ErasureJournalSetting::Dir(PathBuf::from(v.trim())),
                None if local => ErasureJournalSetting::Dir(data_dir.join("erasure-journal")),
                None => return Err(bad(
                    "CUSTODIA_ERASURE_JOURNAL_DIR",
                    "required when the vault is not on local SQLite: a directory kept with the \
                     keys, apart from the database backups, that every instance can write \
                     (docs/operations.md); `off` runs without it, and a restored backup of the \
                     databases can then bring erased customers back",
                )),
            };

        let log_format = match get("CUSTODIA_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(bad("CUSTODIA_LOG_FORMAT", "must be 'pretty' or 'json'")),
        };

        let retention_interval = get("CUSTODIA_RETENTION_INTERVAL_HOURS")
            .map(|h| {
                h.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|h| (1..=24 * 365).contains(h))
                    .map(|h| std::time::Duration::from_secs(h * 3600))
                    .ok_or_else(|| {
                        bad(
                            "CUSTODIA_RETENTION_INTERVAL_HOURS",
                            "must be a whole number of hours from 1 to 8760",
                        )
                    })
            })
            .transpose()?;

        let recommendations_interval = match get("CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES") {
            None => Some(std::time::Duration::from_secs(
                DEFAULT_RECOMMENDATIONS_MINUTES * 60,
            )),
            Some(m) => match m.trim().parse::<u64>() {
                Ok(0) => None,
                Ok(m) if m <= 7 * 24 * 60 => Some(std::time::Duration::from_secs(m * 60)),
                _ => {
                    return Err(bad(
                        "CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES",
                        "must be a whole number of minutes from 0 (off) to 10080",
                    ))
                }
            },
        };

        let key_provider = KeyProviderSetting::from_lookup(&get)?;

        Ok(Settings {
            listen,
            data_dir,
            vault_database_url,
            behaviour_database_url,
            master_key,
            jwt_key,
            jwt_issuer: get("CUSTODIA_JWT_ISSUER").unwrap_or_else(|| "custodia".into()),
            jwt_audience: get("CUSTODIA_JWT_AUDIENCE").unwrap_or_else(|| "custodia".into()),
            policy_dir: PathBuf::from(
                get("CUSTODIA_POLICY_DIR").unwrap_or_else(|| "./policies".into()),
            ),
            log_format,
            retention_interval,
            recommendations_interval,
            rate_limit: rate_limit(&get)?,
            server_limits: ServerLimits {
                max_connections: whole_number(&get, "CUSTODIA_MAX_CONNECTIONS", 1, 1_000_000)?
                    .map_or(ServerLimits::default().max_connections, |n| n as usize),
                request_timeout: whole_number(&get, "CUSTODIA_REQUEST_TIMEOUT_SECONDS", 1, 3600)?
                    .map_or(ServerLimits::default().request_timeout, |n| {
                        Duration::from_secs(u64::from(n))
                    }),
            },
            tls: tls_files(&get)?,
            erasure_journal,
            key_cache_size: whole_number(&get, "CUSTODIA_KEY_CACHE_SIZE", 0, 10_000_000)?
                .map_or_else(
                    || match key_provider {
                        KeyProviderSetting::Local => 0,
                        KeyProviderSetting::Transit(_) => DEFAULT_KEY_CACHE_SIZE,
                    },
                    |n| n as usize,
                ),
            key_provider,
        })
    }
}

/// A whole number in `min..=max` from `var`, or `None` when unset.
fn whole_number(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    min: u32,
    max: u32,
) -> Result<Option<u32>, ConfigError> {
    get(var)
        .map(|v| {
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| bad(var, format!("must be a whole number from {min} to {max}")))
        })
        .transpose()
}

fn rate_limit(get: &impl Fn(&str) -> Option<String>) -> Result<Option<RateLimit>, ConfigError> {
    let per_second = whole_number(get, "CUSTODIA_RATE_LIMIT_PER_SECOND", 0, 1_000_000)?
        .unwrap_or(DEFAULT_RATE_PER_SECOND);
    let Some(per_second) = NonZeroU32::new(per_second) else {
        return Ok(None);
    };
    let burst = whole_number(get, "CUSTODIA_RATE_LIMIT_BURST", 1, 10_000_000)?
        .and_then(NonZeroU32::new)
        .unwrap_or(default_burst(per_second));
    Ok(Some(RateLimit { per_second, burst }))
}

fn tls_files(get: &impl Fn(&str) -> Option<String>) -> Result<Option<TlsFiles>, ConfigError> {
    match (get("CUSTODIA_TLS_CERT_FILE"), get("CUSTODIA_TLS_KEY_FILE")) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => Ok(Some(TlsFiles {
            cert_chain: PathBuf::from(cert),
            private_key: PathBuf::from(key),
        })),
        (Some(_), None) => Err(bad(
            "CUSTODIA_TLS_KEY_FILE",
            "must be set together with CUSTODIA_TLS_CERT_FILE",
        )),
        (None, Some(_)) => Err(bad(
            "CUSTODIA_TLS_CERT_FILE",
            "must be set together with CUSTODIA_TLS_KEY_FILE",
        )),
    }
}

fn checked_secret(s: String) -> Result<SecretString, ConfigError> {
    if s.len() < MIN_JWT_SECRET_BYTES {
        return Err(bad(
            "CUSTODIA_JWT_SECRET",
            format!("must be at least {MIN_JWT_SECRET_BYTES} bytes"),
        ));
    }
    Ok(SecretString::from(s))
}

/// A database URL. It may carry a password (in its user part or its query), so `Debug` shows
/// it without either, and nothing else prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    engine: Engine,
}

impl DatabaseUrl {
    /// The URL, if it names an engine custodia speaks (`sqlite:` or `postgres://`).
    pub fn parse(url: impl Into<String>) -> Option<Self> {
        let url = url.into();
        let engine = Engine::from_url(&url)?;
        Some(Self { url, engine })
    }

    /// The URL itself, for connecting; never for a log line.
    pub fn expose(&self) -> &str {
        &self.url
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The URL with the password and the query (which may hold `password=`) masked.
    fn redacted(&self) -> String {
        let (base, query) = match self.url.split_once('?') {
            Some((base, _)) => (base, "?…"),
            None => (self.url.as_str(), ""),
        };
        let Some((scheme, rest)) = base.split_once("://") else {
            return format!("{base}{query}");
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let authority = match authority.rsplit_once('@') {
            Some((user_info, host)) => match user_info.split_once(':') {
                Some((user, _password)) => format!("{user}:***@{host}"),
                None => format!("{user_info}@{host}"),
            },
            None => authority.to_owned(),
        };
        format!("{scheme}://{authority}{path}{query}")
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

/// The URL from `var`, or read from the file `file_var` names (a container secret), or the
/// SQLite file `file` in the data directory when neither is set.
fn database_url(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    file_var: &'static str,
    data_dir: &Path,
    file: &str,
) -> Result<DatabaseUrl, ConfigError> {
    let given = match (get(var), get(file_var)) {
        (Some(_), Some(_)) => {
            return Err(bad(
                var,
                format!("set either {var} or {file_var}, not both"),
            ))
        }
        (Some(url), None) => Some((var, url)),
        (None, Some(path)) => {
            let url = std::fs::read_to_string(&path)
                .map_err(|e| bad(file_var, format!("cannot read {path}: {}", e.kind())))?;
            Some((file_var, url.trim().to_owned()))
        }
        (None, None) => None,
    };
    match given {
        Some((source, url)) => DatabaseUrl::parse(url).ok_or_else(|| {
            bad(
                source,
                "must start with sqlite: or postgres:// (the value is not shown: it may hold a \
                 password)",
            )
        }),
        None => Ok(DatabaseUrl {
            url: format!("sqlite://{}", data_dir.join(file).display()),
            engine: Engine::Sqlite,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn the_key_provider_is_local_by_default_and_transit_needs_its_settings() {
        let s = settings(&[]).unwrap();
        assert!(matches!(s.key_provider, KeyProviderSetting::Local));
        assert_eq!(s.key_cache_size, 0);

        let transit = [
            ("CUSTODIA_KEY_PROVIDER", "transit"),
            ("CUSTODIA_TRANSIT_ADDR", "https://vault.internal:8200/"),
            ("CUSTODIA_TRANSIT_KEY", "custodia"),
            ("CUSTODIA_TRANSIT_TOKEN", "hvs.do-not-print-me"),
        ];
        let s = settings(&transit).unwrap();
        let KeyProviderSetting::Transit(t) = &s.key_provider else {
            panic!("transit expected");
        };
        assert_eq!(t.addr, "https://vault.internal:8200");
        assert_eq!(t.mount, "transit");
        assert_eq!(t.timeout, Duration::from_secs(5));
        assert_eq!(s.key_cache_size, DEFAULT_KEY_CACHE_SIZE);
        assert!(!format!("{s:?}").contains("do-not-print-me"));

        let mut more = transit.to_vec();
        more.extend([
            ("CUSTODIA_TRANSIT_MOUNT", "/team/transit/"),
            ("CUSTODIA_TRANSIT_TIMEOUT_MS", "250"),
            ("CUSTODIA_KEY_CACHE_SIZE", "0"),
        ]);
        let s = settings(&more).unwrap();
        let KeyProviderSetting::Transit(t) = &s.key_provider else {
            panic!("transit expected");
        };
        assert_eq!(t.mount, "team/transit");
        assert_eq!(t.timeout, Duration::from_millis(250));
        assert_eq!(s.key_cache_size, 0);

        for (drop, var) in [
            ("CUSTODIA_TRANSIT_ADDR", "CUSTODIA_TRANSIT_ADDR"),
            ("CUSTODIA_TRANSIT_KEY", "CUSTODIA_TRANSIT_KEY"),
            ("CUSTODIA_TRANSIT_TOKEN", "CUSTODIA_TRANSIT_TOKEN"),
        ] {
            let without: Vec<_> = transit
                .iter()
                .copied()
                .filter(|(k, _)| *k != drop)
                .collect();
            assert_eq!(settings(&without).unwrap_err().var, var);
        }
        let mut bad_key = transit.to_vec();
        bad_key[2] = ("CUSTODIA_TRANSIT_KEY", "../sys");
        assert_eq!(settings(&bad_key).unwrap_err().var, "CUSTODIA_TRANSIT_KEY");
        let mut both = transit.to_vec();
        both.push(("CUSTODIA_TRANSIT_TOKEN_FILE", "/run/secrets/token"));
        let err = settings(&both).unwrap_err();
        assert!(!err.to_string().contains("do-not-print-me"));
        let err = settings(&[("CUSTODIA_KEY_PROVIDER", "kms")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_KEY_PROVIDER");
    }

    #[test]
    fn defaults_are_local_sqlite_with_dev_keys() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.vault_database_url.expose(), "sqlite://./data/vault.db");
        assert_eq!(
            s.behaviour_database_url.expose(),
            "sqlite://./data/behaviour.db"
        );
        assert!(matches!(s.master_key, MasterKeySource::DevFile(_)));
        assert!(matches!(s.jwt_key, JwtKeySource::DevSecretFile(_)));
        assert_eq!(s.jwt_issuer, "custodia");
    }

    #[test]
    fn recommendations_rebuild_hourly_by_default_or_off() {
        let hour = std::time::Duration::from_secs(3600);
        assert_eq!(settings(&[]).unwrap().recommendations_interval, Some(hour));
        let s = settings(&[("CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES", "0")]).unwrap();
        assert!(s.recommendations_interval.is_none());
        let s = settings(&[("CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES", "15")]).unwrap();
        assert_eq!(
            s.recommendations_interval,
            Some(std::time::Duration::from_secs(900))
        );
        for bad in ["-1", "hourly", "10081"] {
            let err = settings(&[("CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES", bad)]).unwrap_err();
            assert_eq!(err.var, "CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES");
        }
    }

    #[test]
    fn retention_interval_is_hours_or_off() {
        assert!(settings(&[]).unwrap().retention_interval.is_none());
        let s = settings(&[("CUSTODIA_RETENTION_INTERVAL_HOURS", "24")]).unwrap();
        assert_eq!(
            s.retention_interval,
            Some(std::time::Duration::from_secs(86_400))
        );
        let err = settings(&[("CUSTODIA_RETENTION_INTERVAL_HOURS", "0")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_RETENTION_INTERVAL_HOURS");
        assert!(settings(&[("CUSTODIA_RETENTION_INTERVAL_HOURS", "daily")]).is_err());
    }

    #[test]
    fn database_urls_come_from_a_file_and_never_show_their_password() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vault-url");
        std::fs::write(
            &file,
            "postgres://custodia:hunter2@db:5432/vault?password=x2\n",
        )
        .unwrap();
        let path = file.to_str().unwrap();
        let s = settings(&[
            ("CUSTODIA_VAULT_DATABASE_URL_FILE", path),
            ("CUSTODIA_MASTER_KEY", "a"),
            (
                "CUSTODIA_JWT_SECRET",
                "a-test-secret-of-at-least-32-bytes!!",
            ),
            ("CUSTODIA_ERASURE_JOURNAL_DIR", "/srv/keys/erasure-journal"),
        ])
        .unwrap();
        assert_eq!(
            s.vault_database_url.expose(),
            "postgres://custodia:hunter2@db:5432/vault?password=x2"
        );
        assert_eq!(s.vault_database_url.engine(), Engine::Postgres);
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("x2"),
            "{shown}"
        );
        assert!(
            shown.contains("postgres://custodia:***@db:5432/vault?…"),
            "{shown}"
        );

        let err = settings(&[
            ("CUSTODIA_VAULT_DATABASE_URL_FILE", path),
            ("CUSTODIA_VAULT_DATABASE_URL", "sqlite://v.db"),
        ])
        .unwrap_err();
        assert_eq!(err.var, "CUSTODIA_VAULT_DATABASE_URL");
        let err = settings(&[(
            "CUSTODIA_BEHAVIOUR_DATABASE_URL_FILE",
            dir.path().join("missing").to_str().unwrap(),
        )])
        .unwrap_err();
        assert_eq!(err.var, "CUSTODIA_BEHAVIOUR_DATABASE_URL_FILE");
        std::fs::write(&file, "mysql://u:hunter2@h/db").unwrap();
        let err = settings(&[("CUSTODIA_VAULT_DATABASE_URL_FILE", path)]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_VAULT_DATABASE_URL_FILE");
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn the_erasure_journal_is_in_the_data_dir_locally_and_required_elsewhere() {
        let s = settings(&[("CUSTODIA_DATA_DIR", "/var/lib/custodia")]).unwrap();
        assert_eq!(
            s.erasure_journal,
            ErasureJournalSetting::Dir(PathBuf::from("/var/lib/custodia/erasure-journal"))
        );
        let pg = [
            ("CUSTODIA_VAULT_DATABASE_URL", "postgres://u:pw@h/db"),
            ("CUSTODIA_MASTER_KEY", "a"),
            ("CUSTODIA_JWT_PUBLIC_KEY_FILE", "jwt.pem"),
        ];
        let err = settings(&pg).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_ERASURE_JOURNAL_DIR");
        assert!(err.reason.contains("off"), "{err}");
        let with = |v: &'static str| {
            let mut all = pg.to_vec();
            all.push(("CUSTODIA_ERASURE_JOURNAL_DIR", v));
            settings(&all).unwrap().erasure_journal
        };
        assert_eq!(
            with("/srv/keys/erasure-journal"),
            ErasureJournalSetting::Dir(PathBuf::from("/srv/keys/erasure-journal"))
        );
        assert_eq!(with("off"), ErasureJournalSetting::Off);
    }

    #[test]
    fn postgres_requires_explicit_keys() {
        let err = settings(&[("CUSTODIA_VAULT_DATABASE_URL", "postgres://u:pw@h/db")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_MASTER_KEY");
    }

    #[test]
    fn bad_values_name_the_variable_and_hide_secrets() {
        let err = settings(&[("CUSTODIA_LISTEN", "nowhere")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_LISTEN");
        let err = settings(&[("CUSTODIA_JWT_SECRET", "short-secret")]).unwrap_err();
        assert!(!err.to_string().contains("short-secret"));
        let err =
            settings(&[("CUSTODIA_VAULT_DATABASE_URL", "mysql://u:hunter2@h/db")]).unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
        let err = settings(&[
            ("CUSTODIA_MASTER_KEY", "a"),
            ("CUSTODIA_MASTER_KEY_FILE", "b"),
        ]);
        assert!(err.is_err());
    }

    #[test]
    fn rate_limit_defaults_can_be_tuned_or_switched_off() {
        let default = settings(&[]).unwrap().rate_limit.unwrap();
        assert_eq!(default.per_second.get(), DEFAULT_RATE_PER_SECOND);
        assert_eq!(default.burst.get(), 2 * DEFAULT_RATE_PER_SECOND);
        let tuned = settings(&[
            ("CUSTODIA_RATE_LIMIT_PER_SECOND", "5"),
            ("CUSTODIA_RATE_LIMIT_BURST", "7"),
        ])
        .unwrap()
        .rate_limit
        .unwrap();
        assert_eq!((tuned.per_second.get(), tuned.burst.get()), (5, 7));
        assert!(settings(&[("CUSTODIA_RATE_LIMIT_PER_SECOND", "0")])
            .unwrap()
            .rate_limit
            .is_none());
        let err = settings(&[("CUSTODIA_RATE_LIMIT_PER_SECOND", "-1")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_RATE_LIMIT_PER_SECOND");
    }

    #[test]
    fn tls_needs_both_files() {
        assert!(settings(&[]).unwrap().tls.is_none());
        let err = settings(&[("CUSTODIA_TLS_CERT_FILE", "/etc/custodia/cert.pem")]).unwrap_err();
        assert_eq!(err.var, "CUSTODIA_TLS_KEY_FILE");
        let s = settings(&[
            ("CUSTODIA_TLS_CERT_FILE", "cert.pem"),
            ("CUSTODIA_TLS_KEY_FILE", "key.pem"),
        ])
        .unwrap();
        assert_eq!(s.tls.unwrap().private_key, PathBuf::from("key.pem"));
    }

    #[test]
    fn server_limits_are_bounded_numbers() {
        let s = settings(&[("CUSTODIA_REQUEST_TIMEOUT_SECONDS", "3")]).unwrap();
        assert_eq!(s.server_limits.request_timeout, Duration::from_secs(3));
        assert_eq!(s.server_limits.max_connections, 1024);
        assert!(settings(&[("CUSTODIA_MAX_CONNECTIONS", "0")]).is_err());
    }
}
