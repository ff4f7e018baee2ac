from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.segment_counts_by_abc_class import SegmentCountsByAbcClass
    from ..models.segment_counts_by_rfm_segment import SegmentCountsByRfmSegment


T = TypeVar("T", bound="SegmentCounts")


@_attrs_define
class SegmentCounts:
    """
    Attributes:
        purpose (str): A purpose id of the policy.
        total (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        by_rfm_segment (SegmentCountsByRfmSegment): Every segment, and `no_purchase`, always present.
        by_abc_class (SegmentCountsByAbcClass):
        min_cell_size (int): The purpose's smallest count shown (`min_cell_size` in the policy).
        suppressed (Literal['cells under min_cell_size are null']):
    """

    purpose: str
    total: int | None
    by_rfm_segment: SegmentCountsByRfmSegment
    by_abc_class: SegmentCountsByAbcClass
    min_cell_size: int
    suppressed: Literal["cells under min_cell_size are null"]

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        total: int | None
        total = self.total

        by_rfm_segment = self.by_rfm_segment.to_dict()

        by_abc_class = self.by_abc_class.to_dict()

        min_cell_size = self.min_cell_size

        suppressed = self.suppressed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "total": total,
                "by_rfm_segment": by_rfm_segment,
                "by_abc_class": by_abc_class,
                "min_cell_size": min_cell_size,
                "suppressed": suppressed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_counts_by_abc_class import SegmentCountsByAbcClass  # noqa: PLC0415
        from ..models.segment_counts_by_rfm_segment import SegmentCountsByRfmSegment  # noqa: PLC0415

        d = dict(src_dict)
        purpose = d.pop("purpose")

        def _parse_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total = _parse_total(d.pop("total"))

        by_rfm_segment = SegmentCountsByRfmSegment.from_dict(d.pop("by_rfm_segment"))

        by_abc_class = SegmentCountsByAbcClass.from_dict(d.pop("by_abc_class"))

        min_cell_size = d.pop("min_cell_size")

        suppressed = cast(Literal["cells under min_cell_size are null"], d.pop("suppressed"))
        if suppressed != "cells under min_cell_size are null":
            raise ValueError(f"suppressed must match const 'cells under min_cell_size are null', got '{suppressed}'")

        segment_counts = cls(
            purpose=purpose,
            total=total,
            by_rfm_segment=by_rfm_segment,
            by_abc_class=by_abc_class,
            min_cell_size=min_cell_size,
            suppressed=suppressed,
        )

        return segment_counts
