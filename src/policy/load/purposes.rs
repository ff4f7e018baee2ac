//! `purposes.toml`: every purpose with its legal basis, fields, event types, views and the
//! rules that tie them together.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::source::{expand_field, non_empty, taxonomy_key, Source};
use crate::domain::{
    is_snake_case_name, ContactChannel, Field, PurposeId, Transform, EVIDENCE_KEYS,
};
use crate::policy::error::PolicyError;
use crate::policy::model::{LegalBasis, Purpose, DEFAULT_MIN_CELL_SIZE};

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
    #[serde(default)]
    retention_from_year_end: bool,
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
    profiling: bool,
    required_evidence: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    aggregate_only: bool,
    min_cell_size: Option<Spanned<u64>>,
    #[serde(default)]
    contact_channels: Vec<Spanned<String>>,
}

/// An event type named in a purpose's `event_types`, where it stands in `purposes.toml`.
pub(super) struct EventRef {
    /// Index into the purposes.
    pub(super) purpose: usize,
    pub(super) name: Spanned<String>,
}

/// A purpose's `notice_version`, where it stands in `purposes.toml` (checked against
/// `notices.toml`).
pub(super) struct NoticeRef {
    /// Index into the purposes.
    pub(super) purpose: usize,
    pub(super) version: Spanned<String>,
}

/// What `purposes.toml` holds: the purposes in file order, and every event type and notice
/// version they name, in file order.
pub(super) struct ParsedPurposes {
    pub(super) purposes: Vec<Purpose>,
    pub(super) event_refs: Vec<EventRef>,
    pub(super) notice_refs: Vec<NoticeRef>,
}

pub(super) fn parse_purposes(src: &Source<'_>) -> Result<ParsedPurposes, PolicyError> {
    let file: PurposesFile = src.parse()?;
    let mut first_line: HashMap<PurposeId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.purpose.len());
    let mut event_refs = Vec::new();
    let mut notice_refs = Vec::new();
    for raw in file.purpose {
        let names = raw.event_types.clone();
        let version = raw.notice_version.clone();
        let purpose = check_purpose(src, raw, &mut first_line)?;
        event_refs.extend(names.into_iter().map(|name| EventRef {
            purpose: out.len(),
            name,
        }));
        if let Some(version) = version.filter(|_| purpose.requires_consent()) {
            notice_refs.push(NoticeRef {
                purpose: out.len(),
                version,
            });
        }
        out.push(purpose);
    }
    Ok(ParsedPurposes {
        purposes: out,
        event_refs,
        notice_refs,
    })
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
    let id_span = raw.id.span();

    let description = non_empty(src, raw.description, "description")?;
    let legal_basis = *raw.legal_basis.get_ref();

    let mut fields = BTreeSet::new();
    for name in &raw.fields {
        let expanded = expand_field(src, name)?;
        // An aggregate-only purpose answers counts, never a person: it has no use for what
        // names one, and listing it would invite reading it somewhere.
        if raw.aggregate_only {
            if let Some(direct) = expanded.iter().find(|f| f.is_direct_identifier()) {
                return Err(src.error(
                    name.span(),
                    format!(
                        "{} is a direct identifier; an aggregate_only purpose may not list it",
                        direct.name()
                    ),
                ));
            }
        }
        fields.extend(expanded);
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

    let mut required_evidence = BTreeSet::new();
    for key in raw.required_evidence.unwrap_or_default() {
        if legal_basis != LegalBasis::Consent {
            return Err(src.error(
                key.span(),
                format!(
                    "required_evidence applies only to a purpose based on consent, and \
                     purpose \"{id}\" is based on {legal_basis}; remove the line"
                ),
            ));
        }
        if !EVIDENCE_KEYS.contains(&key.get_ref().as_str()) {
            return Err(src.error(
                key.span(),
                format!(
                    "unknown evidence key {:?} in required_evidence; use one of {}",
                    key.get_ref(),
                    EVIDENCE_KEYS.join(", ")
                ),
            ));
        }
        if !required_evidence.insert(key.get_ref().clone()) {
            return Err(src.error(
                key.span(),
                format!("evidence key {:?} is required twice", key.get_ref()),
            ));
        }
    }

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
        None => DEFAULT_MIN_CELL_SIZE,
    };

    let contact_channels =
        check_contact_channels(src, &id, &fields, raw.aggregate_only, &raw.contact_channels)?;

    // Profiling (Art. 4(4)) rests on consent or a legitimate interest that an objection can
    // stop, never on a contract or a legal duty (EDPB Guidelines 2/2019, 8/2020).
    if raw.profiling
        && !matches!(
            legal_basis,
            LegalBasis::Consent | LegalBasis::LegitimateInterest
        )
    {
        return Err(src.error(
            id_span,
            format!(
                "purpose \"{id}\" has profiling = true but is based on {legal_basis}: profiling \
                 needs consent or a legitimate interest"
            ),
        ));
    }

    Ok(Purpose {
        id,
        description,
        legal_basis,
        fields,
        event_types,
        retention_days,
        retention_from_year_end: raw.retention_from_year_end,
        objection_stops,
        allowed_under_restriction: raw.allowed_under_restriction,
        notice_version,
        reconsent_required,
        direct_marketing: raw.direct_marketing,
        sale_or_sharing: raw.sale_or_sharing,
        fides_data_use,
        views,
        profiling: raw.profiling,
        required_evidence,
        aggregate_only: raw.aggregate_only,
        min_cell_size,
        contact_channels,
    })
}

/// Checks a purpose's `contact_channels`: each a channel custodia knows, given once, whose
/// address field the purpose may see (a purpose cannot send an email it may not read the
/// address of); never on an aggregate-only purpose, which reaches nobody.
fn check_contact_channels(
    src: &Source<'_>,
    id: &PurposeId,
    fields: &BTreeSet<Field>,
    aggregate_only: bool,
    names: &[Spanned<String>],
) -> Result<BTreeSet<ContactChannel>, PolicyError> {
    let mut out = BTreeSet::new();
    for name in names {
        let Some(channel) = ContactChannel::parse(name.get_ref()) else {
            return Err(src.error(
                name.span(),
                format!(
                    "unknown contact channel {:?}: use email, sms, push, phone or post",
                    name.get_ref()
                ),
            ));
        };
        if aggregate_only {
            return Err(src.error(
                name.span(),
                format!("purpose \"{id}\" is aggregate_only: it contacts nobody"),
            ));
        }
        if !fields.contains(&channel.address_field()) {
            return Err(src.error(
                name.span(),
                format!(
                    "purpose \"{id}\" contacts by {channel} but may not see {}: add it to fields",
                    channel.address_field().name()
                ),
            ));
        }
        if !out.insert(channel) {
            return Err(src.error(
                name.span(),
                format!("contact channel {channel} given twice"),
            ));
        }
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{IdentifierType, PersonalField};
    use crate::policy::testing::pid;
    use crate::policy::testing::shipping::{load_err, CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::Policy;

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
    fn profiling_needs_consent_or_a_legitimate_interest() {
        let purposes = format!("{PURPOSES}profiling = true\n");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.contains("has profiling = true but is based on contract"),
            "{e}"
        );
        let li = purposes.replace("\"contract\"", "\"legitimate_interest\"");
        let policy = Policy::from_strs(&li, CLIENTS, CATEGORIES).unwrap();
        assert!(policy.purpose(&pid("shipping")).unwrap().profiling);
    }

    #[test]
    fn an_aggregate_only_purpose_lists_no_direct_identifier() {
        let purposes = PURPOSES.replace(
            "legal_basis = \"contract\"",
            "legal_basis = \"legitimate_interest\"\naggregate_only = true",
        );
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(
            e.contains("email is a direct identifier; an aggregate_only purpose may not list it"),
            "{e}"
        );
        // A group is refused for its direct members (address.line1), not for the rest.
        let purposes = purposes.replace(
            r#"fields = ["email", "address"]"#,
            r#"fields = ["address"]"#,
        );
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(e.contains("address.line1 is a direct identifier"), "{e}");
        let purposes = purposes.replace(
            r#"fields = ["address"]"#,
            r#"fields = ["birth_date", "address.postal_code", "address.country"]"#,
        );
        let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
        assert!(policy.purpose(&pid("shipping")).unwrap().aggregate_only);
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
}
