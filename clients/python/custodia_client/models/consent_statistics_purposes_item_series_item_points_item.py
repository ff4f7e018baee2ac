from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConsentStatisticsPurposesItemSeriesItemPointsItem")


@_attrs_define
class ConsentStatisticsPurposesItemSeriesItemPointsItem:
    """
    Attributes:
        period_start (datetime.datetime):
        granted (int):
        withdrawn (int):
        refused (int):
    """

    period_start: datetime.datetime
    granted: int
    withdrawn: int
    refused: int

    def to_dict(self) -> dict[str, Any]:
        period_start = self.period_start.isoformat()

        granted = self.granted

        withdrawn = self.withdrawn

        refused = self.refused

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_start": period_start,
                "granted": granted,
                "withdrawn": withdrawn,
                "refused": refused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        granted = d.pop("granted")

        withdrawn = d.pop("withdrawn")

        refused = d.pop("refused")

        consent_statistics_purposes_item_series_item_points_item = cls(
            period_start=period_start,
            granted=granted,
            withdrawn=withdrawn,
            refused=refused,
        )

        return consent_statistics_purposes_item_series_item_points_item
