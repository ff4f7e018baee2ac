from typing import Literal

ListNotificationsResponse200NotificationsItemStatus = Literal["delivered", "failed", "pending"]

LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_STATUS_VALUES: set[
    ListNotificationsResponse200NotificationsItemStatus
] = {
    "delivered",
    "failed",
    "pending",
}


def check_list_notifications_response_200_notifications_item_status(
    value: str,
) -> ListNotificationsResponse200NotificationsItemStatus:
    if value in LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_STATUS_VALUES!r}"
    )
