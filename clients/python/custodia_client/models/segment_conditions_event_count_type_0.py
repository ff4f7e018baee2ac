from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SegmentConditionsEventCountType0")


@_attrs_define
class SegmentConditionsEventCountType0:
    """At least `min` events of `type` (any event type of the policy, whatever the purpose may see).

    Attributes:
        type_ (str):
        min_ (int):
    """

    type_: str
    min_: int

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        min_ = self.min_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "min": min_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        min_ = d.pop("min")

        segment_conditions_event_count_type_0 = cls(
            type_=type_,
            min_=min_,
        )

        return segment_conditions_event_count_type_0
