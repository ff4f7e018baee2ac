//! The columns `custodia import subjects` reads (and `custodia export-all` writes), the
//! optional mapping of a shop's own column names onto them, and one CSV row made into the
//! domain's input with the API's own parsers. Errors name a column (as the file's header
//! has it) and a reason; neither ever holds a value of the file.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;
use time::OffsetDateTime;

use crate::domain::{
    ConsentDecision, FieldError, IdentifierType, NewSubject, PersonalField, PurposeId, RawAddress,
    RawConsentDecision, RawSubject,
};
use crate::policy::{LegalBasis, Policy};
use crate::service::{BulkConsent, BulkSubject};

/// The per-row consent attributes: `consent_<attr>` for every purpose of the row, or
/// `consent:<purpose>:<attr>` for one purpose (which wins when both are filled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentAttr {
    CollectedAt,
    Source,
    PolicyVersion,
    Evidence,
    OperatorId,
    ExpiresAt,
}

impl ConsentAttr {
    pub const ALL: [ConsentAttr; 6] = [
        Self::CollectedAt,
        Self::Source,
        Self::PolicyVersion,
        Self::Evidence,
        Self::OperatorId,
        Self::ExpiresAt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::CollectedAt => "collected_at",
            Self::Source => "source",
            Self::PolicyVersion => "policy_version",
            Self::Evidence => "evidence",
            Self::OperatorId => "operator_id",
            Self::ExpiresAt => "expires_at",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == s)
    }

    /// The pointer of `ConsentDecision::parse`'s errors about this attribute.
    fn pointer(self) -> &'static str {
        match self {
            Self::CollectedAt => "/collected_at",
            Self::Source => "/source",
            Self::PolicyVersion => "/policy_version",
            Self::Evidence => "/evidence",
            Self::OperatorId => "/operator_id",
            Self::ExpiresAt => "/expires_at",
        }
    }
}

/// What one column of the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Field(PersonalField),
    /// `id:<type>`; may repeat (a subject can hold several identifiers of one type).
    Identifier(IdentifierType),
    /// `consent:<purpose>`: `granted`, `withdrawn` or `refused`; empty records nothing.
    Consent(PurposeId),
    /// `consent_<attr>` (`None`) or `consent:<purpose>:<attr>`.
    ConsentAttr(Option<PurposeId>, ConsentAttr),
    /// Mapped to `-` (or to nothing) in the mapping file: read past.
    Ignored,
}

impl Column {
    /// The canonical header name (what `export-all` writes).
    pub fn name(&self) -> String {
        match self {
            Column::Field(f) => f.name().to_owned(),
            Column::Identifier(kind) => format!("id:{kind}"),
            Column::Consent(p) => format!("consent:{p}"),
            Column::ConsentAttr(None, a) => format!("consent_{}", a.name()),
            Column::ConsentAttr(Some(p), a) => format!("consent:{p}:{}", a.name()),
            Column::Ignored => "-".to_owned(),
        }
    }
}

/// `--mapping mapping.toml`: `[columns] "E-Mail" = "email"`; a column mapped to `"-"` or `""`
/// is ignored.
#[derive(Debug, Default, Clone)]
pub struct Mapping(HashMap<String, String>);

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

impl Mapping {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the mapping file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("mapping file {}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let file: MappingFile = toml::from_str(text)
            .context("not a mapping: expected [columns] \"Theirs\" = \"ours\"")?;
        Ok(Self(file.columns.into_iter().collect()))
    }

    fn target<'a>(&'a self, header: &'a str) -> &'a str {
        self.0.get(header).map(String::as_str).unwrap_or(header)
    }
}

/// The file's header, understood: a [`Column`] per position, and the names as the file has
/// them (what the error report names).
#[derive(Debug, Clone)]
pub struct Header {
    pub columns: Vec<Column>,
    pub names: Vec<String>,
    /// Where each attribute column of the row level / a purpose is.
    attrs: HashMap<(Option<PurposeId>, ConsentAttr), usize>,
}

impl Header {
    /// Reads a header row. Refuses (naming the column, never a value) an unknown column, a
    /// repeated one other than `id:<type>`, an unknown identifier type, a purpose the policy
    /// does not define or that is not based on consent, and an attribute column of a purpose
    /// without its `consent:<purpose>` column.
    pub fn parse(raw: &[String], mapping: &Mapping, policy: &Policy) -> anyhow::Result<Self> {
        let mut columns = Vec::with_capacity(raw.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, header) in raw.iter().enumerate() {
            let name = mapping.target(header.trim()).trim();
            let at = || format!("column {} ('{}')", i + 1, header.trim());
            let column = parse_column(name, policy).with_context(at)?;
            if !matches!(column, Column::Identifier(_) | Column::Ignored) {
                if let Some(first) = seen.insert(column.name(), i) {
                    anyhow::bail!("{} repeats column {} ({})", at(), first + 1, column.name());
                }
            }
            columns.push(column);
        }
        let mut attrs = HashMap::new();
        for (i, c) in columns.iter().enumerate() {
            if let Column::ConsentAttr(p, a) = c {
                if let Some(p) = p {
                    if !columns.contains(&Column::Consent(p.clone())) {
                        anyhow::bail!(
                            "column {} ({}) needs a column consent:{p} for the decision",
                            i + 1,
                            c.name()
                        );
                    }
                }
                attrs.insert((p.clone(), *a), i);
            }
        }
        if !columns.iter().any(|c| !matches!(c, Column::Ignored)) {
            anyhow::bail!("the header names no column that import reads");
        }
        Ok(Self {
            columns,
            names: raw.iter().map(|h| h.trim().to_owned()).collect(),
            attrs,
        })
    }

    /// The file's name of the first column holding `column`, else the canonical name.
    fn name_of(&self, column: &Column) -> String {
        self.columns
            .iter()
            .position(|c| c == column)
            .map(|i| self.names[i].clone())
            .unwrap_or_else(|| column.name())
    }

    /// The column (file's name) an identifier of `kind` came from, for a duplicate.
    pub fn identifier_column(&self, kind: IdentifierType) -> String {
        let field = match kind {
            IdentifierType::Email => Some(PersonalField::Email),
            IdentifierType::Phone => Some(PersonalField::Phone),
            _ => None,
        };
        match field {
            Some(f) if self.columns.contains(&Column::Field(f)) => self.name_of(&Column::Field(f)),
            _ => self.name_of(&Column::Identifier(kind)),
        }
    }

    /// The column (file's name) of `consent:<purpose>`.
    pub fn consent_column(&self, purpose: &str) -> String {
        match PurposeId::parse(purpose) {
            Ok(p) => self.name_of(&Column::Consent(p)),
            Err(_) => format!("consent:{purpose}"),
        }
    }
}

fn parse_column(name: &str, policy: &Policy) -> anyhow::Result<Column> {
    if name.is_empty() || name == "-" {
        return Ok(Column::Ignored);
    }
    if let Some(f) = PersonalField::ALL.into_iter().find(|f| f.name() == name) {
        return Ok(Column::Field(f));
    }
    if let Some(kind) = name.strip_prefix("id:") {
        let kind = kind.parse::<IdentifierType>().map_err(|_| {
            anyhow::anyhow!(
                "unknown identifier type: one of email, phone, loyalty_card, device_id, \
                 marketplace_id, pos_customer"
            )
        })?;
        return Ok(Column::Identifier(kind));
    }
    if let Some(attr) = name.strip_prefix("consent_") {
        let attr = ConsentAttr::parse(attr).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown consent column: consent_collected_at, consent_source, \
                 consent_policy_version, consent_evidence, consent_operator_id or \
                 consent_expires_at"
            )
        })?;
        return Ok(Column::ConsentAttr(None, attr));
    }
    if let Some(rest) = name.strip_prefix("consent:") {
        let (purpose, attr) = match rest.split_once(':') {
            Some((p, a)) => (
                p,
                Some(ConsentAttr::parse(a).ok_or_else(|| {
                    anyhow::anyhow!("unknown consent attribute after consent:<purpose>:")
                })?),
            ),
            None => (rest, None),
        };
        let id = PurposeId::parse(purpose)
            .ok()
            .filter(|id| policy.purpose(id).is_some())
            .ok_or_else(|| anyhow::anyhow!("the purpose is not defined in the policy"))?;
        let basis = policy.purpose(&id).map(|p| p.legal_basis);
        if basis != Some(LegalBasis::Consent) {
            anyhow::bail!("the purpose is not based on consent");
        }
        return Ok(match attr {
            Some(a) => Column::ConsentAttr(Some(id), a),
            None => Column::Consent(id),
        });
    }
    anyhow::bail!(
        "unknown column: map it to one import reads with --mapping (or to \"-\" to skip it)"
    )
}

/// One refusal of a row: the column (the file's name; empty for the row as a whole) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub column: String,
    pub reason: String,
}

/// The evidence key a consent reference is stored under for `purpose`: the first evidence
/// its grants require (`double_opt_in_ref` for email and SMS marketing), else `form_id`.
pub fn evidence_key(policy: &Policy, purpose: &PurposeId) -> String {
    policy
        .purpose(purpose)
        .and_then(|p| p.required_evidence.iter().next().cloned())
        .unwrap_or_else(|| "form_id".to_owned())
}

impl Header {
    /// One row as the API's input, parsed by the API's own parsers (`NewSubject::parse`,
    /// `ConsentDecision::parse`); every bad cell is one error.
    pub fn parse_row(
        &self,
        cells: &csv::StringRecord,
        policy: &Policy,
        now: OffsetDateTime,
    ) -> Result<BulkSubject, Vec<RowError>> {
        let cell = |i: usize| cells.get(i).map(str::trim).filter(|v| !v.is_empty());
        let field = |f: PersonalField| {
            self.columns
                .iter()
                .position(|c| *c == Column::Field(f))
                .and_then(cell)
        };
        // Identifiers in column order, with the column each came from.
        let mut identifiers: Vec<(&str, &str)> = Vec::new();
        let mut identifier_columns: Vec<usize> = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            if let (Column::Identifier(kind), Some(v)) = (c, cell(i)) {
                identifiers.push((kind.name(), v));
                identifier_columns.push(i);
            }
        }
        let address_given = PersonalField::ADDRESS.iter().any(|f| field(*f).is_some());
        let raw = RawSubject {
            email: field(PersonalField::Email),
            phone: field(PersonalField::Phone),
            first_name: field(PersonalField::FirstName),
            last_name: field(PersonalField::LastName),
            birth_date: field(PersonalField::BirthDate),
            language: field(PersonalField::Language),
            address: address_given.then(|| RawAddress {
                line1: field(PersonalField::AddressLine1),
                line2: field(PersonalField::AddressLine2),
                postal_code: field(PersonalField::PostalCode),
                city: field(PersonalField::City),
                country: field(PersonalField::Country),
            }),
            identifiers,
        };
        let mut errors = Vec::new();
        let subject = match NewSubject::parse(&raw, now.date()) {
            Ok(s) => Some(s),
            Err(fields) => {
                for e in fields {
                    errors.push(RowError {
                        column: self.subject_column(&e, &identifier_columns),
                        reason: e.message,
                    });
                }
                None
            }
        };
        let mut consents = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            let (Column::Consent(purpose), Some(status)) = (c, cell(i)) else {
                continue;
            };
            match self.consent(cells, purpose, status, policy, now) {
                Ok(decision) => consents.push(BulkConsent {
                    purpose: purpose.as_str().to_owned(),
                    decision,
                }),
                Err(e) => errors.extend(e.into_iter().map(|(column, e)| RowError {
                    column,
                    reason: e.message,
                })),
            }
        }
        match subject {
            Some(subject) if errors.is_empty() => Ok(BulkSubject { subject, consents }),
            _ => Err(errors),
        }
    }

    /// The row's fields only (identifiers left out), for rectifying a subject it duplicates.
    pub fn fields_only(
        &self,
        cells: &csv::StringRecord,
        policy: &Policy,
        now: OffsetDateTime,
    ) -> Result<NewSubject, Vec<RowError>> {
        let mut without = self.clone();
        for c in without.columns.iter_mut() {
            if matches!(
                c,
                Column::Identifier(_) | Column::Consent(_) | Column::ConsentAttr(..)
            ) {
                *c = Column::Ignored;
            }
        }
        without.parse_row(cells, policy, now).map(|b| b.subject)
    }

    /// The column of a `NewSubject::parse` error pointer.
    fn subject_column(&self, e: &FieldError, identifier_columns: &[usize]) -> String {
        let pointer = e.field.as_str();
        if let Some(rest) = pointer.strip_prefix("/identifiers/") {
            let i: Option<usize> = rest.split('/').next().and_then(|n| n.parse().ok());
            if let Some(&col) = i.and_then(|i| identifier_columns.get(i)) {
                return self.names[col].clone();
            }
        }
        let name = pointer.trim_start_matches('/').replace('/', ".");
        match PersonalField::ALL.into_iter().find(|f| f.name() == name) {
            Some(f) => self.name_of(&Column::Field(f)),
            None => name,
        }
    }

    /// The value of attribute `attr` for `purpose`: its own column, else the row's.
    fn attr<'c>(
        &self,
        cells: &'c csv::StringRecord,
        purpose: &PurposeId,
        attr: ConsentAttr,
    ) -> (Option<&'c str>, String) {
        let get = |key: &(Option<PurposeId>, ConsentAttr)| {
            self.attrs.get(key).map(|&i| {
                (
                    cells.get(i).map(str::trim).filter(|v| !v.is_empty()),
                    self.names[i].clone(),
                )
            })
        };
        let own = get(&(Some(purpose.clone()), attr));
        let row = get(&(None, attr));
        match (own, row) {
            (Some((Some(v), name)), _) => (Some(v), name),
            (_, Some((Some(v), name))) => (Some(v), name),
            (Some((None, name)), _) | (None, Some((None, name))) => (None, name),
            (None, None) => (None, Column::ConsentAttr(None, attr).name()),
        }
    }

    /// One `consent:<purpose>` cell with its attributes, parsed as the consent routes parse a
    /// decision; errors by column.
    fn consent(
        &self,
        cells: &csv::StringRecord,
        purpose: &PurposeId,
        status: &str,
        policy: &Policy,
        now: OffsetDateTime,
    ) -> Result<ConsentDecision, Vec<(String, FieldError)>> {
        let mut at = HashMap::new();
        let mut value = |a: ConsentAttr| {
            let (v, column) = self.attr(cells, purpose, a);
            at.insert(a.pointer(), column);
            v
        };
        let source = value(ConsentAttr::Source).unwrap_or_default();
        let collected_at = value(ConsentAttr::CollectedAt).unwrap_or_default();
        let policy_version = value(ConsentAttr::PolicyVersion).unwrap_or_default();
        let evidence_ref = value(ConsentAttr::Evidence);
        let operator_id = value(ConsentAttr::OperatorId);
        let expires_at = value(ConsentAttr::ExpiresAt);
        let mut evidence = BTreeMap::new();
        if let Some(r) = evidence_ref {
            evidence.insert(evidence_key(policy, purpose), r.to_owned());
        }
        let raw = RawConsentDecision {
            status,
            source,
            collected_at,
            policy_version,
            evidence,
            expires_at,
            operator_id,
        };
        let status_column = self.name_of(&Column::Consent(purpose.clone()));
        ConsentDecision::parse(&raw, now).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let column = if e.field == "/status" {
                        status_column.clone()
                    } else {
                        at.iter()
                            .find(|(p, _)| e.field.starts_with(**p))
                            .map(|(_, c)| c.clone())
                            .unwrap_or_else(|| status_column.clone())
                    };
                    (column, e)
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::load(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("policies"))
            .unwrap()
    }

    fn header(names: &[&str], mapping: &Mapping) -> anyhow::Result<Header> {
        let raw: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        Header::parse(&raw, mapping, &policy())
    }

    #[test]
    fn a_mapping_renames_and_skips_columns() {
        let mapping =
            Mapping::parse("[columns]\n\"E-Mail\" = \"email\"\n\"Notes\" = \"-\"\n").unwrap();
        let h = header(&["E-Mail", "Notes", "id:loyalty_card"], &mapping).unwrap();
        assert_eq!(
            h.columns,
            vec![
                Column::Field(PersonalField::Email),
                Column::Ignored,
                Column::Identifier(IdentifierType::LoyaltyCard)
            ]
        );
        assert_eq!(h.identifier_column(IdentifierType::Email), "E-Mail");
    }

    #[test]
    fn bad_headers_are_refused_by_column() {
        let none = Mapping::default();
        for bad in [
            vec!["email", "shoe_size"],
            vec!["id:passport"],
            vec!["email", "email"],
            vec!["consent:order_fulfilment"],
            vec!["consent:no_such_purpose"],
            vec!["consent:email_marketing:source"],
            vec!["consent_colour"],
        ] {
            let err = header(&bad, &none).unwrap_err();
            assert!(format!("{err:#}").contains("column"), "{bad:?}: {err:#}");
        }
        // Identifier columns may repeat.
        assert!(header(&["id:loyalty_card", "id:loyalty_card"], &none).is_ok());
    }

    #[test]
    fn errors_name_the_file_columns_and_never_the_values() {
        let mapping = Mapping::parse("[columns]\n\"Mail\" = \"email\"\n").unwrap();
        let h = header(
            &[
                "Mail",
                "id:loyalty_card",
                "consent:email_marketing",
                "consent_collected_at",
                "consent_source",
                "consent_policy_version",
                "consent_evidence",
            ],
            &mapping,
        )
        .unwrap();
        let row = csv::StringRecord::from(vec![
            "not-an-email",
            "",
            "granted",
            "yesterday",
            "web",
            "2026-01",
            "doi-1",
        ]);
        let errors = h
            .parse_row(&row, &policy(), OffsetDateTime::now_utc())
            .unwrap_err();
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["Mail", "consent_collected_at"]);
        assert!(errors
            .iter()
            .all(|e| !e.reason.contains("not-an-email") && !e.reason.contains("yesterday")));

        let good = csv::StringRecord::from(vec![
            "jane@example.com",
            "LC-1",
            "granted",
            "2026-01-05T10:00:00Z",
            "web",
            "2026-01",
            "doi-1",
        ]);
        let item = h
            .parse_row(&good, &policy(), OffsetDateTime::now_utc())
            .unwrap();
        assert_eq!(item.consents.len(), 1);
        assert_eq!(
            item.consents[0].decision.evidence.get("double_opt_in_ref"),
            Some("doi-1")
        );
        assert_eq!(item.subject.lookup_identifiers().len(), 2);
    }
}
