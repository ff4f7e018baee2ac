from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubjectExportInferredRfmType1")


@_attrs_define
class SubjectExportInferredRfmType1:
    """
    Attributes:
        recency_days (int):
        r (int):
        f (int):
        m (int):
        segment (str):
    """

    recency_days: int
    r: int
    f: int
    m: int
    segment: str

    def to_dict(self) -> dict[str, Any]:
        recency_days = self.recency_days

        r = self.r

        f = self.f

        m = self.m

        segment = self.segment

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "recency_days": recency_days,
                "r": r,
                "f": f,
                "m": m,
                "segment": segment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recency_days = d.pop("recency_days")

        r = d.pop("r")

        f = d.pop("f")

        m = d.pop("m")

        segment = d.pop("segment")

        subject_export_inferred_rfm_type_1 = cls(
            recency_days=recency_days,
            r=r,
            f=f,
            m=m,
            segment=segment,
        )

        return subject_export_inferred_rfm_type_1
