//! Validated domain types and rules. Nothing here knows about HTTP or SQL: once a value of one
//! of these types exists, it is valid (parse, don't validate).

mod consent;
mod contact;
pub mod disclosure;
mod dsr;
mod events;
mod feedback;
mod field;
mod identifying;
mod ids;
mod ledger;
mod money;
mod notifications;
pub mod recommendations;
pub mod rfm;
mod role;
mod sensitive;
mod statistics;
mod subject;
mod tcf;
mod transform;
mod zone;

pub use consent::{
    Channel, ConsentDecision, ConsentStatus, Evidence, ObjectionWithdrawal, RawConsentDecision,
    RawObjectionWithdrawal, RestrictionGround, EVIDENCE_KEYS, MAX_CLOCK_SKEW,
};
pub use contact::{
    format_clock, parse_clock, ChannelPatch, ChannelPreference, ContactChannel, Preferences,
    PreferencesPatch, QuietHours, RawPreferences, MAX_PER_WEEK,
};
pub(crate) use dsr::to_us;
pub use dsr::{
    due_date, due_date_in, is_overdue, DsrCompletion, DsrDelivery, DsrExport, DsrExportFormat,
    DsrKind, DsrReason, DsrRefusal, DsrState, DsrStatus, DsrStatusFilter, DsrStep,
    MAX_DSR_REASON_CHARS,
};
pub use events::{EventQuery, EventRecord};
pub use feedback::{AttentionReason, FeedbackKind, SuppressionCause};
pub use field::{Field, IdentifierType, PersonalField, UnknownField};
pub use identifying::looks_like_direct_identifier;
pub use ids::{is_snake_case_name, ClientId, IdError, PurposeId, SubjectId};
pub use ledger::{ConsentRecord, ObjectionRecord, RestrictionRecord};
pub use money::{Amount, AmountError, MAX_AMOUNT_CENTS};
pub use notifications::{NotificationFilter, NotificationRecord, NotificationStatus};
pub use role::Role;
pub use sensitive::Sensitive;
pub use statistics::{
    Bucket, StatisticsWindow, WindowError, DAY_US, DEFAULT_STATISTICS_DAYS, MAX_STATISTICS_DAYS,
    MAX_STATISTICS_POINTS,
};
pub use subject::{
    BirthDate, Email, FieldError, Identifier, Language, NewSubject, PersonName, Phone, RawAddress,
    RawSubject, SubjectPatch, ADULT_AGE, MAX_IDENTIFIERS,
};
pub use tcf::{TcString, TcfError};
pub use transform::Transform;
pub use zone::{time_zone, Tz};
