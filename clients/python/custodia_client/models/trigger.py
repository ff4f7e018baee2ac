from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contact_channel import ContactChannel, check_contact_channel

T = TypeVar("T", bound="Trigger")


@_attrs_define
class Trigger:
    """
    Attributes:
        name (str):
        description (str):
        purpose (str):
        channel (ContactChannel): A channel a message goes out on.
        client (str):
        after (str): The event type that starts the rule.
        category (None | str): Only starting (and cancelling) events of this product category.
        unless (list[str]): Event types that cancel it when they follow.
        within_hours (int):
        enabled (bool):
    """

    name: str
    description: str
    purpose: str
    channel: ContactChannel
    client: str
    after: str
    category: None | str
    unless: list[str]
    within_hours: int
    enabled: bool

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        purpose = self.purpose

        channel: str = self.channel

        client = self.client

        after = self.after

        category: None | str
        category = self.category

        unless = self.unless

        within_hours = self.within_hours

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "purpose": purpose,
                "channel": channel,
                "client": client,
                "after": after,
                "category": category,
                "unless": unless,
                "within_hours": within_hours,
                "enabled": enabled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        purpose = d.pop("purpose")

        channel = check_contact_channel(d.pop("channel"))

        client = d.pop("client")

        after = d.pop("after")

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        unless = cast(list[str], d.pop("unless"))

        within_hours = d.pop("within_hours")

        enabled = d.pop("enabled")

        trigger = cls(
            name=name,
            description=description,
            purpose=purpose,
            channel=channel,
            client=client,
            after=after,
            category=category,
            unless=unless,
            within_hours=within_hours,
            enabled=enabled,
        )

        return trigger
