from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_statistics_purposes_item_series_item_points_item import (
        ConsentStatisticsPurposesItemSeriesItemPointsItem,
    )


T = TypeVar("T", bound="ConsentStatisticsPurposesItemSeriesItem")


@_attrs_define
class ConsentStatisticsPurposesItemSeriesItem:
    """
    Attributes:
        source (str):
        points (list[ConsentStatisticsPurposesItemSeriesItemPointsItem]): The buckets with at least one record, in
            order.
    """

    source: str
    points: list[ConsentStatisticsPurposesItemSeriesItemPointsItem]

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_statistics_purposes_item_series_item_points_item import (
            ConsentStatisticsPurposesItemSeriesItemPointsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        source = d.pop("source")

        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = ConsentStatisticsPurposesItemSeriesItemPointsItem.from_dict(points_item_data)

            points.append(points_item)

        consent_statistics_purposes_item_series_item = cls(
            source=source,
            points=points,
        )

        return consent_statistics_purposes_item_series_item
