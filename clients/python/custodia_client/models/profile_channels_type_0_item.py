from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel

T = TypeVar("T", bound="ProfileChannelsType0Item")


@_attrs_define
class ProfileChannelsType0Item:
    """
    Attributes:
        channel (Channel): Where a decision, event or request was collected.
        first_seen (datetime.datetime):
        last_seen (datetime.datetime):
        events (int):
    """

    channel: Channel
    first_seen: datetime.datetime
    last_seen: datetime.datetime
    events: int

    def to_dict(self) -> dict[str, Any]:
        channel: str = self.channel

        first_seen = self.first_seen.isoformat()

        last_seen = self.last_seen.isoformat()

        events = self.events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = check_channel(d.pop("channel"))

        first_seen = datetime.datetime.fromisoformat(d.pop("first_seen"))

        last_seen = datetime.datetime.fromisoformat(d.pop("last_seen"))

        events = d.pop("events")

        profile_channels_type_0_item = cls(
            channel=channel,
            first_seen=first_seen,
            last_seen=last_seen,
            events=events,
        )

        return profile_channels_type_0_item
