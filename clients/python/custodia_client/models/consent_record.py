from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..models.consent_status import ConsentStatus, check_consent_status
from ..models.legal_basis import LegalBasis, check_legal_basis

if TYPE_CHECKING:
    from ..models.consent_record_evidence import ConsentRecordEvidence


T = TypeVar("T", bound="ConsentRecord")


@_attrs_define
class ConsentRecord:
    """One row of the consent ledger. Rows are never changed; the newest per purpose decides.

    Attributes:
        id (UUID): The record's id; also the receipt's `consent_receipt_id`.
        subject (UUID):
        purpose (str): A purpose id of the policy.
        status (ConsentStatus):
        legal_basis (LegalBasis): The legal basis of a purpose (GDPR Art. 6(1)).
        source (Channel): Where a decision, event or request was collected.
        collected_at (datetime.datetime):
        recorded_at (datetime.datetime): When the vault recorded it (UTC
        policy_version (str):
        evidence (ConsentRecordEvidence): The evidence as stored (trimmed values).
        expires_at (datetime.datetime | None):
        operator_id (None | str):
        recorded_by (str): The token `sub` of the caller who recorded it (a client id
    """

    id: UUID
    subject: UUID
    purpose: str
    status: ConsentStatus
    legal_basis: LegalBasis
    source: Channel
    collected_at: datetime.datetime
    recorded_at: datetime.datetime
    policy_version: str
    evidence: ConsentRecordEvidence
    expires_at: datetime.datetime | None
    operator_id: None | str
    recorded_by: str

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        subject = str(self.subject)

        purpose = self.purpose

        status: str = self.status

        legal_basis: str = self.legal_basis

        source: str = self.source

        collected_at = self.collected_at.isoformat()

        recorded_at = self.recorded_at.isoformat()

        policy_version = self.policy_version

        evidence = self.evidence.to_dict()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        operator_id: None | str
        operator_id = self.operator_id

        recorded_by = self.recorded_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "subject": subject,
                "purpose": purpose,
                "status": status,
                "legal_basis": legal_basis,
                "source": source,
                "collected_at": collected_at,
                "recorded_at": recorded_at,
                "policy_version": policy_version,
                "evidence": evidence,
                "expires_at": expires_at,
                "operator_id": operator_id,
                "recorded_by": recorded_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_record_evidence import ConsentRecordEvidence  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        subject = UUID(d.pop("subject"))

        purpose = d.pop("purpose")

        status = check_consent_status(d.pop("status"))

        legal_basis = check_legal_basis(d.pop("legal_basis"))

        source = check_channel(d.pop("source"))

        collected_at = datetime.datetime.fromisoformat(d.pop("collected_at"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        policy_version = d.pop("policy_version")

        evidence = ConsentRecordEvidence.from_dict(d.pop("evidence"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_operator_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        operator_id = _parse_operator_id(d.pop("operator_id"))

        recorded_by = d.pop("recorded_by")

        consent_record = cls(
            id=id,
            subject=subject,
            purpose=purpose,
            status=status,
            legal_basis=legal_basis,
            source=source,
            collected_at=collected_at,
            recorded_at=recorded_at,
            policy_version=policy_version,
            evidence=evidence,
            expires_at=expires_at,
            operator_id=operator_id,
            recorded_by=recorded_by,
        )

        return consent_record
