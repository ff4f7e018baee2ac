from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.stored_event import StoredEvent


T = TypeVar("T", bound="EventPage")


@_attrs_define
class EventPage:
    """
    Attributes:
        id (UUID):
        purpose (str): A purpose id of the policy.
        events (list[StoredEvent]): Newest first, at most `limit`.
        next_cursor (None | str): Pass as `cursor` for the next page; `null` when this page was not full.
    """

    id: UUID
    purpose: str
    events: list[StoredEvent]
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        purpose = self.purpose

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "purpose": purpose,
                "events": events,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_event import StoredEvent  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        purpose = d.pop("purpose")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = StoredEvent.from_dict(events_item_data)

            events.append(events_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        event_page = cls(
            id=id,
            purpose=purpose,
            events=events,
            next_cursor=next_cursor,
        )

        return event_page
