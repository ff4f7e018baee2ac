from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.list_notifications_response_200_notifications_item import (
        ListNotificationsResponse200NotificationsItem,
    )


T = TypeVar("T", bound="ListNotificationsResponse200")


@_attrs_define
class ListNotificationsResponse200:
    """
    Attributes:
        notifications (list[ListNotificationsResponse200NotificationsItem]):
        next_after (None | UUID):
    """

    notifications: list[ListNotificationsResponse200NotificationsItem]
    next_after: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        notifications = []
        for notifications_item_data in self.notifications:
            notifications_item = notifications_item_data.to_dict()
            notifications.append(notifications_item)

        next_after: None | str
        if isinstance(self.next_after, UUID):
            next_after = str(self.next_after)
        else:
            next_after = self.next_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "notifications": notifications,
                "next_after": next_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.list_notifications_response_200_notifications_item import (
            ListNotificationsResponse200NotificationsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        notifications = []
        _notifications = d.pop("notifications")
        for notifications_item_data in _notifications:
            notifications_item = ListNotificationsResponse200NotificationsItem.from_dict(notifications_item_data)

            notifications.append(notifications_item)

        def _parse_next_after(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_after_type_0 = UUID(data)

                return next_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        next_after = _parse_next_after(d.pop("next_after"))

        list_notifications_response_200 = cls(
            notifications=notifications,
            next_after=next_after,
        )

        list_notifications_response_200.additional_properties = d
        return list_notifications_response_200

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
