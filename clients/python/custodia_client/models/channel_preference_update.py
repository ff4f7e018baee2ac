from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelPreferenceUpdate")


@_attrs_define
class ChannelPreferenceUpdate:
    """`null` is the same as leaving the part out; at least one part must be given.

    Attributes:
        opted_in (bool | None | Unset):
        max_per_week (int | None | Unset):
    """

    opted_in: bool | None | Unset = UNSET
    max_per_week: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        opted_in: bool | None | Unset
        if isinstance(self.opted_in, Unset):
            opted_in = UNSET
        else:
            opted_in = self.opted_in

        max_per_week: int | None | Unset
        if isinstance(self.max_per_week, Unset):
            max_per_week = UNSET
        else:
            max_per_week = self.max_per_week

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if opted_in is not UNSET:
            field_dict["opted_in"] = opted_in
        if max_per_week is not UNSET:
            field_dict["max_per_week"] = max_per_week

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_opted_in(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        opted_in = _parse_opted_in(d.pop("opted_in", UNSET))

        def _parse_max_per_week(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_per_week = _parse_max_per_week(d.pop("max_per_week", UNSET))

        channel_preference_update = cls(
            opted_in=opted_in,
            max_per_week=max_per_week,
        )

        return channel_preference_update
