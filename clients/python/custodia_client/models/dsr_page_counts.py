from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DsrPageCounts")


@_attrs_define
class DsrPageCounts:
    """Over all requests, whatever the filters.

    Attributes:
        open_ (int):
        overdue (int):
    """

    open_: int
    overdue: int

    def to_dict(self) -> dict[str, Any]:
        open_ = self.open_

        overdue = self.overdue

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "open": open_,
                "overdue": overdue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        open_ = d.pop("open")

        overdue = d.pop("overdue")

        dsr_page_counts = cls(
            open_=open_,
            overdue=overdue,
        )

        return dsr_page_counts
