from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_overview_objections_item_evidence import ConsentOverviewObjectionsItemEvidence


T = TypeVar("T", bound="ConsentOverviewObjectionsItem")


@_attrs_define
class ConsentOverviewObjectionsItem:
    """
    Attributes:
        scope (str): What an objection stops: `direct_marketing` (every direct-marketing purpose),
            `sale_or_sharing` (every purpose that sells or shares data; recorded from a GPC
            signal) or `purpose:<id>` (that purpose).
        withdrawn (bool): A withdrawal of the objection to `scope`, not an objection.
        source (Channel): Where a decision, event or request was collected.
        recorded_at (datetime.datetime):
        recorded_by (str): The token `sub` of the caller who recorded it.
        collected_at (datetime.datetime | None | Unset): Withdrawals only, when the customer decided; `null` if not
            known.
        evidence (ConsentOverviewObjectionsItemEvidence | Unset): Withdrawals only, the evidence as stored.
    """

    scope: str
    withdrawn: bool
    source: Channel
    recorded_at: datetime.datetime
    recorded_by: str
    collected_at: datetime.datetime | None | Unset = UNSET
    evidence: ConsentOverviewObjectionsItemEvidence | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope

        withdrawn = self.withdrawn

        source: str = self.source

        recorded_at = self.recorded_at.isoformat()

        recorded_by = self.recorded_by

        collected_at: None | str | Unset
        if isinstance(self.collected_at, Unset):
            collected_at = UNSET
        elif isinstance(self.collected_at, datetime.datetime):
            collected_at = self.collected_at.isoformat()
        else:
            collected_at = self.collected_at

        evidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "scope": scope,
                "withdrawn": withdrawn,
                "source": source,
                "recorded_at": recorded_at,
                "recorded_by": recorded_by,
            }
        )
        if collected_at is not UNSET:
            field_dict["collected_at"] = collected_at
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_overview_objections_item_evidence import ConsentOverviewObjectionsItemEvidence  # noqa: PLC0415

        d = dict(src_dict)
        scope = d.pop("scope")

        withdrawn = d.pop("withdrawn")

        source = check_channel(d.pop("source"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_by = d.pop("recorded_by")

        def _parse_collected_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                collected_at_type_0 = datetime.datetime.fromisoformat(data)

                return collected_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        collected_at = _parse_collected_at(d.pop("collected_at", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: ConsentOverviewObjectionsItemEvidence | Unset
        if isinstance(_evidence, Unset):
            evidence = UNSET
        else:
            evidence = ConsentOverviewObjectionsItemEvidence.from_dict(_evidence)

        consent_overview_objections_item = cls(
            scope=scope,
            withdrawn=withdrawn,
            source=source,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            collected_at=collected_at,
            evidence=evidence,
        )

        return consent_overview_objections_item
