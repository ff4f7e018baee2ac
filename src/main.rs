//! The `custodia` binary: parses the command line, reads the settings, runs.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use custodia::config::Settings;
use custodia::domain::Role;

#[derive(Parser)]
#[command(
    name = "custodia",
    version,
    about = "Privacy-first customer data vault"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Apply database migrations to both stores and exit.
    Migrate,
    /// Mint a bearer token with the local HS256 secret (for local use and trying things out).
    Token {
        /// client, dpo, admin or subject.
        #[arg(long, default_value = "client")]
        role: Role,
        /// The client id (or the subject id for role subject), e.g. crm.
        #[arg(long)]
        sub: String,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 3600)]
        ttl: u64,
    },
    /// Audit log commands.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print a client's webhook signing secret (hex), to hand to the client's operators so
    /// they can verify the X-Custodia-Signature of recipient notifications.
    WebhookSecret {
        /// The client id, as in policies/clients.toml, e.g. crm.
        #[arg(long)]
        client: String,
    },
    /// Import an existing CRM: `custodia import subjects FILE.csv` (see README, "Importing an
    /// existing CRM").
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Write every live subject, decrypted, as CSV in the columns `import` reads (or JSON
    /// lines), to standard output or `--output`; one audit entry per subject. Counts go to
    /// stderr as JSON.
    ExportAll(custodia::import::export::ExportAllArgs),
    /// Print the records of processing activities (GDPR Art. 30) generated from the policy
    /// directory (CUSTODIA_POLICY_DIR, as `serve` reads it); needs no database or key.
    Ropa {
        /// json or csv (one row per purpose, with a header row).
        #[arg(long, value_enum, default_value_t = RopaFormat::Json)]
        format: RopaFormat,
    },
    /// Master-key rotation and retirement: status, rotate, pin.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Retention commands.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Demo data for trying the vault out.
    #[cfg(feature = "demo")]
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RopaFormat {
    Json,
    Csv,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import customers and their consents from a CSV file (or `-` for stdin): rows checked
    /// as the API checks them, duplicates found by blind index, refused rows in an error
    /// report, resumable from a checkpoint. Prints a JSON summary on stdout.
    Subjects(custodia::import::ImportArgs),
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Delete the events and personal fields that every purpose's retention period has passed
    /// (policies/purposes.toml `retention_days`), audit each kind of deletion, and print the
    /// counts as JSON. Never deletes a subject (that is erasure).
    Run,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Print, as JSON, the data keys per master key version, the keyring's versions and which
    /// is active, the blind-index key id (a fingerprint, never the key), which retired
    /// versions are still needed and which may be removed from the keyring.
    Status,
    /// Re-wrap every subject data key not under the active (highest) master key version,
    /// online, in batches of one transaction each; no field is re-encrypted. Safe while
    /// servers run and with several rotators; after a kill, run it again to finish. Give every
    /// instance the new version first. Prints a JSON summary; exit 1 if keys remain.
    Rotate {
        /// Data keys per batch (one transaction each).
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        batch_size: u32,
        /// Milliseconds to wait after each batch, to spare a busy database.
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
    /// Recompute every blind index (identifiers and pseudonyms) under the keyring's
    /// `next-index:` key, from the decrypted values with today's normalisation, online, in
    /// batches of one transaction each. Safe while servers run; after a kill, run it again.
    /// Give every instance the `next-index:` line first. Prints a JSON summary; exit 1 if
    /// subjects remain (docs/operations.md).
    RotateIndex {
        /// Subjects per batch (one transaction each).
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        batch_size: u32,
        /// Milliseconds to wait after each batch, to spare a busy database.
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
    },
    /// Print the keyring line `derive:<base64>` that keeps the receipt signing key, the
    /// webhook secrets and a derived blind-index key when the lowest master key version is
    /// removed. Add it to the keyring before removing that version. Prints a secret.
    Pin,
}

#[cfg(feature = "demo")]
#[derive(Subcommand)]
enum DemoCommand {
    /// Fill the configured vault with a realistic demo shop: customers, consents, events.
    ///
    /// Uses the same settings as `serve`, so it fills the vault `serve` would open. Creates
    /// customers in seven European markets with their channel identifiers, consents with
    /// evidence (some withdrawn), a few objections and about two years of web, app, store,
    /// marketplace, call-centre and email events, all through the vault's own use cases.
    /// Reproducible: the same seed gives the same customers; running again with the same seed
    /// and more subjects adds the missing ones (those already stored are skipped and counted).
    /// Prints a JSON report of counts on stdout and progress on stderr, never a personal value.
    ///
    /// Example: `custodia demo seed --subjects 2000 --seed 42`
    Seed {
        /// How many customers to create.
        #[arg(long, default_value_t = 1000)]
        subjects: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 and name the first broken entry if it does not hold.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("custodia: {e}");
            return ExitCode::from(2);
        }
    };
    // Seeding creates thousands of subjects: without RUST_LOG, keep to warnings (the
    // development-key notice among them) rather than a line per subject.
    let default_filter = match cli.command {
        #[cfg(feature = "demo")]
        Some(Command::Demo { .. }) => "warn,sqlx=warn",
        // On a terminal the progress bar says it; log lines would tear it.
        Some(Command::Keys { .. }) if std::io::stderr().is_terminal() => "warn,sqlx=warn",
        Some(Command::Import { .. } | Command::ExportAll(_)) => "warn,sqlx=warn",
        _ => "info,sqlx=warn",
    };
    let telemetry = match custodia::telemetry::init(settings.log_format, default_filter) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("custodia: {e:#}");
            return ExitCode::from(2);
        }
    };
    let result = actix_web::rt::System::new().block_on(run(cli, settings));
    // The spans still queued go out before the process ends.
    telemetry.shutdown();
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("custodia: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, settings: Settings) -> anyhow::Result<ExitCode> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = custodia::startup::Application::build(&settings).await?;
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let (vault, behaviour) = custodia::startup::open_stores(&settings).await?;
            vault.close().await;
            behaviour.close().await;
            println!("migrations applied");
        }
        Command::Token { role, sub, ttl } => {
            let secret = custodia::startup::local_jwt_secret(&settings)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "tokens can only be minted with an HS256 secret (CUSTODIA_JWT_SECRET or the \
                     local dev secret); with CUSTODIA_JWT_PUBLIC_KEY_FILE, your identity \
                     provider issues them"
                )
            })?;
            let token = custodia::auth::mint_hs256(
                &secret,
                &sub,
                role,
                &settings.jwt_issuer,
                &settings.jwt_audience,
                ttl,
            )?;
            println!("{token}");
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let (vault, _behaviour) = custodia::startup::open_stores(&settings).await?;
            let store = custodia::store::VaultStore::new(vault);
            let result = custodia::audit::verify(&store).await?;
            println!("{}", serde_json::to_string_pretty(&result)?);
            if !result.valid {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::WebhookSecret { client } => {
            let policy = custodia::policy::Policy::load(&settings.policy_dir)?;
            let known = custodia::domain::ClientId::parse(&client)
                .ok()
                .and_then(|id| policy.client(&id).map(|c| c.webhook_url.is_some()));
            match known {
                None => anyhow::bail!("client '{client}' is not in clients.toml"),
                Some(false) => eprintln!("note: client '{client}' has no webhook_url yet"),
                Some(true) => {}
            }
            let ring = custodia::startup::load_keys(&settings)?;
            let secret = custodia::crypto::webhook_secret_hex(&ring, &client)?;
            println!("{}", secret.as_str());
        }
        Command::Import {
            command: ImportCommand::Subjects(args),
        } => {
            let built = custodia::startup::build_vault(&settings).await?;
            let summary = custodia::import::import_subjects(&built.vault, &args).await;
            built.vault_db.close().await;
            built.behaviour_db.close().await;
            let summary = summary?;
            println!("{}", serde_json::to_string_pretty(&summary)?);
            if let Some(row) = summary.stopped_at_row {
                eprintln!(
                    "custodia: row {row} duplicates a stored subject or an earlier row \
                     (--on-duplicate fail); the rows before it are imported, the next run \
                     continues at it"
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::ExportAll(args) => {
            let built = custodia::startup::build_vault(&settings).await?;
            let summary = match &args.output {
                Some(path) => {
                    let file = custodia::import::export::open_output(path)?;
                    let mut out = std::io::BufWriter::new(file);
                    custodia::import::export::export_all(&built.vault, args.format, &mut out).await
                }
                None => {
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    custodia::import::export::export_all(&built.vault, args.format, &mut out).await
                }
            };
            built.vault_db.close().await;
            built.behaviour_db.close().await;
            eprintln!("{}", serde_json::to_string(&summary?)?);
        }
        Command::Ropa { format } => {
            let policy = custodia::policy::Policy::load(&settings.policy_dir)?;
            let ropa =
                custodia::service::records_of_processing(&policy, time::OffsetDateTime::now_utc());
            match format {
                RopaFormat::Json => println!("{}", serde_json::to_string_pretty(&ropa)?),
                RopaFormat::Csv => print!("{}", ropa.to_csv()),
            }
        }
        Command::Keys { command } => return keys(command, &settings).await,
        Command::Retention {
            command: RetentionCommand::Run,
        } => {
            let built = custodia::startup::build_vault(&settings).await?;
            let report = built.vault.run_retention_job("retention-cli").await?;
            built.vault_db.close().await;
            built.behaviour_db.close().await;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        #[cfg(feature = "demo")]
        Command::Demo {
            command: DemoCommand::Seed { subjects, seed },
        } => {
            let built = custodia::startup::build_vault(&settings).await?;
            let report = custodia::demo::seed(&built.vault, subjects, seed).await?;
            built.vault_db.close().await;
            built.behaviour_db.close().await;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The two online key rotations `custodia keys` runs.
enum Rotation {
    DataKeys,
    IndexKey,
}

/// Runs a rotation with its progress display, prints its JSON report and, when it could not
/// finish, `unfinished` (exit 1).
async fn rotate(
    settings: &Settings,
    which: Rotation,
    batch_size: u32,
    pause_ms: u64,
    unfinished: &str,
) -> anyhow::Result<ExitCode> {
    let built = custodia::startup::build_vault(settings).await?;
    let principal = custodia::auth::Principal {
        id: custodia::service::KEYS_ACTOR.into(),
        role: Role::Admin,
    };
    let caller = custodia::service::Caller {
        principal: &principal,
        request_id: match which {
            Rotation::DataKeys => "keys-rotate",
            Rotation::IndexKey => "keys-rotate-index",
        },
    };
    let options = custodia::service::RotationOptions {
        batch_size,
        pause: std::time::Duration::from_millis(pause_ms),
    };
    let mut progress = RotationProgressOutput::new();
    let mut show = |p: &custodia::service::RotationProgress| progress.show(p);
    // The report as JSON and whether the rotation finished.
    let outcome: anyhow::Result<(serde_json::Value, bool)> = match which {
        Rotation::DataKeys => match built
            .vault
            .rotate_data_keys(&caller, options, &mut show)
            .await
        {
            Ok(r) => serde_json::to_value(&r)
                .map(|v| (v, r.complete))
                .map_err(Into::into),
            Err(e) => Err(e.into()),
        },
        Rotation::IndexKey => match built
            .vault
            .rotate_index_key(&caller, options, &mut show)
            .await
        {
            Ok(r) => serde_json::to_value(&r)
                .map(|v| (v, r.complete))
                .map_err(Into::into),
            Err(e) => Err(e.into()),
        },
    };
    progress.finish();
    built.vault_db.close().await;
    built.behaviour_db.close().await;
    let (report, complete) = outcome?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    if !complete {
        eprintln!("{unfinished}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

async fn keys(command: KeysCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    match command {
        KeysCommand::Status => {
            // Reads only: it must work with the keyring a start would refuse, to say why.
            let ring = custodia::startup::load_keys(settings)?;
            let (vault, behaviour) = custodia::startup::open_stores(settings).await?;
            let store = custodia::store::VaultStore::new(vault.clone());
            let metrics = custodia::metrics::Metrics::new()?;
            let provider = custodia::startup::key_provider(settings, &ring, &metrics)?;
            let status = custodia::service::key_status(&store, &ring, provider.as_ref()).await;
            vault.close().await;
            behaviour.close().await;
            println!("{}", serde_json::to_string_pretty(&status?)?);
        }
        KeysCommand::Rotate {
            batch_size,
            pause_ms,
        } => {
            let unfinished = "custodia: data keys were still being written under an old version: \
                is an instance running without the new one? Give it the new version and run \
                `custodia keys rotate` again";
            return rotate(
                settings,
                Rotation::DataKeys,
                batch_size,
                pause_ms,
                unfinished,
            )
            .await;
        }
        KeysCommand::RotateIndex {
            batch_size,
            pause_ms,
        } => {
            let unfinished = "custodia: subjects remain under the old index key: conflicts (two \
                subjects whose values are now equal: merge them) or an instance without the \
                `next-index:` line. Run `custodia keys rotate-index` again";
            return rotate(
                settings,
                Rotation::IndexKey,
                batch_size,
                pause_ms,
                unfinished,
            )
            .await;
        }
        KeysCommand::Pin => {
            let ring = custodia::startup::load_keys(settings)?;
            if ring.derivation_source() == custodia::crypto::DerivationSource::Entry {
                eprintln!("note: the keyring already has a `derive:` line; this is it");
            }
            println!("{}", ring.derivation_line().as_str());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal; otherwise a log line at most every two seconds and at the
/// end. Counts only.
struct RotationProgressOutput {
    bar: Option<indicatif::ProgressBar>,
    last_line: Option<std::time::Instant>,
    last: custodia::service::RotationProgress,
}

impl RotationProgressOutput {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} data keys re-wrapped ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            last_line: None,
            last: Default::default(),
        }
    }

    fn show(&mut self, p: &custodia::service::RotationProgress) {
        self.last = p.clone();
        if let Some(bar) = &self.bar {
            bar.set_length(p.total);
            bar.set_position(p.rewrapped + p.skipped);
            return;
        }
        let due = self
            .last_line
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(2));
        if due {
            self.last_line = Some(std::time::Instant::now());
            tracing::info!(
                total = p.total,
                rewrapped = p.rewrapped,
                skipped = p.skipped,
                batches = p.batches,
                "re-wrapping data keys"
            );
        }
    }

    fn finish(&self) {
        match &self.bar {
            Some(bar) => bar.finish(),
            None => tracing::info!(
                total = self.last.total,
                rewrapped = self.last.rewrapped,
                skipped = self.last.skipped,
                batches = self.last.batches,
                "data key rotation ended"
            ),
        }
    }
}
