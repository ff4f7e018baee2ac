from typing import Literal

ListNotificationsStatus = Literal["delivered", "failed", "pending"]

LIST_NOTIFICATIONS_STATUS_VALUES: set[ListNotificationsStatus] = {
    "delivered",
    "failed",
    "pending",
}


def check_list_notifications_status(value: str) -> ListNotificationsStatus:
    if value in LIST_NOTIFICATIONS_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_NOTIFICATIONS_STATUS_VALUES!r}")
