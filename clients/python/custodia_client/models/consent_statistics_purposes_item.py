from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_statistics_purposes_item_current import ConsentStatisticsPurposesItemCurrent
    from ..models.consent_statistics_purposes_item_series_item import ConsentStatisticsPurposesItemSeriesItem


T = TypeVar("T", bound="ConsentStatisticsPurposesItem")


@_attrs_define
class ConsentStatisticsPurposesItem:
    """
    Attributes:
        purpose (str): A purpose id of the policy.
        current (ConsentStatisticsPurposesItemCurrent): People whose newest record for the purpose has each status now.
        series (list[ConsentStatisticsPurposesItemSeriesItem]): Per source (collection channel), sorted by source.
    """

    purpose: str
    current: ConsentStatisticsPurposesItemCurrent
    series: list[ConsentStatisticsPurposesItemSeriesItem]

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        current = self.current.to_dict()

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "current": current,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_statistics_purposes_item_current import ConsentStatisticsPurposesItemCurrent  # noqa: PLC0415
        from ..models.consent_statistics_purposes_item_series_item import ConsentStatisticsPurposesItemSeriesItem  # noqa: PLC0415

        d = dict(src_dict)
        purpose = d.pop("purpose")

        current = ConsentStatisticsPurposesItemCurrent.from_dict(d.pop("current"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = ConsentStatisticsPurposesItemSeriesItem.from_dict(series_item_data)

            series.append(series_item)

        consent_statistics_purposes_item = cls(
            purpose=purpose,
            current=current,
            series=series,
        )

        return consent_statistics_purposes_item
