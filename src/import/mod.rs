//! Onboarding and leaving: `custodia import subjects FILE.csv` brings an existing CRM's
//! customers and consents into the vault, `custodia export-all` ([`export`]) writes every
//! subject out again in the same columns. Both open the stores directly through the library,
//! with the settings `serve` uses, and act as an `admin` caller like the vault's internal
//! jobs; everything goes through the vault's use cases.
//!
//! The import reads the file in batches (`--batch-size`, at most 5,000 rows) on a reader
//! thread, which parses each row and prepares the batch (`Vault::prepare_subjects`: blind
//! indexes, sealing) while the batch before is written; the writer hands each to
//! `Vault::create_prepared`, the bulk path `POST /v1/subjects:batch` uses: every row is
//! checked by the API's own parsers and rules, duplicates (by blind index, within the file
//! and against the vault) are skipped, used to rectify the stored subject, or stop the run
//! (`--on-duplicate skip|update|fail`), and a batch's subjects, consents and audit entries
//! are stored in one transaction. A refused row goes to the error report (`row`, `column`, `reason`; never a
//! value). After each committed batch the checkpoint file holds the last row committed, so a
//! run that was killed continues after it and every row lands once. Rows are numbered from 1
//! for the first row after the header.

pub mod columns;
pub mod export;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use time::OffsetDateTime;

use self::columns::{Header, Mapping, RowError};
use crate::auth::Principal;
use crate::domain::{FieldError, Role, SubjectId};
use crate::service::{
    BulkOptions, BulkOrigin, BulkOutcome, BulkSubject, Caller, Holder, PreparedSubject,
    Rectification, ServiceError, Vault, MAX_SUBJECTS_PER_IMPORT_BATCH,
};

/// The principal an import acts as (an admin; named in every audit entry it causes).
pub const IMPORT_PRINCIPAL: &str = "import";

/// What to do with a row whose identifier is held already (by a stored subject or an earlier
/// row of the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnDuplicate {
    /// Leave the stored subject as it is; the row is reported as skipped.
    Skip,
    /// Rectify the stored subject with the row's non-empty fields and record the row's
    /// consent decisions for it.
    Update,
    /// Stop at the first duplicate (exit code 1), naming its row; rows before it are stored.
    Fail,
}

/// `custodia import subjects`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The CSV file (UTF-8, a header row first), or `-` for standard input.
    pub file: PathBuf,
    /// A TOML file mapping the file's column names onto the ones import reads:
    /// `[columns] "E-Mail" = "email"` (`"-"` skips a column).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OnDuplicate::Skip)]
    pub on_duplicate: OnDuplicate,
    /// The error report (CSV: row, column, reason). Default: `<file>.errors.csv`.
    #[arg(long)]
    pub errors: Option<PathBuf>,
    /// The checkpoint file (the last row committed). Default: `<file>.checkpoint`.
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Check every row (against the vault too), store nothing; only the report is written.
    #[arg(long)]
    pub dry_run: bool,
    /// Rows per transaction (at most 5,000). On SQLite a transaction holds the write lock:
    /// a server running beside the import waits up to about a second for its writes.
    #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u16).range(1..=5000))]
    pub batch_size: u16,
}

/// What an import did (counts only; printed as JSON at the end).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ImportSummary {
    /// Rows read by this run (after the checkpoint's row, when it resumed).
    pub rows: u64,
    pub created: u64,
    /// Duplicates that rectified a stored subject (`--on-duplicate update`).
    pub updated: u64,
    /// Duplicates left as they were (`--on-duplicate skip`).
    pub skipped: u64,
    pub rejected: u64,
    /// Consent decisions recorded.
    pub consents: u64,
    pub seconds: f64,
    pub rows_per_second: f64,
    pub dry_run: bool,
    /// The checkpoint's row this run continued after (0: from the start).
    pub resumed_after_row: u64,
    pub errors_report: String,
    /// `--on-duplicate fail`: the duplicate row that stopped the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at_row: Option<u64>,
}

/// The file's base name as the audit log names it: letters, digits, `.`, `_` and `-` only
/// (anything else becomes `_`), at most 100 characters.
pub fn audit_name(file: &Path) -> String {
    let name = if file.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned())
    };
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect()
}

fn beside(file: &Path, suffix: &str) -> PathBuf {
    if file.as_os_str() == "-" {
        PathBuf::from(format!("stdin{suffix}"))
    } else {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    }
}

/// Why a use case refused, for the report: the catalogue's words, never a value.
fn describe(e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid(errors) => errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        ServiceError::EvidenceRequired(keys) => format!(
            "the purpose requires evidence with every grant ({}): put the reference in \
             consent_evidence",
            keys.join(", ")
        ),
        ServiceError::UnknownNotice => "the policy version names no notice published in the \
             policy (notices.toml) that covers this purpose"
            .to_owned(),
        other => other.to_string(),
    }
}

/// The checkpoint: the last row whose batch is committed.
fn read_checkpoint(path: &Path) -> anyhow::Result<u64> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .trim()
            .parse()
            .with_context(|| format!("the checkpoint {} is not a row number", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn write_checkpoint(path: &Path, row: u64) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, format!("{row}\n"))
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// The error report: `row,column,reason`. Resuming keeps the lines of committed rows and
/// drops those a killed run wrote after its checkpoint.
struct Report {
    writer: csv::Writer<File>,
}

impl Report {
    fn open(path: &Path, keep_through: u64) -> anyhow::Result<Self> {
        let mut kept: Vec<csv::StringRecord> = Vec::new();
        if keep_through > 0 && path.exists() {
            let mut reader = csv::Reader::from_path(path)
                .with_context(|| format!("cannot read the report {}", path.display()))?;
            for record in reader.records() {
                let record = record.with_context(|| format!("report {}", path.display()))?;
                let row: u64 = record
                    .get(0)
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(u64::MAX);
                if row <= keep_through {
                    kept.push(record);
                }
            }
        }
        let mut writer = csv::Writer::from_path(path)
            .with_context(|| format!("cannot write the report {}", path.display()))?;
        writer.write_record(["row", "column", "reason"])?;
        for record in &kept {
            writer.write_record(record)?;
        }
        writer.flush()?;
        Ok(Self { writer })
    }

    fn write(&mut self, row: u64, e: &RowError) -> anyhow::Result<()> {
        self.writer
            .write_record([row.to_string().as_str(), &e.column, &e.reason])?;
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.writer.flush().context("writing the report")
    }
}

/// Progress on stderr: a bar with rows/s and ETA on a terminal, a log line every few seconds
/// otherwise. Counts only.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    fn new(total_bytes: Option<u64>) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = match total_bytes {
                Some(n) => indicatif::ProgressBar::new(n),
                None => indicatif::ProgressBar::new_spinner(),
            };
            let template = if total_bytes.is_some() {
                "{elapsed_precise} [{bar:30}] {percent:>3}% ETA {eta} {msg}"
            } else {
                "{spinner} {elapsed_precise} {msg}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar
        });
        Self {
            bar,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    fn update(&mut self, s: &ImportSummary, bytes: u64) {
        let rate = s.rows as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        match &self.bar {
            Some(bar) => {
                bar.set_position(bytes);
                bar.set_message(format!(
                    "{rate:.0} rows/s, {} rows: {} created, {} skipped, {} rejected",
                    s.rows, s.created, s.skipped, s.rejected
                ));
            }
            None if self.last_line.elapsed() >= Duration::from_secs(5) => {
                self.last_line = Instant::now();
                eprintln!(
                    "import: {} rows read, {} created, {} updated, {} skipped, {} rejected, \
                     {rate:.0} rows/s",
                    s.rows, s.created, s.updated, s.skipped, s.rejected
                );
            }
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What became of one row of a batch.
enum RowResult {
    Created {
        consents: u64,
    },
    Updated {
        consents: u64,
        errors: Vec<RowError>,
    },
    Skipped(RowError),
    Rejected(Vec<RowError>),
    /// The duplicate that stops a `--on-duplicate fail` run.
    Stopped(RowError),
}

/// A batch read, parsed and prepared (sealed, unless a dry run) by the reader thread, so
/// that the next batch is made ready while this one is written.
struct Ready {
    /// The rows that parsed, in order: number and cells, each with its item in `prepared`.
    sent: Vec<(u64, csv::StringRecord)>,
    prepared: Vec<PreparedSubject>,
    /// `--on-duplicate update`: a copy of each parsed item, to update with.
    copies: Vec<BulkSubject>,
    /// `--dry-run`: digests of each parsed item's look-up keys.
    digests: Vec<Vec<[u8; 32]>>,
    /// The rows refused by the parser.
    refused: Vec<(u64, Vec<RowError>)>,
    /// The file's position after the batch (for the progress bar).
    bytes: u64,
}

impl Ready {
    fn rows(&self) -> u64 {
        (self.sent.len() + self.refused.len()) as u64
    }
}

/// The reader thread: reads rows after the checkpoint's, parses each with the API's parsers
/// and prepares each batch ([`Vault::prepare_subjects`]), one batch ahead of the writer.
struct Reader {
    csv: csv::Reader<BufReader<Box<dyn Read + Send>>>,
    header: Header,
    vault: Vault,
    resume: u64,
    batch_size: usize,
    update: bool,
    dry_run: bool,
    now: OffsetDateTime,
}

impl Reader {
    fn run(mut self, out: tokio::sync::mpsc::Sender<anyhow::Result<Ready>>) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        let mut record = csv::ByteRecord::new();
        let mut row = 0u64;
        let width = self.header.columns.len();
        loop {
            let mut items = Vec::with_capacity(self.batch_size);
            let mut ready = Ready {
                sent: Vec::with_capacity(self.batch_size),
                prepared: Vec::new(),
                copies: Vec::new(),
                digests: Vec::new(),
                refused: Vec::new(),
                bytes: 0,
            };
            let mut end = false;
            while ready.sent.len() + ready.refused.len() < self.batch_size {
                match self.csv.read_byte_record(&mut record) {
                    Ok(true) => {}
                    Ok(false) => {
                        end = true;
                        break;
                    }
                    Err(e) => {
                        let e = anyhow::Error::new(e)
                            .context(format!("the CSV cannot be read after row {row}"));
                        let _ = out.blocking_send(Err(e));
                        return;
                    }
                }
                row += 1;
                if row <= self.resume {
                    continue;
                }
                let cells = match csv::StringRecord::from_byte_record(record.clone()) {
                    Ok(cells) => cells,
                    Err(_) => {
                        ready.refused.push((
                            row,
                            vec![RowError {
                                column: String::new(),
                                reason: "the row is not valid UTF-8".into(),
                            }],
                        ));
                        continue;
                    }
                };
                if cells.len() != width {
                    let reason = format!("the row has {} cells, the header {width}", cells.len());
                    ready.refused.push((
                        row,
                        vec![RowError {
                            column: String::new(),
                            reason,
                        }],
                    ));
                    continue;
                }
                match self.header.parse_row(&cells, self.vault.policy(), self.now) {
                    Ok(item) => {
                        if self.update {
                            ready.copies.push(item.clone());
                        }
                        if self.dry_run {
                            ready.digests.push(key_digests(&item));
                        }
                        items.push(item);
                        ready.sent.push((row, cells));
                    }
                    Err(errors) => ready.refused.push((row, errors)),
                }
            }
            ready.bytes = self.csv.position().byte();
            if ready.rows() > 0 {
                // The key provider's wraps are async (Transit calls): a small runtime of this
                // thread's own, entered only for them (`blocking_send` must stay outside it).
                let prepared = match &runtime {
                    Ok(rt) => rt.block_on(self.vault.prepare_subjects(items, !self.dry_run)),
                    Err(e) => Err(anyhow::anyhow!("cannot start the reader's runtime: {e}").into()),
                };
                match prepared {
                    Ok(prepared) => ready.prepared = prepared,
                    Err(e) => {
                        let e = anyhow::Error::new(e).context("preparing a batch");
                        let _ = out.blocking_send(Err(e));
                        return;
                    }
                }
                if out.blocking_send(Ok(ready)).is_err() {
                    // The writer stopped (`--on-duplicate fail`, or an error).
                    return;
                }
            }
            if end {
                return;
            }
        }
    }
}

struct Run<'a> {
    vault: &'a Vault,
    args: &'a ImportArgs,
    header: Header,
    file: String,
    principal: Principal,
    summary: ImportSummary,
    report: Report,
    checkpoint: Option<PathBuf>,
    /// `--dry-run`: what the earlier batches would have stored, by a digest of each look-up
    /// key (nothing is stored, so the vault cannot tell): the row that has it.
    seen: HashMap<[u8; 32], u64>,
}

/// Imports the subjects of `args.file` into `vault` (see the module doc).
pub async fn import_subjects(vault: &Vault, args: &ImportArgs) -> anyhow::Result<ImportSummary> {
    let started = Instant::now();
    let mapping = match &args.mapping {
        Some(path) => Mapping::load(path)?,
        None => Mapping::default(),
    };
    let stdin = args.file.as_os_str() == "-";
    let (input, total_bytes): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = File::open(&args.file)
            .with_context(|| format!("cannot open {}", args.file.display()))?;
        let len = file.metadata().ok().map(|m| m.len());
        (Box::new(file), len)
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 20, input));
    let raw_header: Vec<String> = reader
        .headers()
        .context("cannot read the header row")?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == 0 {
                h.trim_start_matches('\u{feff}').to_owned()
            } else {
                h.to_owned()
            }
        })
        .collect();
    let header = Header::parse(&raw_header, &mapping, vault.policy())?;
    let checkpoint = match (&args.checkpoint, stdin, args.dry_run) {
        (_, _, true) => None,
        (Some(path), _, _) => Some(path.clone()),
        (None, false, _) => Some(beside(&args.file, ".checkpoint")),
        (None, true, _) => None,
    };
    let resume = match &checkpoint {
        Some(path) => read_checkpoint(path)?,
        None => 0,
    };
    let report_path = args
        .errors
        .clone()
        .unwrap_or_else(|| beside(&args.file, ".errors.csv"));
    let report = Report::open(&report_path, resume)?;
    if resume > 0 {
        eprintln!("import: continuing after row {resume} (checkpoint)");
    }
    let mut run = Run {
        vault,
        args,
        header,
        file: audit_name(&args.file),
        principal: Principal {
            id: IMPORT_PRINCIPAL.into(),
            role: Role::Admin,
        },
        summary: ImportSummary {
            dry_run: args.dry_run,
            resumed_after_row: resume,
            errors_report: report_path.display().to_string(),
            ..ImportSummary::default()
        },
        report,
        checkpoint,
        seen: HashMap::new(),
    };
    let mut progress = Progress::new(total_bytes);
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let thread = std::thread::Builder::new()
        .name("import-reader".into())
        .spawn({
            let reader = Reader {
                csv: reader,
                header: run.header.clone(),
                vault: vault.clone(),
                resume,
                batch_size: usize::from(args.batch_size).min(MAX_SUBJECTS_PER_IMPORT_BATCH),
                update: args.on_duplicate == OnDuplicate::Update,
                dry_run: args.dry_run,
                now: OffsetDateTime::now_utc(),
            };
            move || reader.run(tx)
        })
        .context("cannot start the reader thread")?;
    let mut bytes = 0;
    let outcome: anyhow::Result<()> = async {
        while let Some(ready) = rx.recv().await {
            let ready = ready?;
            bytes = ready.bytes;
            run.summary.rows += ready.rows();
            let stop = run.batch(ready).await?;
            progress.update(&run.summary, bytes);
            if stop {
                break;
            }
        }
        Ok(())
    }
    .await;
    // The reader ends at the end of the file, or at its next batch once nobody receives.
    drop(rx);
    let joined = tokio::task::spawn_blocking(move || thread.join())
        .await
        .context("waiting for the reader thread")?;
    if joined.is_err() {
        anyhow::bail!("the reader thread failed; the checkpoint holds the last row stored");
    }
    outcome?;
    progress.update(&run.summary, bytes);
    progress.finish();
    run.report.flush()?;
    if let (Some(path), None) = (&run.checkpoint, run.summary.stopped_at_row) {
        // Done: a later run of the same file starts from the top (and skips what is stored).
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    run.summary.seconds = (seconds * 1_000.0).round() / 1_000.0;
    run.summary.rows_per_second = (run.summary.rows as f64 / seconds.max(0.001)).round();
    Ok(run.summary)
}

impl Run<'_> {
    /// Stores one batch, reports its refused rows and moves the checkpoint; `true` when a
    /// `--on-duplicate fail` run stops here.
    async fn batch(&mut self, ready: Ready) -> anyhow::Result<bool> {
        let first = ready
            .sent
            .first()
            .map(|p| p.0)
            .into_iter()
            .chain(ready.refused.first().map(|r| r.0))
            .min()
            .unwrap_or(0);
        let last = ready
            .sent
            .last()
            .map(|p| p.0)
            .into_iter()
            .chain(ready.refused.last().map(|r| r.0))
            .max()
            .unwrap_or(0);
        let request_id = format!("import:{}:rows:{first}-{last}", self.file);
        let principal = self.principal.clone();
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let mode = self.args.on_duplicate;
        let Ready {
            sent,
            prepared,
            copies,
            digests,
            refused,
            ..
        } = ready;
        let mut results: Vec<(u64, RowResult)> = Vec::with_capacity(sent.len() + refused.len());
        for (row, errors) in refused {
            results.push((row, RowResult::Rejected(errors)));
        }
        let outcomes = self
            .vault
            .create_prepared(
                &caller,
                prepared,
                BulkOptions {
                    origin: BulkOrigin::Import { file: &self.file },
                    stop_at_duplicate: mode == OnDuplicate::Fail,
                    dry_run: self.args.dry_run,
                },
            )
            .await
            .map_err(|e| anyhow::Error::new(e).context("storing a batch"))?;
        let ids: Vec<Option<SubjectId>> = outcomes
            .iter()
            .map(|o| match o {
                BulkOutcome::Created { id, .. } => Some(*id),
                _ => None,
            })
            .collect();
        let now = OffsetDateTime::now_utc();
        let mut not_attempted = 0;
        for (k, outcome) in outcomes.into_iter().enumerate() {
            let (row, cells) = (sent[k].0, &sent[k].1);
            let result = match outcome {
                BulkOutcome::Created { consents, .. } => RowResult::Created {
                    consents: consents as u64,
                },
                BulkOutcome::Valid { consents, .. } => {
                    // Dry run: a duplicate of a row of an earlier batch is found here.
                    let keys = &digests[k];
                    match keys.iter().find_map(|d| self.seen.get(d).copied()) {
                        Some(earlier) => self.duplicate(
                            mode,
                            RowError {
                                column: String::new(),
                                reason: format!(
                                    "duplicate: an identifier is also in row {earlier}"
                                ),
                            },
                        ),
                        None => {
                            for d in keys {
                                self.seen.insert(*d, row);
                            }
                            RowResult::Created {
                                consents: consents as u64,
                            }
                        }
                    }
                }
                BulkOutcome::Duplicate { kind, holder } => {
                    let column = self.header.identifier_column(kind);
                    let (reason, target) = match holder {
                        Holder::Vault(id) => (
                            format!(
                                "duplicate: an identifier of type {kind} is held by a subject \
                                 in the vault"
                            ),
                            Some(id),
                        ),
                        Holder::Earlier(j) => (
                            format!(
                                "duplicate: an identifier of type {kind} is also in row {}",
                                sent[j].0
                            ),
                            ids.get(j).copied().flatten(),
                        ),
                    };
                    match (mode, target) {
                        (OnDuplicate::Update, Some(id)) if !self.args.dry_run => {
                            self.update(&caller, id, cells, &copies[k], now).await?
                        }
                        (OnDuplicate::Update, _) if self.args.dry_run => RowResult::Updated {
                            consents: 0,
                            errors: Vec::new(),
                        },
                        _ => self.duplicate(mode, RowError { column, reason }),
                    }
                }
                BulkOutcome::Rejected(errors) => RowResult::Rejected(
                    errors
                        .into_iter()
                        .map(|e: FieldError| RowError {
                            column: String::new(),
                            reason: e.message,
                        })
                        .collect(),
                ),
                BulkOutcome::ConsentRefused(refusals) => RowResult::Rejected(
                    refusals
                        .iter()
                        .map(|(purpose, e)| RowError {
                            column: self.header.consent_column(purpose),
                            reason: describe(e),
                        })
                        .collect(),
                ),
                BulkOutcome::NotAttempted => {
                    not_attempted += 1;
                    continue;
                }
            };
            results.push((row, result));
        }
        results.sort_by_key(|(row, _)| *row);
        let stop = results.iter().find_map(|(row, r)| match r {
            RowResult::Stopped(_) => Some(*row),
            _ => None,
        });
        // The rows after the stop were read but not attempted: not counted.
        self.summary.rows -= not_attempted;
        for (row, result) in results {
            if stop.is_some_and(|s| row > s) {
                self.summary.rows -= 1;
                continue;
            }
            match result {
                RowResult::Created { consents } => {
                    self.summary.created += 1;
                    self.summary.consents += consents;
                }
                RowResult::Updated { consents, errors } => {
                    self.summary.updated += 1;
                    self.summary.consents += consents;
                    for e in &errors {
                        self.report.write(row, e)?;
                    }
                }
                RowResult::Skipped(e) => {
                    self.summary.skipped += 1;
                    self.report.write(row, &e)?;
                }
                RowResult::Rejected(errors) => {
                    self.summary.rejected += 1;
                    for e in &errors {
                        self.report.write(row, e)?;
                    }
                }
                RowResult::Stopped(e) => {
                    self.report.write(row, &e)?;
                    self.summary.stopped_at_row = Some(row);
                }
            }
        }
        self.report.flush()?;
        if let Some(path) = &self.checkpoint {
            let committed = match stop {
                Some(s) => s - 1,
                None => last,
            };
            write_checkpoint(path, committed)?;
        }
        Ok(stop.is_some())
    }

    fn duplicate(&self, mode: OnDuplicate, e: RowError) -> RowResult {
        match mode {
            OnDuplicate::Fail => RowResult::Stopped(e),
            _ => RowResult::Skipped(RowError {
                column: e.column,
                reason: format!("skipped, {}", e.reason),
            }),
        }
    }

    /// `--on-duplicate update`: the row's non-empty fields rectify the stored subject, and its
    /// consent decisions are recorded for it, each through its use case.
    async fn update(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
        cells: &csv::StringRecord,
        item: &BulkSubject,
        now: OffsetDateTime,
    ) -> anyhow::Result<RowResult> {
        let mut errors = Vec::new();
        let fields = self
            .header
            .fields_only(cells, self.vault.policy(), now)
            .map_err(|_| anyhow::anyhow!("a row parsed once did not parse again"))?;
        if fields.fields().next().is_some() {
            let change = Rectification {
                set: fields,
                clear: Vec::new(),
            };
            match self.vault.rectify(caller, id, change).await {
                Ok(_) => {}
                Err(ServiceError::Internal(e)) => return Err(e.context("rectifying a subject")),
                Err(e) => {
                    errors.push(RowError {
                        column: String::new(),
                        reason: describe(&e),
                    });
                    return Ok(RowResult::Rejected(errors));
                }
            }
        }
        let mut consents = 0;
        for c in &item.consents {
            match self
                .vault
                .record_consent(caller, id, &c.purpose, c.decision.clone(), false)
                .await
            {
                Ok(_) => consents += 1,
                Err(ServiceError::Internal(e)) => return Err(e.context("recording a consent")),
                Err(e) => errors.push(RowError {
                    column: self.header.consent_column(&c.purpose),
                    reason: describe(&e),
                }),
            }
        }
        Ok(RowResult::Updated { consents, errors })
    }
}

/// Digests of an item's look-up keys (dry run only; never stored or logged).
fn key_digests(item: &BulkSubject) -> Vec<[u8; 32]> {
    item.subject
        .lookup_identifiers()
        .iter()
        .map(|i| {
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            ctx.update(i.kind().name().as_bytes());
            ctx.update(b"\0");
            ctx.update(i.value().as_bytes());
            let mut out = [0u8; 32];
            out.copy_from_slice(ctx.finish().as_ref());
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_name_is_the_base_name_and_safe() {
        assert_eq!(
            audit_name(Path::new("/tmp/x/Kunden 2026.csv")),
            "Kunden_2026.csv"
        );
        assert_eq!(audit_name(Path::new("-")), "stdin");
        assert_eq!(audit_name(Path::new("a\nb.csv")), "a_b.csv");
    }

    #[test]
    fn the_report_and_checkpoint_sit_beside_the_file() {
        assert_eq!(
            beside(Path::new("/data/crm.csv"), ".errors.csv"),
            PathBuf::from("/data/crm.csv.errors.csv")
        );
    }
}
