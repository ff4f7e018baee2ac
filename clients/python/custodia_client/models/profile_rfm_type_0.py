from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.rfm_segment import RfmSegment, check_rfm_segment

T = TypeVar("T", bound="ProfileRfmType0")


@_attrs_define
class ProfileRfmType0:
    """RFM scores; `null` unless the purpose may see `purchase` events and there is a purchase.

    Attributes:
        recency_days (int): Whole days since the last purchase.
        r (int): 1 (low) to 5 (high), on fixed thresholds. Recency 5/4/3/2: last purchase at most
            30/90/180/365 days ago. Frequency 5/4/3/2: at least 10/5/3/2 purchases. Monetary
            5/4/3/2: net revenue at least 1000.00/500.00/200.00/50.00. Otherwise 1.
        f (int): 1 (low) to 5 (high), on fixed thresholds. Recency 5/4/3/2: last purchase at most
            30/90/180/365 days ago. Frequency 5/4/3/2: at least 10/5/3/2 purchases. Monetary
            5/4/3/2: net revenue at least 1000.00/500.00/200.00/50.00. Otherwise 1.
        m (int): 1 (low) to 5 (high), on fixed thresholds. Recency 5/4/3/2: last purchase at most
            30/90/180/365 days ago. Frequency 5/4/3/2: at least 10/5/3/2 purchases. Monetary
            5/4/3/2: net revenue at least 1000.00/500.00/200.00/50.00. Otherwise 1.
        segment (RfmSegment): Named by recency (R) and frequency (F), tested in this order: `champions` (R 4-5,
            F 4-5), `loyal` (R 3-5, F 3-5), `potential_loyalist` (R 4-5, F 2), `new` (R 4-5, F 1),
            `at_risk` (R 1-2, F 3-5), `hibernating` (R 1-2, F 1-2), `needs_attention` (the rest).
    """

    recency_days: int
    r: int
    f: int
    m: int
    segment: RfmSegment

    def to_dict(self) -> dict[str, Any]:
        recency_days = self.recency_days

        r = self.r

        f = self.f

        m = self.m

        segment: str = self.segment

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

        segment = check_rfm_segment(d.pop("segment"))

        profile_rfm_type_0 = cls(
            recency_days=recency_days,
            r=r,
            f=f,
            m=m,
            segment=segment,
        )

        return profile_rfm_type_0
