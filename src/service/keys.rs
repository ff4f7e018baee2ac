//! Master-key rotation and retirement (issue 15): the check every start makes of the keyring
//! against the vault store, `custodia keys status`, and `custodia keys rotate`.
//!
//! Rotation re-wraps each subject's data key under the active (highest) master key version;
//! no field is re-encrypted. It walks one old version at a time in id order, in batches: a
//! batch is read, each key unwrapped with its version and wrapped with the active one in
//! memory, and written back in one transaction, each row only if it still holds the version
//! and wrapped key that were read ([`VaultStore::replace_data_keys`]). So servers keep serving
//! (a read sees the old or the new wrap, both open), an erasure racing the rotation keeps its
//! key destroyed, several rotators on one database only waste work, and a killed rotation is
//! resumed by running it again: what is left is what is still under an old version.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::subjects::{entry, PSEUDONYM_FIELD};
use super::{permissions, Caller, ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::{
    CryptoError, DerivationSource, KeyProvider, KeyRing, KeyVersion, KeyVersions, Pseudonym,
    WrappedKey,
};
use crate::domain::{Field, Identifier, IdentifierType, SubjectId};
use crate::store::{IndexedSubject, ReindexedSubject, RewrappedDataKey, StoreError, VaultStore};

/// The actor of `custodia keys rotate`'s audit entry.
pub const KEYS_ACTOR: &str = "keys";

/// The key marks (`key_marks`): the blind-index key and the derivation root.
const INDEX_MARK: &str = "index";
/// The key provider's identity (`local`, `transit:<mount>/<key>`); a vault without it that
/// holds data keys was made with the local keyring (before there was a choice).
const PROVIDER_MARK: &str = "provider";
const DERIVE_MARK: &str = "derive";
/// The `next-index:` key of an index-key rotation under way (recorded by the first start
/// with that line, removed at the cutover).
const INDEX_NEXT_MARK: &str = "index_next";

/// How many passes over the old versions a rotation makes before it reports what is left
/// (keys still being written under an old version by an instance without the new one).
const MAX_PASSES: usize = 3;

/// Why a keyring does not fit the vault it is about to open. Names versions, counts and
/// public key ids, never key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyringRefusal {
    /// Data keys under versions the keyring lacks: they could not be opened.
    #[error("{}", missing_message(.0))]
    MissingVersions(Vec<(KeyVersion, i64)>),
    #[error(
        "the blind-index key (id {now}) is not the one this vault's look-up indexes were made \
         with (id {recorded}): every look-up by email, phone or identifier would miss. The \
         keyring lost its `index:` line, its `derive:` line or the master key version the \
         index key was derived from; put it back (`custodia keys pin` run with the old \
         keyring prints the `derive:` line that keeps it)"
    )]
    IndexKeyChanged { recorded: String, now: String },
    #[error(
        "the keyring's derivation root (id {now}) is not the one this vault started with \
         (id {recorded}): consent receipts already issued would no longer verify and every \
         client's webhook secret would change. The keyring lost its `derive:` line or the \
         lowest master key version; put it back (`custodia keys pin` run with the old \
         keyring prints the `derive:` line that keeps it)"
    )]
    DerivationChanged { recorded: String, now: String },
    #[error(
        "a blind-index key rotation to key id {next} is under way: this keyring lacks its \
         `next-index:` line, so subjects created by instances with it would not be found. Add \
         the `next-index:` line (docs/operations.md)"
    )]
    IndexRotationUnderWay { next: String },
    #[error(
        "the keyring's `next-index:` key (id {now}) is not the one the index-key rotation under \
         way moves to (id {recorded})"
    )]
    NextIndexKeyChanged { recorded: String, now: String },
    #[error(
        "the blind-index key rotation to key id {key} is not finished: {left} subjects still \
         have indexes under the old key. Keep `index:` (old) and `next-index:` (new) and run \
         `custodia keys rotate-index` until it reports `complete`"
    )]
    IndexRotationUnfinished { key: String, left: i64 },
    #[error("the vault store could not be read")]
    Store(#[from] StoreError),
    /// The key provider could not say which versions it holds (Transit down, sealed, …).
    #[error("the key provider: {0}")]
    Provider(#[from] CryptoError),
    /// Data keys under Transit key versions Transit no longer decrypts.
    #[error(
        "data keys remain under Transit key versions below its min_decryption_version ({}): \
         lower min_decryption_version until `custodia keys rotate` has moved them",
        .0.iter().map(|(v, n)| format!("v{}: {n}", v.0)).collect::<Vec<_>>().join(", ")
    )]
    VersionsNotDecryptable(Vec<(KeyVersion, i64)>),
    /// Data keys wrapped by one provider do not open with another.
    #[error(
        "this vault's data keys are wrapped by `{recorded}`, not `{now}`: set \
         CUSTODIA_KEY_PROVIDER (and CUSTODIA_TRANSIT_MOUNT / CUSTODIA_TRANSIT_KEY) back; moving \
         a vault from one key provider to another is not supported"
    )]
    ProviderChanged { recorded: String, now: String },
}

fn missing_message(missing: &[(KeyVersion, i64)]) -> String {
    missing
        .iter()
        .map(|(v, n)| {
            format!(
                "data keys under {v} remain ({n}); keep {v} in the keyring until `custodia keys \
                 rotate` has moved them"
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The start-up check of every command that opens the vault with keys: refuses a keyring
/// that lacks a master key version some data key is still wrapped under, and one whose
/// blind-index key or derivation root differs from what this vault recorded at its first
/// start (recording them if this is it).
pub async fn check_keyring(
    store: &VaultStore,
    ring: &KeyRing,
    provider: &dyn KeyProvider,
) -> Result<(), KeyringRefusal> {
    let identity = provider.identity();
    let marks = store.key_marks().await?;
    let recorded = match marks.get(PROVIDER_MARK) {
        Some(p) => Some(p.clone()),
        None if store.data_keys_by_version().await?.values().any(|n| *n > 0) => {
            Some("local".to_owned())
        }
        None => None,
    };
    match recorded {
        Some(recorded) if recorded != identity => {
            return Err(KeyringRefusal::ProviderChanged {
                recorded,
                now: identity,
            })
        }
        _ => store.record_key_mark(PROVIDER_MARK, &identity).await?,
    }
    let versions: Vec<u32> = provider
        .versions()
        .await?
        .available
        .iter()
        .map(|v| v.0)
        .collect();
    let missing: Vec<(KeyVersion, i64)> = store
        .data_keys_outside(&versions)
        .await?
        .into_iter()
        .map(|(v, n)| (KeyVersion(v), n))
        .collect();
    if !missing.is_empty() {
        return Err(if identity == "local" {
            KeyringRefusal::MissingVersions(missing)
        } else {
            KeyringRefusal::VersionsNotDecryptable(missing)
        });
    }
    let (index, derive) = (ring.index_key_id(), ring.derivation_id());
    let before = store.key_marks().await?;
    // The cutover: the keyring's `index:` is the key the rotation under way moved to.
    if before.get(INDEX_NEXT_MARK) == Some(&index)
        && before.get(INDEX_MARK).is_some_and(|r| *r != index)
        && ring.next_index_key_id().is_none()
    {
        let left = store.subjects_not_indexed_under(&index).await?;
        if left > 0 {
            return Err(KeyringRefusal::IndexRotationUnfinished { key: index, left });
        }
        store.set_key_mark(INDEX_MARK, Some(&index)).await?;
        store.set_key_mark(INDEX_NEXT_MARK, None).await?;
    }
    match ring.next_index_key_id() {
        Some(next) => {
            store.record_key_mark(INDEX_NEXT_MARK, &next).await?;
            let marks = store.key_marks().await?;
            if let Some(recorded) = marks.get(INDEX_NEXT_MARK).filter(|r| **r != next) {
                return Err(KeyringRefusal::NextIndexKeyChanged {
                    recorded: recorded.clone(),
                    now: next,
                });
            }
        }
        None => {
            let marks = store.key_marks().await?;
            if let Some(next) = marks.get(INDEX_NEXT_MARK) {
                if marks.get(INDEX_MARK) == Some(&index) {
                    return Err(KeyringRefusal::IndexRotationUnderWay { next: next.clone() });
                }
            }
        }
    }
    store.record_key_mark(INDEX_MARK, &index).await?;
    store.record_key_mark(DERIVE_MARK, &derive).await?;
    let marks = store.key_marks().await?;
    if let Some(recorded) = marks.get(INDEX_MARK).filter(|r| **r != index) {
        return Err(KeyringRefusal::IndexKeyChanged {
            recorded: recorded.clone(),
            now: index,
        });
    }
    if let Some(recorded) = marks.get(DERIVE_MARK).filter(|r| **r != derive) {
        return Err(KeyringRefusal::DerivationChanged {
            recorded: recorded.clone(),
            now: derive,
        });
    }
    Ok(())
}

/// `custodia keys status`: the keyring against the vault store. Key ids are public
/// fingerprints; no key material.
#[derive(Debug, Clone, Serialize)]
pub struct KeyStatus {
    /// Who wraps the data keys: `local` (the keyring) or `transit:<mount>/<key>`.
    pub key_provider: String,
    /// The version new data keys are wrapped under (the keyring's highest, or Transit's
    /// `latest_version`).
    pub active_version: String,
    /// The versions stored data keys may be under and still open (the keyring's, or Transit's
    /// `min_decryption_version` to `latest_version`).
    pub available_versions: Vec<String>,
    pub keyring_versions: Vec<String>,
    /// Data keys per master key version, as stored (versions the keyring lacks too).
    pub data_keys: BTreeMap<String, i64>,
    /// Data keys not under the active version: what `custodia keys rotate` would move.
    pub data_keys_to_rotate: i64,
    pub blind_index_key_id: String,
    /// `index_line` (the keyring's `index:`) or `derived` (from the derivation root).
    pub blind_index_key: &'static str,
    /// `derive_line` (the keyring's `derive:`) or the master key version it is derived from.
    pub derivation_root: String,
    pub derivation_root_id: String,
    /// The `next-index:` key's id while an index-key rotation is under way.
    pub next_index_key_id: Option<String>,
    /// The `retired-index:` key's id (consulted for the suppression list only).
    pub retired_index_key_id: Option<String>,
    /// Subjects whose indexes are not yet under the write key (the `next-index:` key, else
    /// the `index:` key): what `custodia keys rotate-index` would recompute.
    pub subjects_to_reindex: i64,
    /// Suppression-list entries not made under the write key: they need the key they were
    /// made under (`retired-index:` after the cutover) until they expire.
    pub suppressions_under_other_keys: i64,
    /// The ids this vault recorded at its first start (`index`, `derive`, and `index_next`
    /// while an index-key rotation is under way).
    pub recorded_key_ids: BTreeMap<String, String>,
    /// Versions other than the active one that must stay in the keyring, and why.
    pub retired_versions_still_needed: Vec<NeededVersion>,
    /// Versions other than the active one that may be removed from the keyring now.
    pub removable_versions: Vec<String>,
    /// Versions data keys are under that the keyring lacks (a start would be refused).
    pub missing_versions: Vec<String>,
    /// What a start with this keyring would refuse for, if anything.
    pub start_refused: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeededVersion {
    pub version: String,
    /// Data keys still wrapped under it: `custodia keys rotate` moves them.
    pub data_keys: i64,
    /// The receipt key, the webhook secrets and a derived index key come from it: add the
    /// `derive:` line `custodia keys pin` prints before removing it.
    pub derivation_root: bool,
}

/// Reads the keyring's state against the store, without recording or refusing anything.
pub async fn key_status(
    store: &VaultStore,
    ring: &KeyRing,
    provider: &dyn KeyProvider,
) -> Result<KeyStatus, ServiceError> {
    let KeyVersions { active, available } = provider.versions().await?;
    let identity = provider.identity();
    // With an external provider the keyring's master keys wrap no data key: only the
    // derivation root may keep one of them needed.
    let local = identity == "local";
    let counts: BTreeMap<KeyVersion, i64> = store
        .data_keys_by_version()
        .await?
        .into_iter()
        .map(|(v, n)| (KeyVersion(v), n))
        .collect();
    let root_version = match ring.derivation_source() {
        DerivationSource::Entry => None,
        DerivationSource::Version(v) => Some(v),
    };
    let mut needed = Vec::new();
    let mut removable = Vec::new();
    for version in ring.versions().filter(|v| *v != active) {
        let data_keys = if local {
            counts.get(&version).copied().unwrap_or(0)
        } else {
            0
        };
        let derivation_root = root_version == Some(version);
        if data_keys > 0 || derivation_root {
            needed.push(NeededVersion {
                version: version.to_string(),
                data_keys,
                derivation_root,
            });
        } else {
            removable.push(version.to_string());
        }
    }
    let in_ring: Vec<KeyVersion> = ring.versions().collect();
    let missing: Vec<(KeyVersion, i64)> = counts
        .iter()
        .filter(|(v, n)| !available.contains(v) && **n > 0)
        .map(|(v, n)| (*v, *n))
        .collect();
    let recorded = store.key_marks().await?;
    let recorded_provider = recorded
        .get(PROVIDER_MARK)
        .cloned()
        .or_else(|| counts.values().any(|n| *n > 0).then(|| "local".to_owned()));
    let (index_id, derive_id) = (ring.index_key_id(), ring.derivation_id());
    let write_id = ring.next_index_key_id().unwrap_or_else(|| index_id.clone());
    let subjects_to_reindex = store.subjects_not_indexed_under(&write_id).await?;
    let suppressions_under_other_keys = store.suppressions_not_under(&write_id).await?;
    let cutover = recorded.get(INDEX_NEXT_MARK) == Some(&index_id);
    let start_refused = if let Some(r) = recorded_provider.filter(|r| *r != identity) {
        Some(KeyringRefusal::ProviderChanged {
            recorded: r,
            now: identity.clone(),
        })
    } else if !missing.is_empty() && !local {
        Some(KeyringRefusal::VersionsNotDecryptable(missing.clone()))
    } else if !missing.is_empty() {
        Some(KeyringRefusal::MissingVersions(missing.clone()))
    } else if cutover && ring.next_index_key_id().is_none() && subjects_to_reindex > 0 {
        Some(KeyringRefusal::IndexRotationUnfinished {
            key: index_id.clone(),
            left: subjects_to_reindex,
        })
    } else if let Some(r) = recorded
        .get(INDEX_MARK)
        .filter(|r| **r != index_id && !cutover)
    {
        Some(KeyringRefusal::IndexKeyChanged {
            recorded: r.clone(),
            now: index_id.clone(),
        })
    } else {
        recorded
            .get(DERIVE_MARK)
            .filter(|r| **r != derive_id)
            .map(|r| KeyringRefusal::DerivationChanged {
                recorded: r.clone(),
                now: derive_id.clone(),
            })
    };
    Ok(KeyStatus {
        key_provider: identity,
        active_version: active.to_string(),
        available_versions: available.iter().map(ToString::to_string).collect(),
        keyring_versions: in_ring.iter().map(ToString::to_string).collect(),
        data_keys: counts.iter().map(|(v, n)| (v.to_string(), *n)).collect(),
        data_keys_to_rotate: counts
            .iter()
            .filter(|(v, _)| **v != active)
            .map(|(_, n)| n)
            .sum(),
        blind_index_key_id: index_id,
        blind_index_key: if ring.index_key_is_explicit() {
            "index_line"
        } else {
            "derived"
        },
        derivation_root: root_version.map_or_else(|| "derive_line".to_owned(), |v| v.to_string()),
        derivation_root_id: derive_id,
        next_index_key_id: ring.next_index_key_id(),
        retired_index_key_id: ring.retired_index_key_id(),
        subjects_to_reindex,
        suppressions_under_other_keys,
        recorded_key_ids: recorded,
        retired_versions_still_needed: needed,
        removable_versions: removable,
        missing_versions: missing.iter().map(|(v, _)| v.to_string()).collect(),
        start_refused: start_refused.map(|r| r.to_string()),
    })
}

/// How `keys rotate` proceeds.
#[derive(Debug, Clone, Copy)]
pub struct RotationOptions {
    /// Data keys per batch (one transaction each).
    pub batch_size: u32,
    /// A pause after each batch, to spare a busy database.
    pub pause: Duration,
}

/// Where a rotation is, after each batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RotationProgress {
    /// Data keys not under the active version when the rotation started (and any found later).
    pub total: u64,
    pub rewrapped: u64,
    /// Keys that changed between read and write (erased, or moved by another rotator).
    pub skipped: u64,
    pub batches: u64,
}

/// What `keys rotate` did; printed as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct RotationReport {
    pub active_version: String,
    pub rewrapped: u64,
    pub skipped: u64,
    pub batches: u64,
    /// Data keys still under another version at the end, per version (empty when complete).
    pub remaining: BTreeMap<String, i64>,
    pub complete: bool,
    pub elapsed_ms: u64,
}

impl Vault {
    /// Re-wraps every data key not under the active master key version (see the module
    /// documentation), reporting progress after each batch, and audits the run with its
    /// counts (`keys.rotate`). Admins only.
    pub async fn rotate_data_keys(
        &self,
        caller: &Caller<'_>,
        options: RotationOptions,
        progress: &mut (dyn FnMut(&RotationProgress) + Send),
    ) -> Result<RotationReport, ServiceError> {
        caller.require(permissions::ADMINS)?;
        let started = Instant::now();
        let active = self.keys.versions().await?.active;
        let batch_size = options.batch_size.max(1);
        let mut state = RotationProgress {
            total: not_active(&self.store.data_keys_by_version().await?, active)
                .values()
                .map(|n| u64::try_from(*n).unwrap_or(0))
                .sum(),
            ..RotationProgress::default()
        };
        progress(&state);
        // A random first position, so that rotators started together mostly work apart.
        let start = SubjectId::generate();
        let mut remaining = BTreeMap::new();
        for pass in 0..MAX_PASSES {
            remaining = not_active(&self.store.data_keys_by_version().await?, active);
            if remaining.is_empty() {
                break;
            }
            let found: u64 = remaining
                .values()
                .map(|n| u64::try_from(*n).unwrap_or(0))
                .sum();
            state.total = state.total.max(state.rewrapped + state.skipped + found);
            for version in remaining.keys().copied() {
                let froms = if pass == 0 {
                    vec![Some(start), None]
                } else {
                    vec![None]
                };
                for from in froms {
                    self.rotate_from(
                        version,
                        from,
                        batch_size,
                        options.pause,
                        &mut state,
                        progress,
                    )
                    .await?;
                }
            }
            remaining = not_active(&self.store.data_keys_by_version().await?, active);
        }
        let report = RotationReport {
            active_version: active.to_string(),
            rewrapped: state.rewrapped,
            skipped: state.skipped,
            batches: state.batches,
            complete: remaining.is_empty(),
            remaining: remaining
                .iter()
                .map(|(v, n)| (KeyVersion(*v).to_string(), *n))
                .collect(),
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        let mut e = entry(caller, Action::KeysRotate, None, None);
        e.allowed = true;
        e.reason = Some(format!(
            "{}:rewrapped:{}:skipped:{}:remaining:{}",
            report.active_version,
            report.rewrapped,
            report.skipped,
            report.remaining.values().sum::<i64>()
        ));
        self.audit.record(e).await?;
        Ok(report)
    }

    /// Moves the data keys under `version` with ids after `from` (all, for `None`).
    async fn rotate_from(
        &self,
        version: u32,
        from: Option<SubjectId>,
        batch_size: u32,
        pause: Duration,
        state: &mut RotationProgress,
        progress: &mut (dyn FnMut(&RotationProgress) + Send),
    ) -> Result<(), ServiceError> {
        let mut cursor = from;
        loop {
            let batch = self
                .store
                .data_keys_under(version, cursor.as_ref(), batch_size)
                .await?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            cursor = Some(last.subject);
            let mut rewrapped = Vec::with_capacity(batch.len());
            for old in batch {
                let wrapped = WrappedKey {
                    version: KeyVersion(old.kek_version),
                    bytes: old.wrapped_dek.clone(),
                };
                let new = self
                    .keys
                    .rewrap(&old.subject, &wrapped)
                    .await
                    .map_err(|e| {
                        anyhow::Error::new(e).context(format!(
                            "the data key of subject {} under {} does not open; it stays under \
                         {}",
                            old.subject, wrapped.version, wrapped.version
                        ))
                    })?;
                rewrapped.push(RewrappedDataKey {
                    old,
                    kek_version: new.version.0,
                    wrapped_dek: new.bytes,
                });
            }
            let written = self.store.replace_data_keys(&rewrapped).await?;
            let read = u64::try_from(rewrapped.len()).unwrap_or(u64::MAX);
            state.rewrapped += written;
            state.skipped += read.saturating_sub(written);
            state.batches += 1;
            progress(state);
            if !pause.is_zero() {
                actix_web::rt::time::sleep(pause).await;
            }
        }
    }
}

/// The counts of versions other than `active` that still have data keys.
fn not_active(counts: &BTreeMap<u32, i64>, active: KeyVersion) -> BTreeMap<u32, i64> {
    counts
        .iter()
        .filter(|(v, n)| **v != active.0 && **n > 0)
        .map(|(v, n)| (*v, *n))
        .collect()
}

/// The JSON summary of `custodia keys rotate-index`.
#[derive(Debug, Clone, Serialize)]
pub struct IndexRotationReport {
    /// The id of the key every index was recomputed under (the write key).
    pub index_key_id: String,
    pub subjects: u64,
    pub identifiers: u64,
    /// Identifier rows left under the old key because another subject holds the value's new
    /// index (values today's normalisation makes equal): merge those subjects, then run again.
    pub conflicts: u64,
    pub batches: u64,
    /// Subjects still not under the key when the run ended.
    pub remaining: i64,
    pub complete: bool,
    pub elapsed_ms: u64,
}

impl Vault {
    /// `custodia keys rotate-index`: recomputes the identifier indexes and the pseudonym index
    /// of every subject not yet under the write key (the keyring's `next-index:` key, else its
    /// `index:` key, which re-applies today's normalisation to rows made before it), from the
    /// decrypted values, in batches of one transaction each, in id order. Safe beside servers
    /// and other runs (see [`VaultStore::write_reindexed`]); after a kill, run it again.
    pub async fn rotate_index_key(
        &self,
        caller: &Caller<'_>,
        options: RotationOptions,
        progress: &mut (dyn FnMut(&RotationProgress) + Send),
    ) -> Result<IndexRotationReport, ServiceError> {
        caller.require(permissions::ADMINS)?;
        let started = Instant::now();
        let key_id = self.index.write_key_id().to_owned();
        let mut state = RotationProgress {
            total: u64::try_from(self.store.subjects_not_indexed_under(&key_id).await?)
                .unwrap_or(0),
            ..RotationProgress::default()
        };
        progress(&state);
        let (mut identifiers, mut conflicts) = (0, 0);
        let mut cursor: Option<SubjectId> = None;
        loop {
            let batch = self
                .store
                .subjects_to_reindex(&key_id, cursor.as_ref(), options.batch_size.max(1))
                .await?;
            let Some(last) = batch.last() else { break };
            cursor = Some(last.subject);
            let mut out = Vec::with_capacity(batch.len());
            for s in &batch {
                out.push(self.reindexed(s).await?);
            }
            let read = u64::try_from(out.len()).unwrap_or(u64::MAX);
            let written = self.store.write_reindexed(&key_id, &out).await?;
            state.rewrapped += written.subjects;
            state.skipped += read.saturating_sub(written.subjects);
            state.batches += 1;
            identifiers += written.identifiers;
            conflicts += written.conflicts;
            progress(&state);
            if !options.pause.is_zero() {
                actix_web::rt::time::sleep(options.pause).await;
            }
        }
        let remaining = self.store.subjects_not_indexed_under(&key_id).await?;
        let report = IndexRotationReport {
            index_key_id: key_id,
            subjects: state.rewrapped,
            identifiers,
            conflicts,
            batches: state.batches,
            remaining,
            complete: remaining == 0,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        let mut e = entry(caller, Action::KeysRotateIndex, None, None);
        e.allowed = true;
        e.reason = Some(format!(
            "{}:subjects:{}:identifiers:{}:conflicts:{}:remaining:{}",
            report.index_key_id, report.subjects, report.identifiers, report.conflicts, remaining
        ));
        self.audit.record(e).await?;
        Ok(report)
    }

    /// One subject's indexes under the write key, from its decrypted pseudonym and
    /// identifiers, each identifier normalised as `Identifier::parse` does today.
    async fn reindexed(&self, s: &IndexedSubject) -> Result<ReindexedSubject, ServiceError> {
        let dek = self
            .keys
            .unwrap(
                &s.subject,
                &WrappedKey {
                    version: KeyVersion(s.kek_version),
                    bytes: s.wrapped_dek.clone(),
                },
            )
            .await?;
        let plain = dek.decrypt_field(&s.subject, PSEUDONYM_FIELD, &s.pseudonym_ct)?;
        let bytes: [u8; 16] = plain
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("stored pseudonym has the wrong length"))?;
        let mut identifiers = Vec::with_capacity(s.identifiers.len());
        for (kind_name, old, ct) in &s.identifiers {
            let kind: IdentifierType = kind_name
                .parse()
                .map_err(|_| anyhow::anyhow!("a stored identifier has an unknown type"))?;
            let value = dek.decrypt_field(&s.subject, &Field::Identifiers(kind).name(), ct)?;
            let value = std::str::from_utf8(&value)
                .map_err(|_| anyhow::anyhow!("a decrypted identifier is not UTF-8"))?;
            // A value today's rules refuse keeps its index recomputed as stored.
            let canonical = Identifier::parse(kind, value)
                .map(|i| i.value().to_owned())
                .unwrap_or_else(|_| value.to_owned());
            let new = self.index.identifier(kind, &canonical).to_vec();
            identifiers.push((kind_name.clone(), old.clone(), new));
        }
        Ok(ReindexedSubject {
            subject: s.subject,
            old_pseudonym_index: s.pseudonym_index.clone(),
            pseudonym_index: self.index.pseudonym(&Pseudonym::from_bytes(bytes)).to_vec(),
            identifiers,
        })
    }
}
