from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SegmentCountsByAbcClass")


@_attrs_define
class SegmentCountsByAbcClass:
    """
    Attributes:
        a (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        b (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        c (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
    """

    a: int | None
    b: int | None
    c: int | None

    def to_dict(self) -> dict[str, Any]:
        a: int | None
        a = self.a

        b: int | None
        b = self.b

        c: int | None
        c = self.c

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "A": a,
                "B": b,
                "C": c,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_a(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        a = _parse_a(d.pop("A"))

        def _parse_b(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        b = _parse_b(d.pop("B"))

        def _parse_c(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        c = _parse_c(d.pop("C"))

        segment_counts_by_abc_class = cls(
            a=a,
            b=b,
            c=c,
        )

        return segment_counts_by_abc_class
