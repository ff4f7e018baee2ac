from typing import Literal

DsrHistoryEntryAction = Literal["completed", "extended", "received", "rejected", "verified"]

DSR_HISTORY_ENTRY_ACTION_VALUES: set[DsrHistoryEntryAction] = {
    "completed",
    "extended",
    "received",
    "rejected",
    "verified",
}


def check_dsr_history_entry_action(value: str) -> DsrHistoryEntryAction:
    if value in DSR_HISTORY_ENTRY_ACTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_HISTORY_ENTRY_ACTION_VALUES!r}")
