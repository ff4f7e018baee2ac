from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_notifications_response_200_notifications_item_action import (
    ListNotificationsResponse200NotificationsItemAction,
    check_list_notifications_response_200_notifications_item_action,
)
from ..models.list_notifications_response_200_notifications_item_status import (
    ListNotificationsResponse200NotificationsItemStatus,
    check_list_notifications_response_200_notifications_item_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ListNotificationsResponse200NotificationsItem")


@_attrs_define
class ListNotificationsResponse200NotificationsItem:
    """
    Attributes:
        id (UUID):
        client (str):
        subject (UUID):
        action (ListNotificationsResponse200NotificationsItemAction):
        status (ListNotificationsResponse200NotificationsItemStatus):
        created_at (datetime.datetime):
        attempts (int):
        trigger (None | str | Unset): For action `trigger`, the automation rule that fired (`triggers.toml`).
        next_attempt_at (datetime.datetime | None | Unset):
        delivered_at (datetime.datetime | None | Unset):
        last_status (int | None | Unset):
        last_error (None | str | Unset):
        gave_up_at (datetime.datetime | None | Unset):
    """

    id: UUID
    client: str
    subject: UUID
    action: ListNotificationsResponse200NotificationsItemAction
    status: ListNotificationsResponse200NotificationsItemStatus
    created_at: datetime.datetime
    attempts: int
    trigger: None | str | Unset = UNSET
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    last_status: int | None | Unset = UNSET
    last_error: None | str | Unset = UNSET
    gave_up_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        client = self.client

        subject = str(self.subject)

        action: str = self.action

        status: str = self.status

        created_at = self.created_at.isoformat()

        attempts = self.attempts

        trigger: None | str | Unset
        if isinstance(self.trigger, Unset):
            trigger = UNSET
        else:
            trigger = self.trigger

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        last_status: int | None | Unset
        if isinstance(self.last_status, Unset):
            last_status = UNSET
        else:
            last_status = self.last_status

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        gave_up_at: None | str | Unset
        if isinstance(self.gave_up_at, Unset):
            gave_up_at = UNSET
        elif isinstance(self.gave_up_at, datetime.datetime):
            gave_up_at = self.gave_up_at.isoformat()
        else:
            gave_up_at = self.gave_up_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "client": client,
                "subject": subject,
                "action": action,
                "status": status,
                "created_at": created_at,
                "attempts": attempts,
            }
        )
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at
        if last_status is not UNSET:
            field_dict["last_status"] = last_status
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if gave_up_at is not UNSET:
            field_dict["gave_up_at"] = gave_up_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        client = d.pop("client")

        subject = UUID(d.pop("subject"))

        action = check_list_notifications_response_200_notifications_item_action(d.pop("action"))

        status = check_list_notifications_response_200_notifications_item_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        attempts = d.pop("attempts")

        def _parse_trigger(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trigger = _parse_trigger(d.pop("trigger", UNSET))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        def _parse_last_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        last_status = _parse_last_status(d.pop("last_status", UNSET))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))

        def _parse_gave_up_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gave_up_at_type_0 = datetime.datetime.fromisoformat(data)

                return gave_up_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        gave_up_at = _parse_gave_up_at(d.pop("gave_up_at", UNSET))

        list_notifications_response_200_notifications_item = cls(
            id=id,
            client=client,
            subject=subject,
            action=action,
            status=status,
            created_at=created_at,
            attempts=attempts,
            trigger=trigger,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
            last_status=last_status,
            last_error=last_error,
            gave_up_at=gave_up_at,
        )

        list_notifications_response_200_notifications_item.additional_properties = d
        return list_notifications_response_200_notifications_item

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
