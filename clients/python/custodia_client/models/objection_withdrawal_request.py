from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="ObjectionWithdrawalRequest")


@_attrs_define
class ObjectionWithdrawalRequest:
    """
    Attributes:
        scopes (list[str]): The scopes to lift, 1 to 64 (more → `400 invalid-request`); repeats count once.
        source (Channel): Where a decision, event or request was collected.
        collected_at (datetime.datetime): When the customer decided (RFC 3339); not more than 5 minutes ahead of the
            vault's clock, not before 2000.
        evidence (Evidence | Unset): Proof of how the decision was collected: short references and hashes only. Only
            these
            keys (others are refused, a raw IP under `ip`, `ip_address` or `remote_addr` with a
            hint to send `ip_hash`); values are trimmed, 1 to 256 characters (a TC string up to
            8192), without control characters, never an IP address or an email address. Omitted
            means `{}`; `null` is refused. `ip_hash` and `user_agent_hash` are stored (and answered)
            hashed again under the vault's key (HMAC-SHA-256, hex): an unsalted hash of an IP
            address is reversed by a table, and the ledger outlives an erasure. The same value
            always gives the same stored hash.
    """

    scopes: list[str]
    source: Channel
    collected_at: datetime.datetime
    evidence: Evidence | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scopes = self.scopes

        source: str = self.source

        collected_at = self.collected_at.isoformat()

        evidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "scopes": scopes,
                "source": source,
                "collected_at": collected_at,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence  # noqa: PLC0415

        d = dict(src_dict)
        scopes = cast(list[str], d.pop("scopes"))

        source = check_channel(d.pop("source"))

        collected_at = datetime.datetime.fromisoformat(d.pop("collected_at"))

        _evidence = d.pop("evidence", UNSET)
        evidence: Evidence | Unset
        if isinstance(_evidence, Unset):
            evidence = UNSET
        else:
            evidence = Evidence.from_dict(_evidence)

        objection_withdrawal_request = cls(
            scopes=scopes,
            source=source,
            collected_at=collected_at,
            evidence=evidence,
        )

        return objection_withdrawal_request
