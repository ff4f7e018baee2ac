//! Reading and checking the policy files. Every rule of the format is checked here, once, and
//! every problem is reported with the file, line and column it comes from.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::events::MAX_PROPERTIES;
use super::model::MAX_WEBHOOK_URL_CHARS;
use super::{
    Client, EventType, LegalBasis, Policy, PolicyError, PropertySpec, PropertyType, Purpose,
};
use crate::domain::{ClientId, Field, PurposeId, Transform};

pub const PURPOSES_FILE: &str = "purposes.toml";
pub const CLIENTS_FILE: &str = "clients.toml";
pub const CATEGORIES_FILE: &str = "categories.toml";
/// Optional: our consent purposes → the IAB TCF v2.2 purposes a TC string must consent to.
pub const TCF_FILE: &str = "tcf.toml";
/// The catalogue of behavioural event types; required as soon as a purpose lists an event type.
pub const EVENTS_FILE: &str = "events.toml";

/// The purposes of IAB TCF v2.2 are numbered 1 to 11.
const TCF_PURPOSES: std::ops::RangeInclusive<i64> = 1..=11;

/// The groups `Field::expand` knows, for messages; a name in a policy file is a field name or
/// one of these.
const GROUPS: [&str; 2] = ["address", "identifiers"];

impl Policy {
    /// Loads and checks `purposes.toml`, `clients.toml`, `categories.toml`, `events.toml` and,
    /// if it exists, `tcf.toml` from `dir`. `events.toml` may be left out only while no purpose
    /// lists an event type (a missing file is then a [`PolicyError::Read`] naming it).
    pub fn load(dir: &Path) -> Result<Policy, PolicyError> {
        let (purposes_path, purposes) = read(dir, PURPOSES_FILE)?;
        let (clients_path, clients) = read(dir, CLIENTS_FILE)?;
        let (categories_path, categories) = read(dir, CATEGORIES_FILE)?;
        let (tcf_path, tcf) = read_optional(dir, TCF_FILE)?;
        let events_path = dir.join(EVENTS_FILE);
        let (events, events_missing) = match std::fs::read_to_string(&events_path) {
            Ok(text) => (text, None),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                (String::new(), Some(error))
            }
            Err(error) => {
                return Err(PolicyError::Read {
                    file: events_path,
                    error,
                })
            }
        };
        build(
            &Source::new(&purposes_path, &purposes),
            &Source::new(&clients_path, &clients),
            &Source::new(&categories_path, &categories),
            &Source::new(&tcf_path, &tcf),
            &Source::new(&events_path, &events),
            events_missing,
        )
    }

    /// Loads a policy from the text of `purposes.toml`, `clients.toml` and `categories.toml`,
    /// with no `tcf.toml` and an empty `events.toml` (so no purpose may list an event type; see
    /// [`Policy::from_strs_with_events`]); errors name the files by their file name only
    /// (`purposes.toml:3:9: …`). For tests and fuzzing.
    pub fn from_strs(
        purposes: &str,
        clients: &str,
        categories: &str,
    ) -> Result<Policy, PolicyError> {
        Self::from_strs_with_tcf(purposes, clients, categories, "")
    }

    /// [`Policy::from_strs`] with the text of `tcf.toml` too (`""` is the same as no file).
    pub fn from_strs_with_tcf(
        purposes: &str,
        clients: &str,
        categories: &str,
        tcf: &str,
    ) -> Result<Policy, PolicyError> {
        Self::from_strs_with_events(purposes, clients, categories, tcf, "")
    }

    /// [`Policy::from_strs_with_tcf`] with the text of `events.toml` too (`""` is an empty
    /// catalogue: then no purpose may list an event type).
    pub fn from_strs_with_events(
        purposes: &str,
        clients: &str,
        categories: &str,
        tcf: &str,
        events: &str,
    ) -> Result<Policy, PolicyError> {
        build(
            &Source::new(Path::new(PURPOSES_FILE), purposes),
            &Source::new(Path::new(CLIENTS_FILE), clients),
            &Source::new(Path::new(CATEGORIES_FILE), categories),
            &Source::new(Path::new(TCF_FILE), tcf),
            &Source::new(Path::new(EVENTS_FILE), events),
            None,
        )
    }
}

fn read(dir: &Path, name: &str) -> Result<(PathBuf, String), PolicyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(error) => Err(PolicyError::Read { file: path, error }),
    }
}

/// A file that may be left out: absent reads as empty text (any other failure is an error).
fn read_optional(dir: &Path, name: &str) -> Result<(PathBuf, String), PolicyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok((path, String::new())),
        Err(error) => Err(PolicyError::Read { file: path, error }),
    }
}

/// `events_missing`: `events.toml` was not found on disk (its text is then empty); an error
/// only if a purpose lists an event type.
fn build(
    purposes_src: &Source<'_>,
    clients: &Source<'_>,
    categories: &Source<'_>,
    tcf: &Source<'_>,
    events: &Source<'_>,
    events_missing: Option<std::io::Error>,
) -> Result<Policy, PolicyError> {
    let (purposes, event_refs) = parse_purposes(purposes_src)?;
    let purpose_index: HashMap<PurposeId, usize> = purposes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let clients = parse_clients(clients, &purposes)?;
    let client_index: HashMap<ClientId, usize> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let categories = parse_categories(categories)?;
    let tcf = parse_tcf(tcf, &purposes, &purpose_index)?;
    if let (Some(error), Some(first)) = (events_missing, event_refs.first()) {
        let purpose = purposes.get(first.purpose).map_or("", |p| p.id.as_str());
        return Err(PolicyError::Read {
            file: events.file.to_path_buf(),
            error: std::io::Error::new(
                error.kind(),
                format!(
                    "{error}; purpose \"{purpose}\" lists event types (\"{}\" first), and \
                     {EVENTS_FILE} must define every event type a purpose lists",
                    first.name.get_ref()
                ),
            ),
        });
    }
    let event_types = parse_events(events, &purposes)?;
    check_event_refs(purposes_src, &purposes, &event_refs, &event_types)?;
    let event_types = check_served(events, event_types)?;
    let event_type_index: HashMap<String, usize> = event_types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    Ok(Policy {
        purposes,
        purpose_index,
        clients,
        client_index,
        categories,
        tcf,
        event_types,
        event_type_index,
    })
}

/// One policy file: its name for messages and its text, for turning byte offsets into lines.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
}

impl<'a> Source<'a> {
    fn new(file: &'a Path, text: &'a str) -> Self {
        Self { file, text }
    }

    fn error(&self, span: Range<usize>, reason: impl fmt::Display) -> PolicyError {
        let (line, column) = line_column(self.text, span.start);
        PolicyError::Invalid {
            file: self.file.to_path_buf(),
            line,
            column,
            reason: reason.to_string(),
        }
    }

    fn line(&self, span: &Range<usize>) -> usize {
        line_column(self.text, span.start).0
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, PolicyError> {
        toml::from_str(self.text).map_err(|e| {
            let lines: Vec<&str> = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // In these files "field" means a personal-data field; call TOML keys keys.
            let mut reason = lines
                .join("; ")
                .replace("unknown field `", "unknown key `")
                .replace("missing field `", "missing key `")
                .replace(
                    "struct EventProperty",
                    "a table such as { type = \"sku\", required = true }",
                );
            if reason.contains("dotted key") && self.file.ends_with(CATEGORIES_FILE) {
                reason.push_str(
                    " (write a dotted field name in quotes when its group has a line of its \
                     own, e.g. \"address.city\" = …)",
                );
            }
            self.error(e.span().unwrap_or(0..0), reason)
        })
    }
}

/// The 1-based line and column (in characters) of a byte offset; offsets past the end or
/// inside a character are clamped rather than trusted.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = match text.get(line_start..offset) {
        Some(s) => s.chars().count() + 1,
        None => offset - line_start + 1,
    };
    (line, column)
}

// ---------------------------------------------------------------------------------------------
// purposes.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PurposesFile {
    #[serde(default)]
    purpose: Vec<RawPurpose>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: Spanned<String>,
    description: Spanned<String>,
    legal_basis: Spanned<LegalBasis>,
    fields: Vec<Spanned<String>>,
    event_types: Vec<Spanned<String>>,
    retention_days: Spanned<u32>,
    objection_stops: Option<Spanned<bool>>,
    #[serde(default)]
    allowed_under_restriction: bool,
    notice_version: Option<Spanned<String>>,
    reconsent_required: Option<Spanned<bool>>,
    #[serde(default)]
    direct_marketing: bool,
    #[serde(default)]
    sale_or_sharing: bool,
    fides_data_use: Option<Spanned<String>>,
    views: Option<BTreeMap<Spanned<String>, Spanned<ViewEntry>>>,
    #[serde(default)]
    aggregate_only: bool,
    min_cell_size: Option<Spanned<u64>>,
}

/// An event type named in a purpose's `event_types`, where it stands in `purposes.toml`.
struct EventRef {
    /// Index into the purposes.
    purpose: usize,
    name: Spanned<String>,
}

/// The purposes in file order, and every event type they name, in file order.
fn parse_purposes(src: &Source<'_>) -> Result<(Vec<Purpose>, Vec<EventRef>), PolicyError> {
    let file: PurposesFile = src.parse()?;
    let mut first_line: HashMap<PurposeId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.purpose.len());
    let mut refs = Vec::new();
    for raw in file.purpose {
        let names = raw.event_types.clone();
        let purpose = check_purpose(src, raw, &mut first_line)?;
        refs.extend(names.into_iter().map(|name| EventRef {
            purpose: out.len(),
            name,
        }));
        out.push(purpose);
    }
    Ok((out, refs))
}

fn check_purpose(
    src: &Source<'_>,
    raw: RawPurpose,
    first_line: &mut HashMap<PurposeId, usize>,
) -> Result<Purpose, PolicyError> {
    let id = PurposeId::parse(raw.id.get_ref()).map_err(|e| {
        src.error(
            raw.id.span(),
            format!("invalid purpose id {:?}: {e}", raw.id.get_ref()),
        )
    })?;
    if let Some(line) = first_line.get(&id) {
        return Err(src.error(
            raw.id.span(),
            format!("duplicate purpose id \"{id}\" (first defined on line {line})"),
        ));
    }
    first_line.insert(id.clone(), src.line(&raw.id.span()));

    let description = non_empty(src, raw.description, "description")?;
    let legal_basis = *raw.legal_basis.get_ref();

    let mut fields = BTreeSet::new();
    for name in &raw.fields {
        fields.extend(expand_field(src, name)?);
    }

    let mut event_types = BTreeSet::new();
    for event_type in raw.event_types {
        if !is_snake_case_name(event_type.get_ref()) {
            return Err(src.error(
                event_type.span(),
                format!(
                    "invalid event type {:?}: use a snake_case name such as page_view",
                    event_type.get_ref()
                ),
            ));
        }
        event_types.insert(event_type.into_inner());
    }

    let retention_days = *raw.retention_days.get_ref();
    if retention_days == 0 {
        return Err(src.error(
            raw.retention_days.span(),
            "retention_days must be at least 1 (a number of days)",
        ));
    }

    let notice_version = match raw.notice_version {
        Some(v) => Some(non_empty(src, v, "notice_version")?),
        None => None,
    };
    if legal_basis == LegalBasis::Consent && notice_version.is_none() {
        return Err(src.error(
            raw.legal_basis.span(),
            format!(
                "purpose \"{id}\" is based on consent, so it needs a notice_version \
                 (the version of the notice people consent to)"
            ),
        ));
    }

    let reconsent_required = match raw.reconsent_required {
        Some(flag) if legal_basis != LegalBasis::Consent => {
            return Err(src.error(
                flag.span(),
                format!(
                    "reconsent_required applies only to a purpose based on consent, and \
                     purpose \"{id}\" is based on {legal_basis}; remove the line"
                ),
            ));
        }
        Some(flag) => *flag.get_ref(),
        None => false,
    };

    let objection_stops = match raw.objection_stops {
        Some(flag) if !*flag.get_ref() && raw.direct_marketing => {
            return Err(src.error(
                flag.span(),
                "objection_stops = false cannot apply to a direct_marketing purpose: an \
                 objection to direct marketing always stops it (GDPR Art. 21(3)); remove the line",
            ));
        }
        Some(flag) if !*flag.get_ref() && raw.sale_or_sharing => {
            return Err(src.error(
                flag.span(),
                "objection_stops = false cannot apply to a sale_or_sharing purpose: an \
                 objection to the sale or sharing of personal data (such as a Global Privacy \
                 Control signal) always stops it; remove the line",
            ));
        }
        Some(flag) => *flag.get_ref(),
        None => raw.sale_or_sharing || legal_basis.objection_stops_by_default(),
    };

    let fides_data_use = match raw.fides_data_use {
        Some(v) => Some(taxonomy_key(src, v, "fides_data_use")?),
        None => None,
    };

    let views = match raw.views {
        Some(table) => check_views(src, &id, &fields, table)?,
        None => BTreeMap::new(),
    };

    let min_cell_size = match raw.min_cell_size {
        Some(k) if !raw.aggregate_only => {
            return Err(src.error(
                k.span(),
                "min_cell_size applies only to an aggregate_only purpose; remove the line",
            ));
        }
        Some(k) if *k.get_ref() < 2 => {
            return Err(src.error(
                k.span(),
                "min_cell_size must be at least 2: a cell of one is one person",
            ));
        }
        Some(k) => *k.get_ref(),
        None => super::model::DEFAULT_MIN_CELL_SIZE,
    };

    Ok(Purpose {
        id,
        description,
        legal_basis,
        fields,
        event_types,
        retention_days,
        objection_stops,
        allowed_under_restriction: raw.allowed_under_restriction,
        notice_version,
        reconsent_required,
        direct_marketing: raw.direct_marketing,
        sale_or_sharing: raw.sale_or_sharing,
        fides_data_use,
        views,
        aggregate_only: raw.aggregate_only,
        min_cell_size,
    })
}

/// Checks a purpose's `views` table: each key one field (not a group) that the purpose lists
/// in `fields`, given once; each value a transform that applies to that field.
fn check_views(
    src: &Source<'_>,
    id: &PurposeId,
    fields: &BTreeSet<Field>,
    table: BTreeMap<Spanned<String>, Spanned<ViewEntry>>,
) -> Result<BTreeMap<Field, Transform>, PolicyError> {
    let mut views = BTreeMap::new();
    let mut lines: HashMap<Field, usize> = HashMap::new();
    for line in view_lines(table) {
        let name = Spanned::new(line.name_span, line.name);
        let expanded = expand_field(src, &name)?;
        // A single field expands to itself, a group to all its members.
        let &[field] = expanded.as_slice() else {
            return Err(src.error(
                name.span(),
                format!(
                    "a view is for one field, not the group {:?}; give each field its own line, \
                     e.g. \"{}\" = …",
                    name.get_ref(),
                    expanded.first().map(|f| f.name()).unwrap_or_default()
                ),
            ));
        };
        if !fields.contains(&field) {
            return Err(src.error(
                name.span(),
                format!(
                    "view for field \"{field}\", which purpose \"{id}\" does not list in \
                     fields; add the field to fields or remove the view"
                ),
            ));
        }
        let transform =
            Transform::parse(line.value.get_ref()).map_err(|e| src.error(line.value.span(), e))?;
        if !transform.applies_to(field) {
            return Err(src.error(
                line.value.span(),
                format!(
                    "transform {transform} does not apply to field \"{field}\": {}",
                    applies_hint(transform)
                ),
            ));
        }
        let this_line = src.line(&name.span());
        if let Some(other) = lines.insert(field, this_line) {
            return Err(src.error(
                name.span(),
                format!("field \"{field}\" is given a view twice (also on line {other})"),
            ));
        }
        views.insert(field, transform);
    }
    Ok(views)
}

/// A value in a `views` table: a transform, or (for `address.postal_code = …` written without
/// quotes) a table of member names to transforms.
enum ViewEntry {
    Transform(String),
    Members(BTreeMap<Spanned<String>, Spanned<String>>),
}

impl<'de> Deserialize<'de> for ViewEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = ViewEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a transform such as \"mask\", \"age_band\" or \"truncate:3\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ViewEntry::Transform(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let members =
                    BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(ViewEntry::Members(members))
            }
        }

        d.deserialize_any(EntryVisitor)
    }
}

/// One `field = "transform"` line of a `views` table, nesting flattened.
struct ViewLine {
    name: String,
    name_span: Range<usize>,
    value: Spanned<String>,
}

/// The lines of a `views` table in file order, `address.postal_code`-style nesting flattened.
fn view_lines(table: BTreeMap<Spanned<String>, Spanned<ViewEntry>>) -> Vec<ViewLine> {
    let mut lines = Vec::new();
    for (key, entry) in table {
        let entry_span = entry.span();
        match entry.into_inner() {
            ViewEntry::Transform(value) => lines.push(ViewLine {
                name: key.get_ref().clone(),
                name_span: key.span(),
                value: Spanned::new(entry_span, value),
            }),
            ViewEntry::Members(members) => {
                for (member, value) in members {
                    lines.push(ViewLine {
                        name: format!("{}.{}", key.get_ref(), member.get_ref()),
                        name_span: member.span(),
                        value,
                    });
                }
            }
        }
    }
    lines.sort_by_key(|l| l.name_span.start);
    lines
}

/// Which fields a transform is for, for messages (see [`Transform::applies_to`]).
fn applies_hint(transform: Transform) -> &'static str {
    match transform {
        Transform::Mask => "mask is for text fields and identifiers (use age_band for birth_date)",
        Transform::AgeBand => "age_band is for birth_date only",
        Transform::Truncate(_) => {
            "truncate is for personal text fields, not birth_date (use age_band) or identifiers \
             (use mask)"
        }
    }
}

fn expand_field(src: &Source<'_>, name: &Spanned<String>) -> Result<Vec<Field>, PolicyError> {
    Field::expand(name.get_ref()).map_err(|_| {
        let known: Vec<String> = Field::all().map(Field::name).collect();
        src.error(
            name.span(),
            format!(
                "unknown field {:?}; use one of {}, or a group: {}",
                name.get_ref(),
                known.join(", "),
                GROUPS.join(", ")
            ),
        )
    })
}

fn non_empty(src: &Source<'_>, value: Spanned<String>, what: &str) -> Result<String, PolicyError> {
    let trimmed = value.get_ref().trim();
    if trimmed.is_empty() {
        return Err(src.error(value.span(), format!("{what} must not be empty")));
    }
    Ok(trimmed.to_owned())
}

/// `a-z`, `0-9` and `_`, starting with a letter, 1 to 64 characters (like purpose ids).
pub(super) fn is_snake_case_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A dotted taxonomy name such as `user.contact.email` (Fides style): lower-case segments of
/// `a-z`, `0-9` and `_`, separated by dots.
fn taxonomy_key(
    src: &Source<'_>,
    value: Spanned<String>,
    what: &str,
) -> Result<String, PolicyError> {
    let s = value.get_ref();
    let ok = (1..=200).contains(&s.len())
        && s.split('.').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        });
    if ok {
        Ok(value.into_inner())
    } else {
        Err(src.error(
            value.span(),
            format!(
                "invalid {what} {s:?}: use a dotted lower-case name such as user.contact.email"
            ),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// clients.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientsFile {
    #[serde(default)]
    client: Vec<RawClient>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    id: Spanned<String>,
    description: Spanned<String>,
    purposes: Vec<Spanned<String>>,
    webhook_url: Option<Spanned<String>>,
    requests_per_second: Option<Spanned<i64>>,
    #[serde(default)]
    records_consent: Vec<Spanned<String>>,
    #[serde(default)]
    identity_management: bool,
}

fn parse_clients(src: &Source<'_>, purposes: &[Purpose]) -> Result<Vec<Client>, PolicyError> {
    let file: ClientsFile = src.parse()?;
    let known: BTreeSet<&PurposeId> = purposes.iter().map(|p| &p.id).collect();
    let mut first_line: HashMap<ClientId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.client.len());
    for raw in file.client {
        let id = ClientId::parse(raw.id.get_ref()).map_err(|e| {
            src.error(
                raw.id.span(),
                format!("invalid client id {:?}: {e}", raw.id.get_ref()),
            )
        })?;
        if let Some(line) = first_line.get(&id) {
            return Err(src.error(
                raw.id.span(),
                format!("duplicate client id \"{id}\" (first defined on line {line})"),
            ));
        }
        first_line.insert(id.clone(), src.line(&raw.id.span()));
        let description = non_empty(src, raw.description, "description")?;
        let mut client_purposes = BTreeSet::new();
        for name in &raw.purposes {
            let purpose = PurposeId::parse(name.get_ref())
                .ok()
                .filter(|p| known.contains(p))
                .ok_or_else(|| {
                    let defined: Vec<&str> = purposes.iter().map(|p| p.id.as_str()).collect();
                    let defined = if defined.is_empty() {
                        String::from("none")
                    } else {
                        defined.join(", ")
                    };
                    src.error(
                        name.span(),
                        format!(
                            "unknown purpose {:?} for client \"{id}\"; {PURPOSES_FILE} defines: \
                             {defined}",
                            name.get_ref()
                        ),
                    )
                })?;
            if !client_purposes.insert(purpose) {
                return Err(src.error(
                    name.span(),
                    format!(
                        "purpose {:?} is listed twice for client \"{id}\"",
                        name.get_ref()
                    ),
                ));
            }
        }
        let webhook_url = match raw.webhook_url {
            Some(url) => Some(check_webhook_url(src, url, &id)?),
            None => None,
        };
        let requests_per_second = match raw.requests_per_second {
            Some(rate) => Some(
                u32::try_from(*rate.get_ref())
                    .ok()
                    .filter(|r| (1..=MAX_CLIENT_RATE).contains(r))
                    .and_then(std::num::NonZeroU32::new)
                    .ok_or_else(|| {
                        src.error(
                            rate.span(),
                            format!(
                                "requests_per_second for client \"{id}\" must be a whole \
                                 number from 1 to {MAX_CLIENT_RATE}"
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let records_consent =
            check_records_consent(src, &raw.records_consent, &client_purposes, purposes, &id)?;
        out.push(Client {
            id,
            description,
            purposes: client_purposes,
            webhook_url,
            requests_per_second,
            records_consent,
            identity_management: raw.identity_management,
        });
    }
    Ok(out)
}

/// A client's `records_consent`: the purposes whose consent grants it may record. Each must be
/// one of the client's own `purposes`, based on consent, and listed once.
fn check_records_consent(
    src: &Source<'_>,
    names: &[Spanned<String>],
    registered: &BTreeSet<PurposeId>,
    purposes: &[Purpose],
    client: &ClientId,
) -> Result<BTreeSet<PurposeId>, PolicyError> {
    let mut out = BTreeSet::new();
    for name in names {
        let purpose = PurposeId::parse(name.get_ref())
            .ok()
            .filter(|p| registered.contains(p))
            .ok_or_else(|| {
                src.error(
                    name.span(),
                    format!(
                        "records_consent of client \"{client}\" names {:?}, which is not among \
                         its purposes; a client records consent only for purposes it is \
                         registered for",
                        name.get_ref()
                    ),
                )
            })?;
        if let Some(p) = purposes.iter().find(|p| p.id == purpose) {
            if p.legal_basis != LegalBasis::Consent {
                return Err(src.error(
                    name.span(),
                    format!(
                        "records_consent of client \"{client}\" names \"{purpose}\", which is \
                         based on {}, not consent; only consent purposes have grants to record",
                        p.legal_basis
                    ),
                ));
            }
        }
        if !out.insert(purpose) {
            return Err(src.error(
                name.span(),
                format!(
                    "purpose {:?} is listed twice in records_consent of client \"{client}\"",
                    name.get_ref()
                ),
            ));
        }
    }
    Ok(out)
}

/// The highest `requests_per_second` a client may be given.
const MAX_CLIENT_RATE: u32 = 1_000_000;

/// A client's `webhook_url`: `http://` or `https://` (scheme in lower case), a host, at most
/// [`MAX_WEBHOOK_URL_CHARS`] characters, no white space or control characters, no user
/// name or password (a credential in the policy would be readable by everyone who reviews it).
fn check_webhook_url(
    src: &Source<'_>,
    url: Spanned<String>,
    client: &ClientId,
) -> Result<String, PolicyError> {
    let span = url.span();
    let value = url.into_inner();
    let fail = |why: &str| {
        src.error(
            span.clone(),
            format!("invalid webhook_url for client \"{client}\": {why}"),
        )
    };
    if value.chars().count() > MAX_WEBHOOK_URL_CHARS {
        return Err(fail(&format!(
            "longer than {MAX_WEBHOOK_URL_CHARS} characters"
        )));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(fail("must not contain spaces or control characters"));
    }
    let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    else {
        return Err(fail(
            "must start with http:// or https://, e.g. https://crm.example.com/custodia/hook",
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(fail(
            "must not carry a user name or password (the request is signed instead)",
        ));
    }
    let host = authority
        .strip_prefix('[')
        .and_then(|a| a.split_once(']').map(|(h, _)| h))
        .unwrap_or_else(|| authority.split(':').next().unwrap_or_default());
    if host.is_empty() {
        return Err(fail("names no host"));
    }
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// categories.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    fields: Spanned<BTreeMap<Spanned<String>, Spanned<CategoryEntry>>>,
}

/// A value under `[fields]`: a category, or (for `address.city = …` written without quotes,
/// or a `[fields.address]` table) a table of member names to categories.
enum CategoryEntry {
    Category(String),
    Members(BTreeMap<Spanned<String>, Spanned<String>>),
}

impl<'de> Deserialize<'de> for CategoryEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = CategoryEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a data category such as \"user.contact.email\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CategoryEntry::Category(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let members =
                    BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(CategoryEntry::Members(members))
            }
        }

        d.deserialize_any(EntryVisitor)
    }
}

/// One `name = "category"` line, with `address.city`-style nesting already flattened.
struct CategoryLine {
    name: String,
    name_span: Range<usize>,
    category: Spanned<String>,
}

fn parse_categories(src: &Source<'_>) -> Result<BTreeMap<Field, String>, PolicyError> {
    let file: CategoriesFile = src.parse()?;
    let table_span = file.fields.span();
    let mut lines = Vec::new();
    for (key, entry) in file.fields.into_inner() {
        let entry_span = entry.span();
        match entry.into_inner() {
            CategoryEntry::Category(category) => lines.push(CategoryLine {
                name: key.get_ref().clone(),
                name_span: key.span(),
                category: Spanned::new(entry_span, category),
            }),
            CategoryEntry::Members(members) => {
                for (member, category) in members {
                    lines.push(CategoryLine {
                        name: format!("{}.{}", key.get_ref(), member.get_ref()),
                        name_span: member.span(),
                        category,
                    });
                }
            }
        }
    }
    // Report problems in the order they appear in the file.
    lines.sort_by_key(|l| l.name_span.start);

    // A group gives all its members a category; a line for a single field overrides it.
    let mut by_group: BTreeMap<Field, String> = BTreeMap::new();
    let mut by_field: BTreeMap<Field, (String, usize)> = BTreeMap::new();
    for line in lines {
        let fields = expand_field(
            src,
            &Spanned::new(line.name_span.clone(), line.name.clone()),
        )?;
        let category = taxonomy_key(src, line.category, "data category")?;
        // A name that expanded but is not a single field is a group.
        if line.name.parse::<Field>().is_err() {
            for field in fields {
                by_group.insert(field, category.clone());
            }
            continue;
        }
        for field in fields {
            let this_line = src.line(&line.name_span);
            if let Some((_, other)) = by_field.insert(field, (category.clone(), this_line)) {
                return Err(src.error(
                    line.name_span.clone(),
                    format!("field \"{field}\" is given a category twice (also on line {other})"),
                ));
            }
        }
    }

    let mut categories = BTreeMap::new();
    let mut missing = Vec::new();
    for field in Field::all() {
        let category = by_field
            .remove(&field)
            .map(|(c, _)| c)
            .or_else(|| by_group.remove(&field));
        match category {
            Some(c) => {
                categories.insert(field, c);
            }
            None => missing.push(field.name()),
        }
    }
    if !missing.is_empty() {
        return Err(src.error(
            table_span,
            format!(
                "no data category for {}; add a line for each under [fields] (a group name \
                 such as address covers all its members)",
                missing.join(", ")
            ),
        ));
    }
    Ok(categories)
}

// ---------------------------------------------------------------------------------------------
// tcf.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TcfFile {
    #[serde(default)]
    purposes: BTreeMap<Spanned<String>, Vec<Spanned<i64>>>,
}

fn parse_tcf(
    src: &Source<'_>,
    purposes: &[Purpose],
    purpose_index: &HashMap<PurposeId, usize>,
) -> Result<HashMap<PurposeId, BTreeSet<u8>>, PolicyError> {
    let file: TcfFile = src.parse()?;
    // Report problems in the order they appear in the file.
    let mut entries: Vec<_> = file.purposes.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut out = HashMap::with_capacity(entries.len());
    for (key, ids) in entries {
        let purpose = PurposeId::parse(key.get_ref())
            .ok()
            .and_then(|id| purpose_index.get(&id))
            .and_then(|&i| purposes.get(i))
            .ok_or_else(|| {
                let consent: Vec<&str> = purposes
                    .iter()
                    .filter(|p| p.requires_consent())
                    .map(|p| p.id.as_str())
                    .collect();
                let consent = if consent.is_empty() {
                    String::from("none")
                } else {
                    consent.join(", ")
                };
                src.error(
                    key.span(),
                    format!(
                        "unknown purpose {:?}; the consent purposes {PURPOSES_FILE} defines are: \
                         {consent}",
                        key.get_ref()
                    ),
                )
            })?;
        if !purpose.requires_consent() {
            return Err(src.error(
                key.span(),
                format!(
                    "purpose \"{}\" is based on {}, not consent; only consent purposes map to \
                     TCF purposes",
                    purpose.id, purpose.legal_basis
                ),
            ));
        }
        let mut tcf_ids = BTreeSet::new();
        for id in ids {
            let n = *id.get_ref();
            let n = u8::try_from(n)
                .ok()
                .filter(|_| TCF_PURPOSES.contains(&n))
                .ok_or_else(|| {
                    src.error(
                        id.span(),
                        format!(
                            "TCF purpose {n} does not exist: IAB TCF v2.2 purposes are numbered \
                             1 to 11"
                        ),
                    )
                })?;
            if !tcf_ids.insert(n) {
                return Err(src.error(
                    id.span(),
                    format!("TCF purpose {n} is listed twice for \"{}\"", purpose.id),
                ));
            }
        }
        out.insert(purpose.id.clone(), tcf_ids);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// events.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    #[serde(default)]
    event_type: Vec<RawEventType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEventType {
    name: Spanned<String>,
    description: Spanned<String>,
    #[serde(default)]
    properties: BTreeMap<Spanned<String>, EventProperty>,
}

/// `{ type = "…", required = … }`; the name appears in serde's messages (see [`Source::parse`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventProperty {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
}

/// The catalogue in file order, each type with the purposes that serve it and the place of its
/// name (for [`check_served`]).
fn parse_events(
    src: &Source<'_>,
    purposes: &[Purpose],
) -> Result<Vec<(EventType, Range<usize>)>, PolicyError> {
    let file: EventsFile = src.parse()?;
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.event_type.len());
    for raw in file.event_type {
        let name = raw.name.get_ref();
        if !is_snake_case_name(name) {
            return Err(src.error(
                raw.name.span(),
                format!(
                    "invalid event type name {name:?}: use a snake_case name such as page_view"
                ),
            ));
        }
        if let Some(line) = first_line.get(name) {
            return Err(src.error(
                raw.name.span(),
                format!("duplicate event type \"{name}\" (first defined on line {line})"),
            ));
        }
        first_line.insert(name.clone(), src.line(&raw.name.span()));
        let description = non_empty(src, raw.description, "description")?;

        // Report problems in the order they appear in the file.
        let mut lines: Vec<_> = raw.properties.into_iter().collect();
        lines.sort_by_key(|(key, _)| key.span().start);
        let mut properties = BTreeMap::new();
        for (i, (key, property)) in lines.into_iter().enumerate() {
            if i == MAX_PROPERTIES {
                return Err(src.error(
                    key.span(),
                    format!(
                        "event type \"{name}\" has more than {MAX_PROPERTIES} properties; keep \
                         to what the purposes serving it need"
                    ),
                ));
            }
            if !is_snake_case_name(key.get_ref()) {
                return Err(src.error(
                    key.span(),
                    format!(
                        "invalid property name {:?}: use a snake_case name such as order_id",
                        key.get_ref()
                    ),
                ));
            }
            let kind = PropertyType::parse(property.kind.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = PropertyType::ALL.iter().map(|t| t.as_str()).collect();
                src.error(
                    property.kind.span(),
                    format!(
                        "unknown property type {:?} for property \"{}\"; use one of {}",
                        property.kind.get_ref(),
                        key.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            properties.insert(
                key.into_inner(),
                PropertySpec {
                    kind,
                    required: property.required,
                },
            );
        }

        let served_by: Vec<PurposeId> = purposes
            .iter()
            .filter(|p| p.allows_event_type(name))
            .map(|p| p.id.clone())
            .collect();
        let span = raw.name.span();
        out.push((
            EventType {
                name: raw.name.into_inner(),
                description,
                properties,
                served_by,
            },
            span,
        ));
    }
    Ok(out)
}

/// Refuses a catalogue type that no purpose serves: an event no purpose may see must not be
/// collected.
fn check_served(
    src: &Source<'_>,
    catalogue: Vec<(EventType, Range<usize>)>,
) -> Result<Vec<EventType>, PolicyError> {
    let mut out = Vec::with_capacity(catalogue.len());
    for (event_type, span) in catalogue {
        if event_type.served_by.is_empty() {
            return Err(src.error(
                span,
                format!(
                    "event type \"{}\" is served by no purpose: list it in the event_types of \
                     a purpose in {PURPOSES_FILE}, or remove it (an event no purpose may see \
                     must not be collected)",
                    event_type.name
                ),
            ));
        }
        out.push(event_type);
    }
    Ok(out)
}

/// Every event type a purpose lists must be in the catalogue; the first that is not is
/// reported where `purposes.toml` names it.
fn check_event_refs(
    src: &Source<'_>,
    purposes: &[Purpose],
    refs: &[EventRef],
    catalogue: &[(EventType, Range<usize>)],
) -> Result<(), PolicyError> {
    for r in refs {
        if catalogue.iter().any(|(t, _)| t.name == *r.name.get_ref()) {
            continue;
        }
        let defined: Vec<&str> = catalogue.iter().map(|(t, _)| t.name.as_str()).collect();
        let defined = if defined.is_empty() {
            String::from("none")
        } else {
            defined.join(", ")
        };
        let purpose = purposes.get(r.purpose).map_or("", |p| p.id.as_str());
        return Err(src.error(
            r.name.span(),
            format!(
                "unknown event type {:?} for purpose \"{purpose}\"; {EVENTS_FILE} defines: \
                 {defined}",
                r.name.get_ref()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{IdentifierType, PersonalField};

    const PURPOSES: &str = r#"[[purpose]]
id = "shipping"
description = "Ship orders."
legal_basis = "contract"
fields = ["email", "address"]
event_types = []
retention_days = 30
"#;

    const CLIENTS: &str = r#"[[client]]
id = "erp"
description = "ERP"
purposes = ["shipping"]
"#;

    const CATEGORIES: &str = r#"[fields]
email = "user.contact.email"
phone = "user.contact.phone_number"
first_name = "user.name.first"
last_name = "user.name.last"
birth_date = "user.demographic.date_of_birth"
language = "user.demographic.language"
address = "user.contact.address"
identifiers = "user.unique_id"
"#;

    fn load_err(purposes: &str, clients: &str, categories: &str) -> String {
        match Policy::from_strs(purposes, clients, categories) {
            Ok(_) => panic!("expected the policy to be refused"),
            Err(e) => e.to_string(),
        }
    }

    fn pid(s: &str) -> PurposeId {
        PurposeId::parse(s).unwrap()
    }

    fn cid(s: &str) -> ClientId {
        ClientId::parse(s).unwrap()
    }

    #[test]
    fn shipped_policy_loads_and_is_coherent() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap_or_else(|e| panic!("{e}"));

        let ids: Vec<&str> = policy.purposes().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "order_fulfilment",
                "customer_support",
                "email_marketing",
                "sms_marketing",
                "personalisation",
                "targeted_advertising",
                "analytics",
                "fraud_prevention",
                "accounting"
            ]
        );
        let basis = |id: &str| policy.purpose(&pid(id)).unwrap().legal_basis;
        assert_eq!(basis("order_fulfilment"), LegalBasis::Contract);
        assert_eq!(basis("customer_support"), LegalBasis::Contract);
        assert_eq!(basis("email_marketing"), LegalBasis::Consent);
        assert_eq!(basis("sms_marketing"), LegalBasis::Consent);
        assert_eq!(basis("personalisation"), LegalBasis::Consent);
        assert_eq!(basis("targeted_advertising"), LegalBasis::Consent);
        assert_eq!(basis("analytics"), LegalBasis::LegitimateInterest);
        assert_eq!(basis("fraud_prevention"), LegalBasis::LegitimateInterest);
        assert_eq!(basis("accounting"), LegalBasis::LegalObligation);

        let email_marketing = policy.purpose(&pid("email_marketing")).unwrap();
        assert!(email_marketing.direct_marketing && email_marketing.notice_version.is_some());
        assert!(
            policy
                .purpose(&pid("sms_marketing"))
                .unwrap()
                .direct_marketing
        );
        let accounting = policy.purpose(&pid("accounting")).unwrap();
        assert!(accounting.allowed_under_restriction);
        assert_eq!(accounting.retention_days, 3650);
        assert!(policy.purpose(&pid("analytics")).unwrap().objection_stops);
        assert!(
            !policy
                .purpose(&pid("order_fulfilment"))
                .unwrap()
                .objection_stops
        );

        // Analytics never sees a full email, birth date or postcode: only reduced views.
        let analytics = policy.purpose(&pid("analytics")).unwrap();
        let names: Vec<String> = analytics.fields.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "email",
                "birth_date",
                "language",
                "address.postal_code",
                "address.country"
            ]
        );
        for f in &analytics.fields {
            let expected = match f {
                Field::Personal(PersonalField::Email) => Some(Transform::Mask),
                Field::Personal(PersonalField::BirthDate) => Some(Transform::AgeBand),
                Field::Personal(PersonalField::PostalCode) => Some(Transform::Truncate(3)),
                Field::Personal(PersonalField::Country | PersonalField::Language) => None,
                other => panic!("analytics sees {other}"),
            };
            assert_eq!(analytics.view(*f), expected, "{f}");
        }
        // No other shipped purpose has views; none requires re-consent yet.
        for p in policy.purposes() {
            assert!(
                p.views.is_empty() || p.id.as_str() == "analytics",
                "{}",
                p.id
            );
            assert!(!p.reconsent_required, "{}", p.id);
        }

        // Targeted advertising: consent, direct marketing, sale or sharing (GPC stops it).
        let ads = policy.purpose(&pid("targeted_advertising")).unwrap();
        assert!(ads.direct_marketing && ads.sale_or_sharing && ads.stopped_by_gpc());
        assert!(ads.stopped_by_objection());
        assert_eq!(ads.notice_version.as_deref(), Some("2026-01"));
        assert_eq!(ads.retention_days, 180);
        assert_eq!(
            ads.fides_data_use.as_deref(),
            Some("marketing.advertising.third_party.targeted")
        );
        let ad_fields: Vec<String> = ads.fields.iter().map(|f| f.name()).collect();
        assert_eq!(ad_fields, ["email", "identifiers.device_id"]);
        let ad_events: Vec<&str> = ads.event_types.iter().map(String::as_str).collect();
        assert_eq!(
            ad_events,
            ["add_to_cart", "page_view", "product_view", "purchase"]
        );
        let gpc: Vec<&str> = policy
            .purposes()
            .filter(|p| p.stopped_by_gpc())
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(gpc, ["targeted_advertising"]);

        // tcf.toml maps the consent purposes that use TCF.
        let tcf = |id: &str| -> Option<Vec<u8>> {
            policy
                .tcf_purposes(&pid(id))
                .map(|s| s.iter().copied().collect())
        };
        assert_eq!(tcf("personalisation"), Some(vec![1, 5, 6]));
        assert_eq!(tcf("targeted_advertising"), Some(vec![1, 2, 3, 4]));
        assert_eq!(tcf("email_marketing"), Some(vec![]));
        assert_eq!(tcf("sms_marketing"), None);
        assert_eq!(tcf("analytics"), None);
        let fulfilment = policy.purpose(&pid("order_fulfilment")).unwrap();
        assert_eq!(fulfilment.fields.len(), 4 + 5 + 2);
        assert!(fulfilment.allows_field(Field::Identifiers(IdentifierType::PosCustomer)));
        assert!(!fulfilment.allows_field(Field::Identifiers(IdentifierType::LoyaltyCard)));

        let purposes_of = |client: &str| -> Vec<String> {
            let c = policy.client(&cid(client)).unwrap();
            c.purposes.iter().map(|p| p.to_string()).collect()
        };
        assert_eq!(
            purposes_of("crm"),
            [
                "customer_support",
                "email_marketing",
                "fraud_prevention",
                "order_fulfilment",
                "personalisation",
                "targeted_advertising"
            ]
        );
        assert_eq!(purposes_of("mailer"), ["email_marketing", "sms_marketing"]);
        assert_eq!(purposes_of("analytics"), ["analytics"]);
        assert_eq!(purposes_of("erp"), ["accounting", "order_fulfilment"]);

        for f in Field::all() {
            assert!(policy.category(f).starts_with("user."), "{f}");
        }
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "user.contact.address.city"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::LoyaltyCard)),
            "user.unique_id"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::DeviceId)),
            "user.device.device_id"
        );
    }

    #[test]
    fn minimal_policy_loads() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        let shipping = policy.purpose(&pid("shipping")).unwrap();
        assert_eq!(shipping.fields.len(), 6);
        assert!(shipping.event_types.is_empty() && !shipping.allows_event_type("purchase"));
        assert_eq!(policy.event_types().count(), 0);
        assert_eq!(shipping.retention(), time::Duration::days(30));
        assert!(policy
            .client(&cid("erp"))
            .unwrap()
            .may_use(&pid("shipping")));
        assert!(policy.client(&cid("crm")).is_none());
        assert_eq!(policy.categories().count(), Field::all().count());
        // The defaults of the newer keys.
        assert!(shipping.views.is_empty());
        assert_eq!(shipping.view(Field::Personal(PersonalField::Email)), None);
        assert!(!shipping.reconsent_required && !shipping.sale_or_sharing);
        assert!(!shipping.stopped_by_gpc());
        assert_eq!(policy.tcf_purposes(&pid("shipping")), None);
    }

    #[test]
    fn empty_purposes_and_clients_are_a_deny_all_policy() {
        let policy = Policy::from_strs("", "", CATEGORIES).unwrap();
        assert_eq!(policy.purposes().count(), 0);
        assert_eq!(policy.clients().count(), 0);
    }

    #[test]
    fn malformed_toml_reports_the_line() {
        let purposes = PURPOSES.replace("legal_basis = \"contract\"", "legal_basis = contract");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:4:15: "), "{e}");

        let e = load_err(PURPOSES, "[[client]\nid = \"x\"\n", CATEGORIES);
        assert!(e.starts_with("clients.toml:1:"), "{e}");
    }

    #[test]
    fn unknown_field_name_reports_its_line_and_column() {
        let purposes = PURPOSES.replace(
            r#"fields = ["email", "address"]"#,
            "fields = [\n  \"email\",\n  \"adress\",\n]",
        );
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:7:3: unknown field \"adress\""),
            "{e}"
        );
        assert!(e.contains("address.city") && e.contains("group"), "{e}");
    }

    #[test]
    fn unknown_key_and_bad_values_report_their_line() {
        let e = load_err(&format!("{PURPOSES}retention = 3\n"), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:8:1: unknown key `retention`"),
            "{e}"
        );

        let purposes = PURPOSES.replace("\"contract\"", "\"contractual\"");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:4:15: unknown variant"), "{e}");

        let purposes = PURPOSES.replace("retention_days = 30", "retention_days = -1");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:7:18: "), "{e}");

        let purposes = PURPOSES.replace("retention_days = 30", "retention_days = 0");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:7:18: retention_days must be at least 1"),
            "{e}"
        );

        let e = load_err(
            &PURPOSES.replace("retention_days = 30\n", ""),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:1:1: missing key `retention_days`"),
            "{e}"
        );

        let purposes = PURPOSES.replace("\"shipping\"", "\"Shipping\"");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:2:6: invalid purpose id \"Shipping\""),
            "{e}"
        );

        let purposes = PURPOSES.replace("[]", "[\"purchase\", \"Page View\"]");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:6:28: invalid event type"),
            "{e}"
        );

        let purposes = PURPOSES.replace("\"Ship orders.\"", "\"  \"");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:3:15: description must not be empty"),
            "{e}"
        );

        let e = load_err(
            &format!("{PURPOSES}fides_data_use = \"Marketing Email\"\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:18: invalid fides_data_use"),
            "{e}"
        );
    }

    #[test]
    fn unknown_purpose_in_clients_reports_its_line() {
        let clients = r#"[[client]]
id = "erp"
description = "ERP"
purposes = [
  "shipping",
  "invoicing",
]
"#;
        let e = load_err(PURPOSES, clients, CATEGORIES);
        assert!(
            e.starts_with("clients.toml:6:3: unknown purpose \"invoicing\" for client \"erp\""),
            "{e}"
        );
        assert!(e.ends_with("purposes.toml defines: shipping"), "{e}");

        let e = load_err(
            PURPOSES,
            &clients.replace("invoicing", "shipping"),
            CATEGORIES,
        );
        assert!(
            e.starts_with("clients.toml:6:3: purpose \"shipping\" is listed twice"),
            "{e}"
        );
    }

    #[test]
    fn shipped_policy_lets_only_the_crm_grant_and_manage_identities() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let crm = policy.client(&cid("crm")).unwrap();
        let grants: Vec<&str> = crm.records_consent.iter().map(PurposeId::as_str).collect();
        assert_eq!(
            grants,
            ["email_marketing", "personalisation", "targeted_advertising"]
        );
        assert!(crm.identity_management);
        for other in ["mailer", "analytics", "erp"] {
            let c = policy.client(&cid(other)).unwrap();
            assert!(c.records_consent.is_empty(), "{other}");
            assert!(!c.identity_management, "{other}");
        }
    }

    #[test]
    fn records_consent_must_name_the_clients_own_consent_purposes() {
        let purposes = format!(
            "{PURPOSES}\n[[purpose]]\nid = \"newsletter\"\ndescription = \"News.\"\n\
             legal_basis = \"consent\"\nnotice_version = \"1\"\nfields = [\"email\"]\n\
             event_types = []\nretention_days = 30\n"
        );
        let ok = r#"[[client]]
id = "erp"
description = "ERP"
purposes = ["shipping", "newsletter"]
records_consent = ["newsletter"]
identity_management = true
"#;
        let p = Policy::from_strs(&purposes, ok, CATEGORIES).unwrap_or_else(|e| panic!("{e}"));
        let erp = p.client(&cid("erp")).unwrap();
        assert!(erp.may_record_grant(&pid("newsletter")));
        assert!(!erp.may_record_grant(&pid("shipping")));
        assert!(erp.identity_management);
        // Both default to nothing.
        let p = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        let erp = p.client(&cid("erp")).unwrap();
        assert!(erp.records_consent.is_empty() && !erp.identity_management);

        let not_registered = ok.replace(
            r#"purposes = ["shipping", "newsletter"]"#,
            r#"purposes = ["shipping"]"#,
        );
        let e = load_err(&purposes, &not_registered, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:20: records_consent of client \"erp\" names \"newsletter\", \
                 which is not among its purposes"
            ),
            "{e}"
        );
        let not_consent = ok.replace(
            r#"records_consent = ["newsletter"]"#,
            r#"records_consent = ["shipping"]"#,
        );
        let e = load_err(&purposes, &not_consent, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:20: records_consent of client \"erp\" names \"shipping\", \
                 which is based on contract, not consent"
            ),
            "{e}"
        );
        let twice = ok.replace(r#"["newsletter"]"#, r#"["newsletter", "newsletter"]"#);
        let e = load_err(&purposes, &twice, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:34: purpose \"newsletter\" is listed twice in records_consent"
            ),
            "{e}"
        );
        let unknown = ok.replace(r#"["newsletter"]"#, r#"["nope"]"#);
        let e = load_err(&purposes, &unknown, CATEGORIES);
        assert!(
            e.starts_with("clients.toml:5:20: records_consent of client"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let e = load_err(&format!("{PURPOSES}\n{PURPOSES}"), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with(
                "purposes.toml:10:6: duplicate purpose id \"shipping\" (first defined on line 2)"
            ),
            "{e}"
        );

        let e = load_err(PURPOSES, &format!("{CLIENTS}{CLIENTS}"), CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:6:6: duplicate client id \"erp\" (first defined on line 2)"
            ),
            "{e}"
        );

        let e = load_err(
            PURPOSES,
            &CLIENTS.replace("\"erp\"", "\"e r p\""),
            CATEGORIES,
        );
        assert!(e.starts_with("clients.toml:2:6: invalid client id"), "{e}");
    }

    #[test]
    fn consent_purposes_need_a_notice_version() {
        let purposes = PURPOSES.replace("\"contract\"", "\"consent\"");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:4:15: purpose \"shipping\" is based on consent"),
            "{e}"
        );
        let with_notice = format!("{purposes}notice_version = \"v1\"\n");
        let policy = Policy::from_strs(&with_notice, CLIENTS, CATEGORIES).unwrap();
        let p = policy.purpose(&pid("shipping")).unwrap();
        assert_eq!(p.notice_version.as_deref(), Some("v1"));
        assert!(!p.objection_stops);

        let e = load_err(
            &format!("{purposes}notice_version = \"\"\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:18: notice_version must not be empty"),
            "{e}"
        );
    }

    #[test]
    fn objection_stops_defaults_by_legal_basis() {
        let with_basis = |basis: &str, extra: &str| {
            let purposes = format!(
                "{}{extra}",
                PURPOSES.replace("\"contract\"", &format!("\"{basis}\""))
            );
            let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
            let stops = policy.purpose(&pid("shipping")).unwrap().objection_stops;
            stops
        };
        assert!(with_basis("legitimate_interest", ""));
        assert!(with_basis("public_task", ""));
        assert!(!with_basis("contract", ""));
        assert!(!with_basis("legal_obligation", ""));
        assert!(!with_basis("vital_interest", ""));
        assert!(!with_basis(
            "legitimate_interest",
            "objection_stops = false\n"
        ));
        assert!(with_basis("contract", "objection_stops = true\n"));
    }

    #[test]
    fn direct_marketing_cannot_opt_out_of_objections() {
        let purposes = format!("{PURPOSES}direct_marketing = true\nobjection_stops = false\n");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:9:19: objection_stops = false cannot"),
            "{e}"
        );

        let purposes = format!("{PURPOSES}direct_marketing = true\n");
        let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
        assert!(policy
            .purpose(&pid("shipping"))
            .unwrap()
            .stopped_by_objection());
    }

    #[test]
    fn a_field_without_category_is_refused() {
        let categories =
            CATEGORIES.replace("birth_date = \"user.demographic.date_of_birth\"\n", "");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:1:1: no data category for birth_date;"),
            "{e}"
        );

        let categories = CATEGORIES.replace("identifiers = \"user.unique_id\"\n", "");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.contains("identifiers.email, identifiers.phone, identifiers.loyalty_card"),
            "{e}"
        );

        let e = load_err(PURPOSES, CLIENTS, "");
        assert!(
            e.starts_with("categories.toml:1:1: missing key `fields`"),
            "{e}"
        );
    }

    #[test]
    fn categories_accept_quoted_dotted_and_nested_names() {
        let categories = format!(
            "{CATEGORIES}\"address.city\" = \"user.contact.address.city\"\n\
             \"identifiers.device_id\" = \"user.device.device_id\"\n"
        );
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &categories).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "user.contact.address.city"
        );
        assert_eq!(
            policy.category(Field::Personal(PersonalField::Country)),
            "user.contact.address"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::DeviceId)),
            "user.device.device_id"
        );

        // Unquoted dotted keys (no group line for address).
        let categories = CATEGORIES.replace(
            "address = \"user.contact.address\"\n",
            "address.line1 = \"user.contact.address.street\"\n\
             address.line2 = \"user.contact.address.street\"\n\
             address.postal_code = \"user.contact.address.postal_code\"\n\
             address.city = \"user.contact.address.city\"\n\
             address.country = \"user.contact.address.country\"\n",
        );
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &categories).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::PostalCode)),
            "user.contact.address.postal_code"
        );
        assert_eq!(
            policy.category(Field::Personal(PersonalField::Country)),
            "user.contact.address.country"
        );

        // A sub-table.
        let nested = CATEGORIES.replace("address = \"user.contact.address\"\n", "")
            + "[fields.address]\nline1 = \"a.street\"\nline2 = \"a.street\"\n\
               postal_code = \"a.postal_code\"\ncity = \"a.city\"\ncountry = \"a.country\"\n";
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &nested).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "a.city"
        );
    }

    #[test]
    fn bad_category_lines_report_their_line() {
        let e = load_err(
            PURPOSES,
            CLIENTS,
            &format!("{CATEGORIES}password = \"user.credentials\"\n"),
        );
        assert!(
            e.starts_with("categories.toml:10:1: unknown field \"password\""),
            "{e}"
        );

        let categories = CATEGORIES.replace("address = ", "address.town = ");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:8:9: unknown field \"address.town\""),
            "{e}"
        );

        let categories = CATEGORIES.replace("\"user.name.first\"", "\"User Name\"");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:4:14: invalid data category"),
            "{e}"
        );

        let categories = CATEGORIES.replace("\"user.name.first\"", "3");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:4:14: "), "{e}");

        // An unquoted member under a group that has its own line: TOML refuses it; say why.
        let categories = format!("{CATEGORIES}identifiers.email = \"user.contact.email\"\n");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:10:1: "), "{e}");
        assert!(e.contains("in quotes"), "{e}");

        // A group line and a sub-table for the same group clash in TOML itself.
        let categories = format!("{CATEGORIES}[fields.address]\ncity = \"a.city\"\n");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:10:"), "{e}");

        let e = load_err(PURPOSES, CLIENTS, &format!("{CATEGORIES}[other]\n"));
        assert!(e.starts_with("categories.toml:10:"), "{e}");
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        // Quoted and nested spellings of the same field.
        let categories = CATEGORIES.replace("address = \"user.contact.address\"\n", "")
            + "\"address.city\" = \"a.city\"\n[fields.address]\ncity = \"b.city\"\n\
               line1 = \"a\"\nline2 = \"a\"\npostal_code = \"a\"\ncountry = \"a\"\n";
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with(
                "categories.toml:11:1: field \"address.city\" is given a category twice \
                 (also on line 9)"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_missing_file_cannot_be_read() {
        let dir = Path::new("/nonexistent/custodia-policy");
        let e = Policy::load(dir).unwrap_err();
        assert!(matches!(e, PolicyError::Read { .. }));
        let msg = e.to_string();
        assert!(
            msg.starts_with("/nonexistent/custodia-policy/purposes.toml: cannot read: "),
            "{msg}"
        );
    }

    #[test]
    fn errors_from_files_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PURPOSES_FILE), PURPOSES).unwrap();
        std::fs::write(dir.path().join(CLIENTS_FILE), "[[client]]\nid = 1\n").unwrap();
        std::fs::write(dir.path().join(CATEGORIES_FILE), CATEGORIES).unwrap();
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        let expected = format!("{}:2:6: ", dir.path().join(CLIENTS_FILE).display());
        assert!(e.starts_with(&expected), "{e}");
    }

    #[test]
    fn line_column_counts_characters_and_survives_bad_offsets() {
        let text = "a = 1\r\nbé = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 7), (2, 1));
        // "bé = " is 6 bytes but 5 characters.
        assert_eq!(line_column(text, 7 + 6), (2, 6));
        // Inside the two-byte 'é': counted in bytes rather than panicking.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 10_000), (3, 1));
        assert_eq!(line_column("", 5), (1, 1));
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "[[purpose]]",
            "[[purpose]]\nid = \"x\"\nfields = [[[[[[]]]]]]",
            "\u{0}\u{feff}=",
            "[fields]\naddress = { line1 = { deeper = \"x\" } }",
            "purpose = [1, 2, 3]",
            "[[purpose]]\nid = \"é\"\ndescription = \"\"\"\n",
            "[purposes]\nshipping = [1, 2, 99999999999999999999]",
            "[purposes]\n\"\" = [[]]",
            "views = { \"\" = \"truncate:\u{1F600}\" }",
            "views = { email = { x = { y = \"mask\" } } }",
        ];
        for a in inputs {
            for b in inputs {
                let _ = Policy::from_strs(a, b, a);
                let _ = Policy::from_strs(PURPOSES, a, b);
                let _ = Policy::from_strs(PURPOSES, CLIENTS, a);
                let _ = Policy::from_strs_with_tcf(PURPOSES, CLIENTS, CATEGORIES, a);
                let _ =
                    Policy::from_strs_with_tcf(&format!("{PURPOSES}{b}"), CLIENTS, CATEGORIES, a);
            }
        }
    }
    // -----------------------------------------------------------------------------------------
    // views, reconsent_required, sale_or_sharing

    /// PURPOSES plus a `views` line (line 8).
    fn with_views(views: &str) -> String {
        format!("{PURPOSES}views = {views}\n")
    }

    #[test]
    fn views_are_loaded_in_every_spelling() {
        let email = Field::Personal(PersonalField::Email);
        let postal_code = Field::Personal(PersonalField::PostalCode);
        let city = Field::Personal(PersonalField::City);
        for purposes in [
            with_views(r#"{ email = "mask", "address.postal_code" = "truncate:3" }"#),
            with_views(r#"{ email = "mask", address.postal_code = "truncate:3" }"#),
            format!(
                "{PURPOSES}[purpose.views]\nemail = \"mask\"\n\
                 \"address.postal_code\" = \"truncate:3\"\n"
            ),
            format!(
                "{PURPOSES}[purpose.views]\nemail = \"mask\"\n\
                 address.postal_code = \"truncate:3\"\n"
            ),
        ] {
            let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES)
                .unwrap_or_else(|e| panic!("{e}\n{purposes}"));
            let p = policy.purpose(&pid("shipping")).unwrap();
            assert_eq!(p.view(email), Some(Transform::Mask));
            assert_eq!(p.view(postal_code), Some(Transform::Truncate(3)));
            assert_eq!(p.view(city), None);
            assert_eq!(p.views.len(), 2);
        }
        let policy = Policy::from_strs(&with_views("{}"), CLIENTS, CATEGORIES).unwrap();
        assert!(policy.purpose(&pid("shipping")).unwrap().views.is_empty());

        // Identifiers may be masked.
        let purposes = PURPOSES.replace(r#"["email", "address"]"#, r#"["identifiers"]"#)
            + "views = { \"identifiers.loyalty_card\" = \"mask\" }\n";
        let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(
            policy
                .purpose(&pid("shipping"))
                .unwrap()
                .view(Field::Identifiers(IdentifierType::LoyaltyCard)),
            Some(Transform::Mask)
        );
    }

    #[test]
    fn a_view_for_a_field_the_purpose_does_not_list_is_refused() {
        let e = load_err(
            &with_views(r#"{ email = "mask", birth_date = "age_band" }"#),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:8:27: view for field \"birth_date\", which purpose \"shipping\" \
                 does not list in fields"
            ),
            "{e}"
        );
        let e = load_err(
            &with_views(r#"{ "identifiers.email" = "mask" }"#),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:11: view for field \"identifiers.email\""),
            "{e}"
        );
        // A sub-table reports the member's own line.
        let e = load_err(
            &format!("{PURPOSES}[purpose.views]\nemail = \"mask\"\nphone = \"mask\"\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:10:1: view for field \"phone\""),
            "{e}"
        );
    }

    #[test]
    fn a_view_needs_a_known_single_field() {
        let e = load_err(&with_views(r#"{ emial = "mask" }"#), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:8:11: unknown field \"emial\""),
            "{e}"
        );
        let e = load_err(&with_views(r#"{ address = "mask" }"#), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with("purposes.toml:8:11: a view is for one field, not the group \"address\""),
            "{e}"
        );
        assert!(e.contains("\"address.line1\" = …"), "{e}");
        let e = load_err(
            &with_views(r#"{ address.town = "mask" }"#),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:19: unknown field \"address.town\""),
            "{e}"
        );
    }

    #[test]
    fn a_view_needs_a_valid_transform_for_its_field() {
        let e = load_err(&with_views(r#"{ email = "hash" }"#), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with(
                "purposes.toml:8:19: unknown transform \"hash\"; use mask, age_band or truncate:N"
            ),
            "{e}"
        );
        for bad in ["truncate:0", "truncate:11", "truncate:03", "truncate:"] {
            let e = load_err(
                &with_views(&format!("{{ email = \"{bad}\" }}")),
                CLIENTS,
                CATEGORIES,
            );
            assert!(
                e.starts_with(&format!("purposes.toml:8:19: invalid transform \"{bad}\"")),
                "{e}"
            );
            assert!(e.contains("from 1 to 10"), "{e}");
        }
        let e = load_err(
            &with_views(r#"{ email = "age_band" }"#),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:8:19: transform age_band does not apply to field \"email\": \
                 age_band is for birth_date only"
            ),
            "{e}"
        );
        let birth = PURPOSES.replace(
            r#"["email", "address"]"#,
            r#"["birth_date", "identifiers"]"#,
        );
        let e = load_err(
            &format!("{birth}views = {{ birth_date = \"mask\" }}\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:8:24: transform mask does not apply to field \"birth_date\""
            ),
            "{e}"
        );
        let e = load_err(
            &format!("{birth}views = {{ birth_date = \"truncate:4\" }}\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:24: transform truncate:4 does not apply"),
            "{e}"
        );
        let e = load_err(
            &format!("{birth}views = {{ \"identifiers.device_id\" = \"truncate:4\" }}\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:8:37: transform truncate:4 does not apply to field \
                 \"identifiers.device_id\""
            ),
            "{e}"
        );
        // Not a string at all.
        let e = load_err(&with_views("{ email = 3 }"), CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:8:19: "), "{e}");
        assert!(e.contains("a transform such as"), "{e}");
        let e = load_err(&with_views(r#"["email"]"#), CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:8:9: "), "{e}");
    }

    #[test]
    fn a_field_given_two_views_is_refused() {
        let purposes = format!(
            "{PURPOSES}[purpose.views]\n\"address.city\" = \"mask\"\n\
             [purpose.views.address]\ncity = \"truncate:2\"\n"
        );
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.starts_with(
                "purposes.toml:11:1: field \"address.city\" is given a view twice (also on line 9)"
            ),
            "{e}"
        );
    }

    #[test]
    fn reconsent_required_is_only_for_consent_purposes() {
        let e = load_err(
            &format!("{PURPOSES}reconsent_required = true\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:8:22: reconsent_required applies only to a purpose based on \
                 consent, and purpose \"shipping\" is based on contract"
            ),
            "{e}"
        );
        let e = load_err(
            &format!("{PURPOSES}reconsent_required = false\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with("purposes.toml:8:22: reconsent_required applies only"),
            "{e}"
        );
        let e = load_err(
            &format!("{PURPOSES}reconsent_required = \"yes\"\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(e.starts_with("purposes.toml:8:22: "), "{e}");

        let consent = PURPOSES.replace("\"contract\"", "\"consent\"") + "notice_version = \"v2\"\n";
        let policy = Policy::from_strs(&consent, CLIENTS, CATEGORIES).unwrap();
        assert!(!policy.purpose(&pid("shipping")).unwrap().reconsent_required);
        let policy = Policy::from_strs(
            &format!("{consent}reconsent_required = true\n"),
            CLIENTS,
            CATEGORIES,
        )
        .unwrap();
        assert!(policy.purpose(&pid("shipping")).unwrap().reconsent_required);
    }

    #[test]
    fn consent_counts_unless_reconsent_is_required_for_another_notice() {
        let consent = PURPOSES.replace("\"contract\"", "\"consent\"") + "notice_version = \"v2\"\n";
        let relaxed = Policy::from_strs(&consent, CLIENTS, CATEGORIES).unwrap();
        let relaxed = relaxed.purpose(&pid("shipping")).unwrap();
        for version in ["v2", "v1", "", "V2", "v2 "] {
            assert!(relaxed.consent_counts(version), "{version:?}");
        }
        let strict = Policy::from_strs(
            &format!("{consent}reconsent_required = true\n"),
            CLIENTS,
            CATEGORIES,
        )
        .unwrap();
        let strict = strict.purpose(&pid("shipping")).unwrap();
        assert!(strict.consent_counts("v2"));
        for version in ["v1", "", "V2", "v2 ", "v3"] {
            assert!(!strict.consent_counts(version), "{version:?}");
        }
        // A purpose not based on consent: any version counts (nothing to renew).
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        assert!(policy
            .purpose(&pid("shipping"))
            .unwrap()
            .consent_counts("anything"));
    }

    #[test]
    fn sale_or_sharing_is_stopped_by_gpc_and_by_objections() {
        let policy = Policy::from_strs(
            &format!("{PURPOSES}sale_or_sharing = true\n"),
            CLIENTS,
            CATEGORIES,
        )
        .unwrap();
        let p = policy.purpose(&pid("shipping")).unwrap();
        assert!(p.sale_or_sharing && p.stopped_by_gpc());
        // On a contract basis an objection would not stop it by default; sharing changes that.
        assert!(p.objection_stops && p.stopped_by_objection());

        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        let p = policy.purpose(&pid("shipping")).unwrap();
        assert!(!p.stopped_by_gpc() && !p.stopped_by_objection());

        let e = load_err(
            &format!("{PURPOSES}sale_or_sharing = true\nobjection_stops = false\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(
            e.starts_with(
                "purposes.toml:9:19: objection_stops = false cannot apply to a \
                 sale_or_sharing purpose"
            ),
            "{e}"
        );
        let e = load_err(
            &format!("{PURPOSES}sale_or_sharing = 1\n"),
            CLIENTS,
            CATEGORIES,
        );
        assert!(e.starts_with("purposes.toml:8:19: "), "{e}");
    }

    // -----------------------------------------------------------------------------------------
    // tcf.toml

    /// PURPOSES plus a consent purpose `ads` (lines 9 to 15).
    fn with_consent_purpose() -> String {
        format!(
            "{PURPOSES}\n[[purpose]]\nid = \"ads\"\ndescription = \"Ads.\"\n\
             legal_basis = \"consent\"\nnotice_version = \"v1\"\nfields = []\n\
             event_types = []\nretention_days = 30\n"
        )
    }

    fn tcf_err(tcf: &str) -> String {
        match Policy::from_strs_with_tcf(&with_consent_purpose(), CLIENTS, CATEGORIES, tcf) {
            Ok(_) => panic!("expected tcf.toml to be refused"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn tcf_table_is_loaded() {
        let purposes = with_consent_purpose();
        let policy = Policy::from_strs_with_tcf(
            &purposes,
            CLIENTS,
            CATEGORIES,
            "# comment\n[purposes]\nads = [4, 1, 2, 3, 11]\n",
        )
        .unwrap();
        let ids: Vec<u8> = policy
            .tcf_purposes(&pid("ads"))
            .unwrap()
            .iter()
            .copied()
            .collect();
        assert_eq!(ids, [1, 2, 3, 4, 11]);
        assert_eq!(policy.tcf_purposes(&pid("shipping")), None);

        let policy =
            Policy::from_strs_with_tcf(&purposes, CLIENTS, CATEGORIES, "[purposes]\nads = []\n")
                .unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")).map(BTreeSet::len), Some(0));

        for empty in ["", "[purposes]\n", "# nothing mapped\n"] {
            let policy = Policy::from_strs_with_tcf(&purposes, CLIENTS, CATEGORIES, empty).unwrap();
            assert_eq!(policy.tcf_purposes(&pid("ads")), None);
        }
        let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")), None);
    }

    #[test]
    fn tcf_keys_must_be_consent_purposes() {
        let e = tcf_err("[purposes]\nads = [1]\nadverts = [1]\n");
        assert!(
            e.starts_with(
                "tcf.toml:3:1: unknown purpose \"adverts\"; the consent purposes purposes.toml \
                 defines are: ads"
            ),
            "{e}"
        );
        let e = tcf_err("[purposes]\n\"Ads\" = [1]\n");
        assert!(
            e.starts_with("tcf.toml:2:1: unknown purpose \"Ads\""),
            "{e}"
        );
        let e = tcf_err("[purposes]\nads = [1]\nshipping = [1]\n");
        assert!(
            e.starts_with(
                "tcf.toml:3:1: purpose \"shipping\" is based on contract, not consent; only \
                 consent purposes map to TCF purposes"
            ),
            "{e}"
        );
    }

    #[test]
    fn tcf_ids_are_tcf_v2_2_purposes() {
        for (list, column, n) in [
            ("[0]", 8, "0"),
            ("[1, 12]", 11, "12"),
            ("[-1]", 8, "-1"),
            ("[1, 300]", 11, "300"),
        ] {
            let e = tcf_err(&format!("[purposes]\nads = {list}\n"));
            assert!(
                e.starts_with(&format!(
                    "tcf.toml:2:{column}: TCF purpose {n} does not exist: IAB TCF v2.2 purposes \
                     are numbered 1 to 11"
                )),
                "{e}"
            );
        }
        let e = tcf_err("[purposes]\nads = [\n  1,\n  5,\n  1,\n]\n");
        assert!(
            e.starts_with("tcf.toml:5:3: TCF purpose 1 is listed twice for \"ads\""),
            "{e}"
        );
        let e = tcf_err("[purposes]\nads = [1, \"2\"]\n");
        assert!(e.starts_with("tcf.toml:2:"), "{e}");
        let e = tcf_err("[purposes]\nads = 1\n");
        assert!(e.starts_with("tcf.toml:2:7: "), "{e}");
    }

    #[test]
    fn tcf_file_shape_errors_report_their_line() {
        let e = tcf_err("[purpose]\nads = [1]\n");
        assert!(e.starts_with("tcf.toml:1:"), "{e}");
        assert!(e.contains("unknown key `purpose`"), "{e}");
        let e = tcf_err("[purposes]\nads = [1\n");
        assert!(e.starts_with("tcf.toml:2:"), "{e}");
        let e = tcf_err("version = 2\n[purposes]\n");
        assert!(e.starts_with("tcf.toml:1:1: unknown key `version`"), "{e}");
    }

    #[test]
    fn tcf_file_is_optional_on_disk_and_named_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PURPOSES_FILE), with_consent_purpose()).unwrap();
        std::fs::write(dir.path().join(CLIENTS_FILE), CLIENTS).unwrap();
        std::fs::write(dir.path().join(CATEGORIES_FILE), CATEGORIES).unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")), None);

        std::fs::write(dir.path().join(TCF_FILE), "[purposes]\nads = [1, 2]\n").unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")).map(BTreeSet::len), Some(2));

        std::fs::write(dir.path().join(TCF_FILE), "[purposes]\nads = [1, 20]\n").unwrap();
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        let expected = format!(
            "{}:2:11: TCF purpose 20",
            dir.path().join(TCF_FILE).display()
        );
        assert!(e.starts_with(&expected), "{e}");

        // Present but unreadable (a directory): an error, not an empty table.
        std::fs::remove_file(dir.path().join(TCF_FILE)).unwrap();
        std::fs::create_dir(dir.path().join(TCF_FILE)).unwrap();
        let e = Policy::load(dir.path()).unwrap_err();
        assert!(matches!(e, PolicyError::Read { .. }), "{e}");
    }

    #[test]
    fn requests_per_second_is_optional_and_bounded() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(
            policy.client(&cid("erp")).unwrap().requests_per_second,
            None
        );
        let with = |rate: &str| format!("{CLIENTS}requests_per_second = {rate}\n");
        let tuned = Policy::from_strs(PURPOSES, &with("25"), CATEGORIES).unwrap();
        let erp = tuned.client(&cid("erp")).unwrap();
        assert_eq!(erp.requests_per_second.map(|r| r.get()), Some(25));
        for bad in ["0", "-5", "2000000", "\"fast\""] {
            assert!(
                load_err(PURPOSES, &with(bad), CATEGORIES).contains("clients.toml"),
                "{bad}"
            );
        }
    }

    #[test]
    fn webhook_url_is_optional_and_checked_with_its_position() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(policy.client(&cid("erp")).unwrap().webhook_url, None);

        let with = |url: &str| format!("{CLIENTS}webhook_url = {url:?}\n");
        for ok in [
            "https://erp.example.com/custodia/hook",
            "http://127.0.0.1:8081/hook?k=v",
            "https://[::1]:9000/",
        ] {
            let policy = Policy::from_strs(PURPOSES, &with(ok), CATEGORIES).unwrap();
            assert_eq!(
                policy.client(&cid("erp")).unwrap().webhook_url.as_deref(),
                Some(ok)
            );
        }

        let long = format!("https://erp.example.com/{}", "a".repeat(2000));
        for (bad, why) in [
            (
                "ftp://erp.example.com/hook",
                "must start with http:// or https://",
            ),
            (
                "erp.example.com/hook",
                "must start with http:// or https://",
            ),
            (
                "HTTPS://erp.example.com/",
                "must start with http:// or https://",
            ),
            ("https:///hook", "names no host"),
            ("https://:443/hook", "names no host"),
            ("https://user:pw@erp.example.com/", "user name or password"),
            (
                "https://erp.example.com/a b",
                "spaces or control characters",
            ),
            (long.as_str(), "longer than 2000 characters"),
        ] {
            let e = load_err(PURPOSES, &with(bad), CATEGORIES);
            assert!(
                e.starts_with("clients.toml:5:15: invalid webhook_url for client \"erp\": "),
                "{bad}: {e}"
            );
            assert!(e.contains(why), "{bad}: {e}");
        }

        let e = load_err(
            PURPOSES,
            &format!("{CLIENTS}webhook_url = 42\n"),
            CATEGORIES,
        );
        assert!(e.starts_with("clients.toml:5:15:"), "{e}");
    }
}
