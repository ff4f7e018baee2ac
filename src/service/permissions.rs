//! Who may use which use case: the one table of role sets.
//!
//! The HTTP edge checks them in its extractors (`Authenticated<Writers>` admits
//! [`WRITERS`], see `src/http/extract.rs`), and every public use case of [`super::Vault`] that
//! takes a [`super::Caller`] checks them again as its first step
//! (`caller.require(permissions::WRITERS)?`), so an entry point other than the HTTP edge (the
//! CLI, an import, a trigger, a console) cannot skip the check. A use case reached by several
//! routes admits the union of their sets, named below; a use case may refine the role further
//! inside (identity management for clients, `records_consent`), after this check.
//!
//! Internal jobs act as [`Role::Admin`] (retention, the notifier, erasure resumption, the demo
//! seed): every set they need admits it (`internal_jobs_act_as_an_admitted_role` below).

use crate::domain::Role;

/// CRM, mailer and BI systems: reads for a declared purpose (subject read and look-up,
/// events, profile, segments).
pub const CLIENTS: &[Role] = &[Role::Client];

/// Systems that write customer records: clients and vault operators (creation, event
/// ingest, the consent batch import).
pub const WRITERS: &[Role] = &[Role::Client, Role::Admin];

/// Systems and people who act on a customer's rights requests: clients (a call centre),
/// DPOs and operators (identifier linking, merge and undo, logging a DSR).
pub const STEWARDS: &[Role] = &[Role::Client, Role::Dpo, Role::Admin];

/// Data-protection officers and vault operators (working the DSR queue, retention).
pub const DPO_OR_ADMIN: &[Role] = &[Role::Dpo, Role::Admin];

/// Data-protection officers (audit log search and verification, the notification queue).
pub const DPOS: &[Role] = &[Role::Dpo];

/// A customer acting on their own record (`/v1/me…`).
pub const SUBJECTS: &[Role] = &[Role::Subject];

/// Vault operators (metrics).
pub const ADMINS: &[Role] = &[Role::Admin];

/// [`WRITERS`] ∪ [`SUBJECTS`]: recording a consent decision and rectification, reached by
/// `PUT /v1/subjects/{id}/consents/{purpose}` / `PATCH /v1/subjects/{id}` and their `/v1/me`
/// twins.
pub const WRITERS_OR_SUBJECTS: &[Role] = &[Role::Client, Role::Admin, Role::Subject];

/// [`STEWARDS`] ∪ [`SUBJECTS`]: the consent overview, restriction and its lifting, objection
/// and its withdrawal, reached by the `/v1/subjects/{id}/…` routes and their `/v1/me` twins.
pub const STEWARDS_OR_SUBJECTS: &[Role] = &[Role::Client, Role::Dpo, Role::Admin, Role::Subject];

/// [`DPO_OR_ADMIN`] ∪ [`SUBJECTS`]: erasure and export, reached by
/// `DELETE`/`GET …/export` on `/v1/subjects/{id}` and their `/v1/me` twins.
pub const DPO_ADMIN_OR_SUBJECTS: &[Role] = &[Role::Dpo, Role::Admin, Role::Subject];

/// Communication preferences: clients (for a purpose that contacts people), DPOs and
/// operators (a rights request, the demo seed), and the customer for their own
/// (`/v1/me/preferences`).
pub const CONTACT_STEWARDS: &[Role] = &[Role::Client, Role::Dpo, Role::Admin, Role::Subject];

/// Every role: what the policy says in public (the purposes, their legal bases and notices),
/// which every caller may read, the customer in the privacy centre included.
pub const ANYONE: &[Role] = &[Role::Client, Role::Dpo, Role::Admin, Role::Subject];

/// Automation rules (listing, dry run): clients (those of their purposes), DPOs, operators.
pub const TRIGGER_READERS: &[Role] = &[Role::Client, Role::Dpo, Role::Admin];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn set(roles: &[&[Role]]) -> BTreeSet<&'static str> {
        roles
            .iter()
            .flat_map(|r| r.iter())
            .map(|r| r.as_str())
            .collect()
    }

    #[test]
    fn each_union_is_exactly_its_parts() {
        for (union, parts) in [
            (WRITERS_OR_SUBJECTS, [WRITERS, SUBJECTS]),
            (STEWARDS_OR_SUBJECTS, [STEWARDS, SUBJECTS]),
            (DPO_ADMIN_OR_SUBJECTS, [DPO_OR_ADMIN, SUBJECTS]),
        ] {
            assert_eq!(set(&[union]), set(&parts));
            assert_eq!(set(&[union]).len(), union.len(), "no role twice");
        }
    }

    #[test]
    fn internal_jobs_act_as_an_admitted_role() {
        // The demo seed creates, records consent, ingests and objects; retention and erasure
        // resumption act as admin too.
        for roles in [
            WRITERS,
            WRITERS_OR_SUBJECTS,
            STEWARDS,
            STEWARDS_OR_SUBJECTS,
            DPO_OR_ADMIN,
            CONTACT_STEWARDS,
        ] {
            assert!(roles.contains(&Role::Admin));
        }
    }

    #[test]
    fn a_customer_reaches_only_their_own_rights() {
        for roles in [CLIENTS, WRITERS, STEWARDS, DPO_OR_ADMIN, DPOS, ADMINS] {
            assert!(!roles.contains(&Role::Subject));
        }
    }
}
