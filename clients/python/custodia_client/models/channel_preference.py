from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel_preference_source import ChannelPreferenceSource, check_channel_preference_source

T = TypeVar("T", bound="ChannelPreference")


@_attrs_define
class ChannelPreference:
    """
    Attributes:
        opted_in (bool):
        max_per_week (int | None): At most this many messages in any 7 days; `null`, no cap.
        source (ChannelPreferenceSource): `customer`: they chose it; `default`: from `policies/contact.toml`.
    """

    opted_in: bool
    max_per_week: int | None
    source: ChannelPreferenceSource

    def to_dict(self) -> dict[str, Any]:
        opted_in = self.opted_in

        max_per_week: int | None
        max_per_week = self.max_per_week

        source: str = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opted_in": opted_in,
                "max_per_week": max_per_week,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opted_in = d.pop("opted_in")

        def _parse_max_per_week(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_per_week = _parse_max_per_week(d.pop("max_per_week"))

        source = check_channel_preference_source(d.pop("source"))

        channel_preference = cls(
            opted_in=opted_in,
            max_per_week=max_per_week,
            source=source,
        )

        return channel_preference
