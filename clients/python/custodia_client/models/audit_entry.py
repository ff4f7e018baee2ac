from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.audit_entry_decision import AuditEntryDecision, check_audit_entry_decision

if TYPE_CHECKING:
    from ..models.audit_entry_actor import AuditEntryActor


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """One access decision. Never contains a field value.

    Attributes:
        seq (int): Position in the chain, from 1, without gaps.
        at (datetime.datetime): When the decision was made (RFC 3339, UTC, microseconds).
        actor (AuditEntryActor):
        action (str): What was attempted, `<object>.<verb>`: `subject.create`, `subject.import`
            (`custodia import`), `subject.export_all` (`custodia export-all`), `subject.read`,
            `subject.lookup`, `subject.rectify`, `subject.erase`, `subject.export`,
            `subject.merge`, `subject.merged`, `merge.undo`, `identifier.link`,
            `consent.granted`, `consent.withdrawn`, `consent.refused`, `consent.read`,
            `restriction.set`, `restriction.lifted`, `objection.recorded`,
            `objection.withdrawn`, `objection.assessed`, `events.ingest`,
            `events.read`, `profile.read`, `segment.query`, `retention.delete`, `dsr.create`,
            `dsr.read`, `dsr.verify`, `dsr.extend`, `dsr.complete`, `dsr.reject`,
            `notify.enqueued`, `channel.suppressed`, `channel.suppression_lifted`,
            `contact.decision`, `preferences.read`, `preferences.update`, `trigger.dry_run`,
            `recommendations.read`, `recommendations.rebuild`, `keys.rotate` (master-key
            rotation, `custodia keys rotate`: no subject, counts in `reason`), `keys.rotate_index`
            (blind-index key rotation, `custodia keys rotate-index`: likewise).
        subject (None | UUID): The subject's id; `null` when no subject was identified (a refused look-up or creation).
        purpose (None | str): The declared purpose; `null` when none was given or it was not a purpose id, and for
            creations.
        fields_given (list[str]): What was given, by name: for subject reads the field names (`FieldName`), with the
            reduced view in brackets when one was applied (`birth_date(age_band)`,
            `email(mask)`); for `subject.create` the fields stored; for other actions their
            own names (event types for `events.*`, `aggregate.counts` for segments, …).
        fields_withheld (list[str]): Names of the fields withheld (`FieldName`).
        decision (AuditEntryDecision):
        reason (None | str): Why: for a denied read a `DenyReason` name, or `missing_purpose`,
            `invalid_purpose`, `subject_not_found`, `erased`, `identifier_taken`; `null` for
            allowed reads and creations. Some allowed actions record their ground here:
            `restriction.set` the restriction ground; `objection.recorded` `request`,
            `request:direct_marketing` or `gpc:sale_or_sharing`; `objection.withdrawn`
            `request` or `request:<scope>`; a denied `consent.*` or `objection.*` its
            `DenyReason`, `objection_in_force` or `matches_erased_identifier`; `consent.read`
            `registered_purposes` for a client's filtered view; `events.ingest` (denied) the
            refusal reason; `subject.erase` `receipt_sha256:<hash>` (with
            `merged_into:<subject>` for a subject merged into the person, `blocked_until:<time>`
            for an erasure a retention duty blocks, and, for an erasure the erasure journal
            re-applied at start to stores restored from an older backup, the prefix
            `reapplied_from_erasure_journal original_receipt_sha256:<hash|unknown>`, actor
            `erasure-journal`); `subject.merge`,
            `subject.merged`, `merge.undo` the merge (`merge:<id> from:<subject>`, …);
            `dsr.create` the request type; `dsr.read` `list` for a listing; a refused `dsr.*`
            step its reason (`not_found`, `closed`, `not_verified`, `already_verified`,
            `already_extended`, `deadline_passed`, `subject_mismatch`, `subject_not_found`,
            `concurrent_change`); `retention.delete` what retention deleted;
            `subject.import` `import:<file>` naming the imported file's base name (after
            `suppression_match` or `identifier_taken` when those apply, space-separated), and
            a decision recorded by an import `import:<file>` too; `subject.export_all`
            `export_all`.
        request_id (str): The id of the request that caused the decision (`X-Request-Id`).
        hash_ (str): `SHA-256(previous hash ‖ canonical entry)`, hex.
    """

    seq: int
    at: datetime.datetime
    actor: AuditEntryActor
    action: str
    subject: None | UUID
    purpose: None | str
    fields_given: list[str]
    fields_withheld: list[str]
    decision: AuditEntryDecision
    reason: None | str
    request_id: str
    hash_: str

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        at = self.at.isoformat()

        actor = self.actor.to_dict()

        action = self.action

        subject: None | str
        if isinstance(self.subject, UUID):
            subject = str(self.subject)
        else:
            subject = self.subject

        purpose: None | str
        purpose = self.purpose

        fields_given = self.fields_given

        fields_withheld = self.fields_withheld

        decision: str = self.decision

        reason: None | str
        reason = self.reason

        request_id = self.request_id

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": action,
                "subject": subject,
                "purpose": purpose,
                "fields_given": fields_given,
                "fields_withheld": fields_withheld,
                "decision": decision,
                "reason": reason,
                "request_id": request_id,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_actor import AuditEntryActor  # noqa: PLC0415

        d = dict(src_dict)
        seq = d.pop("seq")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        actor = AuditEntryActor.from_dict(d.pop("actor"))

        action = d.pop("action")

        def _parse_subject(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subject_type_0 = UUID(data)

                return subject_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_purpose(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        purpose = _parse_purpose(d.pop("purpose"))

        fields_given = cast(list[str], d.pop("fields_given"))

        fields_withheld = cast(list[str], d.pop("fields_withheld"))

        decision = check_audit_entry_decision(d.pop("decision"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        request_id = d.pop("request_id")

        hash_ = d.pop("hash")

        audit_entry = cls(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            purpose=purpose,
            fields_given=fields_given,
            fields_withheld=fields_withheld,
            decision=decision,
            reason=reason,
            request_id=request_id,
            hash_=hash_,
        )

        return audit_entry
