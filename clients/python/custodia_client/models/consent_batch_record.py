from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..models.consent_status import ConsentStatus, check_consent_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="ConsentBatchRecord")


@_attrs_define
class ConsentBatchRecord:
    """A consent decision plus its subject and purpose.

    Attributes:
        subject (SubjectRef): How a batch record, event or data-subject request names its subject: exactly one of
            `id` or `identifier`. An identifier is looked up through its blind index (email in any
            letter case, phone in any accepted spelling). Problems are reported at
            `/subject/id`, `/subject/identifier/type`, `/subject/identifier/value` or `/subject`.
        purpose (str): A purpose id of the policy.
        status (ConsentStatus):
        source (Channel): Where a decision, event or request was collected.
        collected_at (datetime.datetime):
        policy_version (str):
        evidence (Evidence | Unset): Proof of how the decision was collected: short references and hashes only. Only
            these
            keys (others are refused, a raw IP under `ip`, `ip_address` or `remote_addr` with a
            hint to send `ip_hash`); values are trimmed, 1 to 256 characters (a TC string up to
            8192), without control characters, never an IP address or an email address. Omitted
            means `{}`; `null` is refused. `ip_hash` and `user_agent_hash` are stored (and answered)
            hashed again under the vault's key (HMAC-SHA-256, hex): an unsalted hash of an IP
            address is reversed by a table, and the ledger outlives an erasure. The same value
            always gives the same stored hash.
        expires_at (datetime.datetime | None | Unset):
        operator_id (None | str | Unset):
    """

    subject: SubjectRef
    purpose: str
    status: ConsentStatus
    source: Channel
    collected_at: datetime.datetime
    policy_version: str
    evidence: Evidence | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    operator_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject.to_dict()

        purpose = self.purpose

        status: str = self.status

        source: str = self.source

        collected_at = self.collected_at.isoformat()

        policy_version = self.policy_version

        evidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence.to_dict()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        operator_id: None | str | Unset
        if isinstance(self.operator_id, Unset):
            operator_id = UNSET
        else:
            operator_id = self.operator_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject": subject,
                "purpose": purpose,
                "status": status,
                "source": source,
                "collected_at": collected_at,
                "policy_version": policy_version,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if operator_id is not UNSET:
            field_dict["operator_id"] = operator_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence  # noqa: PLC0415
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        d = dict(src_dict)
        subject = SubjectRef.from_dict(d.pop("subject"))

        purpose = d.pop("purpose")

        status = check_consent_status(d.pop("status"))

        source = check_channel(d.pop("source"))

        collected_at = datetime.datetime.fromisoformat(d.pop("collected_at"))

        policy_version = d.pop("policy_version")

        _evidence = d.pop("evidence", UNSET)
        evidence: Evidence | Unset
        if isinstance(_evidence, Unset):
            evidence = UNSET
        else:
            evidence = Evidence.from_dict(_evidence)

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_operator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        operator_id = _parse_operator_id(d.pop("operator_id", UNSET))

        consent_batch_record = cls(
            subject=subject,
            purpose=purpose,
            status=status,
            source=source,
            collected_at=collected_at,
            policy_version=policy_version,
            evidence=evidence,
            expires_at=expires_at,
            operator_id=operator_id,
        )

        return consent_batch_record
