from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProfileOrdersType0")


@_attrs_define
class ProfileOrdersType0:
    """Purchases; `null` unless the purpose may see `purchase` events.

    Attributes:
        count (int):
        revenue (str): A decimal amount with two decimals (cents), e.g. `"19.99"`. Revenue is purchases minus returned
            amounts, never below zero per customer.
        average_order_value (str): A decimal amount with two decimals (cents), e.g. `"19.99"`. Revenue is purchases
            minus returned amounts, never below zero per customer.
        last_purchase_at (datetime.datetime | None):
    """

    count: int
    revenue: str
    average_order_value: str
    last_purchase_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        revenue = self.revenue

        average_order_value = self.average_order_value

        last_purchase_at: None | str
        if isinstance(self.last_purchase_at, datetime.datetime):
            last_purchase_at = self.last_purchase_at.isoformat()
        else:
            last_purchase_at = self.last_purchase_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "revenue": revenue,
                "average_order_value": average_order_value,
                "last_purchase_at": last_purchase_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        revenue = d.pop("revenue")

        average_order_value = d.pop("average_order_value")

        def _parse_last_purchase_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_purchase_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_purchase_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_purchase_at = _parse_last_purchase_at(d.pop("last_purchase_at"))

        profile_orders_type_0 = cls(
            count=count,
            revenue=revenue,
            average_order_value=average_order_value,
            last_purchase_at=last_purchase_at,
        )

        return profile_orders_type_0
