from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_properties import EventProperties
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="EventInput")


@_attrs_define
class EventInput:
    """One behavioural event as a channel sends it.

    Attributes:
        id (str): The channel's own event id; the same id from the same client is stored once.
        subject (SubjectRef): How a batch record, event or data-subject request names its subject: exactly one of
            `id` or `identifier`. An identifier is looked up through its blind index (email in any
            letter case, phone in any accepted spelling). Problems are reported at
            `/subject/id`, `/subject/identifier/type`, `/subject/identifier/value` or `/subject`.
        type_ (str): An event type of the policy (`policies/events.toml`). The shipped policy defines
            `page_view`, `product_view`, `search`, `add_to_cart`, `remove_from_cart`, `checkout`,
            `purchase`, `return` (with a `reason`), `review`, `support_contact` (with a
            `sentiment`), `store_visit`, `email_open`, `email_click`, `push_open`, `message_sent`,
            and the negative feedback types `message_bounced` (`bounce`: `hard` or `soft`),
            `spam_complaint` and `unsubscribe`.
        channel (Channel): Where a decision, event or request was collected.
        occurred_at (datetime.datetime): When it happened (RFC 3339); not more than 5 minutes ahead of the vault's
            clock, not before 2000.
        properties (EventProperties | Unset): The properties the event type lists, nothing else; each optional unless
            the type
            says `required`. Property types: `string` (1 to 200 characters), `category` (1 to
            100), `integer`, `number`, `amount` (non-negative, at most two decimals, as a number
            or a string such as `"19.99"`; stored as a string with two decimals), `currency`
            (ISO 4217, e.g. `EUR`), `sku` (1 to 64 of `A-Z a-z 0-9 - _ . /`), `rating` (1 to 5),
            `boolean`, `path` (a URL path: starts with `/`, no query string or fragment). A string
            that looks like an email address or a phone number is refused, whatever its property.
            In the shipped policy, `purchase` needs `order_id`, `amount`, `currency` (and may carry
            `items`, `category`); `page_view` needs `path`; `store_visit` needs `store_id`;
            `email_open` needs `campaign_id`.
    """

    id: str
    subject: SubjectRef
    type_: str
    channel: Channel
    occurred_at: datetime.datetime
    properties: EventProperties | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        subject = self.subject.to_dict()

        type_ = self.type_

        channel: str = self.channel

        occurred_at = self.occurred_at.isoformat()

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "subject": subject,
                "type": type_,
                "channel": channel,
                "occurred_at": occurred_at,
            }
        )
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_properties import EventProperties  # noqa: PLC0415
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        subject = SubjectRef.from_dict(d.pop("subject"))

        type_ = d.pop("type")

        channel = check_channel(d.pop("channel"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        _properties = d.pop("properties", UNSET)
        properties: EventProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = EventProperties.from_dict(_properties)

        event_input = cls(
            id=id,
            subject=subject,
            type_=type_,
            channel=channel,
            occurred_at=occurred_at,
            properties=properties,
        )

        return event_input
