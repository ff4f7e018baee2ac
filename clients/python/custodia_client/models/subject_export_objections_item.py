from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel

T = TypeVar("T", bound="SubjectExportObjectionsItem")


@_attrs_define
class SubjectExportObjectionsItem:
    """
    Attributes:
        scope (str): What an objection stops: `direct_marketing` (every direct-marketing purpose),
            `sale_or_sharing` (every purpose that sells or shares data; recorded from a GPC
            signal) or `purpose:<id>` (that purpose).
        withdrawn (bool):
        source (Channel): Where a decision, event or request was collected.
        recorded_at (datetime.datetime):
    """

    scope: str
    withdrawn: bool
    source: Channel
    recorded_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope

        withdrawn = self.withdrawn

        source: str = self.source

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "scope": scope,
                "withdrawn": withdrawn,
                "source": source,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scope = d.pop("scope")

        withdrawn = d.pop("withdrawn")

        source = check_channel(d.pop("source"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        subject_export_objections_item = cls(
            scope=scope,
            withdrawn=withdrawn,
            source=source,
            recorded_at=recorded_at,
        )

        return subject_export_objections_item
