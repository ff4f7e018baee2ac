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


T = TypeVar("T", bound="ConsentDecision")


@_attrs_define
class ConsentDecision:
    """One consent decision as a channel reports it (ISO/IEC TS 27560, Kantara consent
    receipt). Every invalid field is reported at once in `errors`, named by a JSON pointer.

        Attributes:
            status (ConsentStatus):
            source (Channel): Where a decision, event or request was collected.
            collected_at (datetime.datetime): When the customer decided (RFC 3339); not more than 5 minutes ahead of the
                vault's clock, not before 2000.
            policy_version (str): The version of the notice shown to the customer, 1 to 64 bytes without control
                characters (trimmed). A grant must name a notice published in
                `policies/notices.toml` that covers the purpose (`400 unknown-notice` otherwise); a
                withdrawal or refusal may name any. A purpose that requires re-consent accepts
                grants only under its current notice version (reads answer `reconsent_required`
                otherwise).
            evidence (Evidence | Unset): Proof of how the decision was collected: short references and hashes only. Only
                these
                keys (others are refused, a raw IP under `ip`, `ip_address` or `remote_addr` with a
                hint to send `ip_hash`); values are trimmed, 1 to 256 characters (a TC string up to
                8192), without control characters, never an IP address or an email address. Omitted
                means `{}`; `null` is refused. `ip_hash` and `user_agent_hash` are stored (and answered)
                hashed again under the vault's key (HMAC-SHA-256, hex): an unsalted hash of an IP
                address is reversed by a table, and the ledger outlives an erasure. The same value
                always gives the same stored hash.
            expires_at (datetime.datetime | None | Unset): When the consent lapses (RFC 3339), after `collected_at`; `null`
                or absent for none.
            operator_id (None | str | Unset): Who captured the decision for the customer (a reference, never a name):
                required
                when `source` is `store` or `call_centre`. Up to 64 of `A-Z a-z 0-9 - _ . :`
                after trimming; blank counts as absent.
    """

    status: ConsentStatus
    source: Channel
    collected_at: datetime.datetime
    policy_version: str
    evidence: Evidence | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    operator_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        d = dict(src_dict)
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

        consent_decision = cls(
            status=status,
            source=source,
            collected_at=collected_at,
            policy_version=policy_version,
            evidence=evidence,
            expires_at=expires_at,
            operator_id=operator_id,
        )

        return consent_decision
