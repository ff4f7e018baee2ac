from typing import Literal

ListNotificationsResponse200NotificationsItemAction = Literal[
    "erased", "rectified", "restricted", "restriction_lifted", "trigger"
]

LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_ACTION_VALUES: set[
    ListNotificationsResponse200NotificationsItemAction
] = {
    "erased",
    "rectified",
    "restricted",
    "restriction_lifted",
    "trigger",
}


def check_list_notifications_response_200_notifications_item_action(
    value: str,
) -> ListNotificationsResponse200NotificationsItemAction:
    if value in LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_NOTIFICATIONS_RESPONSE_200_NOTIFICATIONS_ITEM_ACTION_VALUES!r}"
    )
