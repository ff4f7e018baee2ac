//! The `custodia` binary: parses the command line, reads the settings, runs.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use custodia::config::{LogFormat, Settings};
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
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 and name the first broken entry if it does not hold.
    Verify,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
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
    init_logging(settings.log_format);
    let result = actix_web::rt::System::new().block_on(run(cli, settings));
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
    }
    Ok(ExitCode::SUCCESS)
}
