//! The policy (design §3): which client may ask for which purpose, which fields and event types
//! each purpose may see (and which only through a reduced view) and on which legal basis, the
//! data category of every field, the IAB TCF purposes a consent purpose needs, the catalogue of
//! behavioural event types with the schema of their properties ([`EventType`]), and the one
//! function that decides each read ([`Policy::decide`]).
//!
//! The policy is read once at start from the policy directory (`CUSTODIA_POLICY_DIR`, default
//! `./policies`): `purposes.toml`, `clients.toml`, `categories.toml`, `events.toml` (required
//! as soon as a purpose lists an event type), `notices.toml` (the published notices; required
//! as soon as a purpose is based on consent) and, optionally, `tcf.toml` and `controller.toml`
//! (the controller, its time zone and the digital consent age) and `contact.toml` (contact
//! defaults: channels, weekly caps, quiet hours). Every rule is checked
//! at load and a broken file stops the start with `<file>:<line>:<column>: <reason>`; a change
//! takes effect on the next restart. Deciding parses nothing and does no I/O.

mod decision;
mod error;
mod events;
mod load;
mod model;
mod subject_state;
#[cfg(test)]
mod testing;

pub use crate::domain::looks_like_direct_identifier;
pub use decision::{
    AccessRequest, ConsentState, Decision, DenyReason, Scope, SubjectState, Withheld,
    WithholdReason,
};
pub use error::PolicyError;
pub use events::{EventType, PropertySpec, PropertyType, DIRECT_IDENTIFIER, MAX_PROPERTIES};
pub use load::{
    CATEGORIES_FILE, CLIENTS_FILE, CONTACT_FILE, CONTROLLER_FILE, EVENTS_FILE, NOTICES_FILE,
    PURPOSES_FILE, TCF_FILE, TRIGGERS_FILE,
};
pub use model::{
    retention_cutoff_us, retention_end_us, Client, ContactDefaults, Controller, LegalBasis, Notice,
    Policy, Purpose, RecipientInfo, RecipientKind, Trigger, DEFAULT_DIGITAL_CONSENT_AGE, EEA,
};
pub use subject_state::{
    applicable_purposes, consent_state, covering_scope, covers, objected, purpose_scope,
    time_from_us, BulkSubjectStates, SCOPE_DIRECT_MARKETING, SCOPE_SALE_OR_SHARING,
};
