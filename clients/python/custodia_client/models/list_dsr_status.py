from typing import Literal

ListDsrStatus = Literal["closed", "completed", "open", "received", "rejected", "verified"]

LIST_DSR_STATUS_VALUES: set[ListDsrStatus] = {
    "closed",
    "completed",
    "open",
    "received",
    "rejected",
    "verified",
}


def check_list_dsr_status(value: str) -> ListDsrStatus:
    if value in LIST_DSR_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIST_DSR_STATUS_VALUES!r}")
