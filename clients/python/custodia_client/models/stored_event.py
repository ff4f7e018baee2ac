from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel

if TYPE_CHECKING:
    from ..models.stored_event_properties import StoredEventProperties


T = TypeVar("T", bound="StoredEvent")


@_attrs_define
class StoredEvent:
    """
    Attributes:
        event_id (UUID): The vault's id.
        id (str): The channel's event id.
        source (str): The client that sent it (token `sub`).
        type_ (str): An event type of the policy (`policies/events.toml`). The shipped policy defines
            `page_view`, `product_view`, `search`, `add_to_cart`, `remove_from_cart`, `checkout`,
            `purchase`, `return` (with a `reason`), `review`, `support_contact` (with a
            `sentiment`), `store_visit`, `email_open`, `email_click`, `push_open`, `message_sent`,
            and the negative feedback types `message_bounced` (`bounce`: `hard` or `soft`),
            `spam_complaint` and `unsubscribe`.
        channel (Channel): Where a decision, event or request was collected.
        occurred_at (datetime.datetime):
        received_at (datetime.datetime):
        properties (StoredEventProperties): As stored (text trimmed, amounts as strings with two decimals).
    """

    event_id: UUID
    id: str
    source: str
    type_: str
    channel: Channel
    occurred_at: datetime.datetime
    received_at: datetime.datetime
    properties: StoredEventProperties

    def to_dict(self) -> dict[str, Any]:
        event_id = str(self.event_id)

        id = self.id

        source = self.source

        type_ = self.type_

        channel: str = self.channel

        occurred_at = self.occurred_at.isoformat()

        received_at = self.received_at.isoformat()

        properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_id": event_id,
                "id": id,
                "source": source,
                "type": type_,
                "channel": channel,
                "occurred_at": occurred_at,
                "received_at": received_at,
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_event_properties import StoredEventProperties  # noqa: PLC0415

        d = dict(src_dict)
        event_id = UUID(d.pop("event_id"))

        id = d.pop("id")

        source = d.pop("source")

        type_ = d.pop("type")

        channel = check_channel(d.pop("channel"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        properties = StoredEventProperties.from_dict(d.pop("properties"))

        stored_event = cls(
            event_id=event_id,
            id=id,
            source=source,
            type_=type_,
            channel=channel,
            occurred_at=occurred_at,
            received_at=received_at,
            properties=properties,
        )

        return stored_event
