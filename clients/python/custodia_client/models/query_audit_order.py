from typing import Literal

QueryAuditOrder = Literal["newest", "oldest"]

QUERY_AUDIT_ORDER_VALUES: set[QueryAuditOrder] = {
    "newest",
    "oldest",
}


def check_query_audit_order(value: str) -> QueryAuditOrder:
    if value in QUERY_AUDIT_ORDER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {QUERY_AUDIT_ORDER_VALUES!r}")
