from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SegmentCountsByRfmSegment")


@_attrs_define
class SegmentCountsByRfmSegment:
    """Every segment, and `no_purchase`, always present.

    Attributes:
        champions (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        loyal (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        potential_loyalist (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5);
            `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        new (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        at_risk (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        hibernating (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        needs_attention (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null`
            when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
        no_purchase (int | None): How many customers, rounded to the nearest multiple of 5 (never below 5); `null` when
            suppressed (fewer than `min_cell_size`, or the complement of such a cell).
    """

    champions: int | None
    loyal: int | None
    potential_loyalist: int | None
    new: int | None
    at_risk: int | None
    hibernating: int | None
    needs_attention: int | None
    no_purchase: int | None

    def to_dict(self) -> dict[str, Any]:
        champions: int | None
        champions = self.champions

        loyal: int | None
        loyal = self.loyal

        potential_loyalist: int | None
        potential_loyalist = self.potential_loyalist

        new: int | None
        new = self.new

        at_risk: int | None
        at_risk = self.at_risk

        hibernating: int | None
        hibernating = self.hibernating

        needs_attention: int | None
        needs_attention = self.needs_attention

        no_purchase: int | None
        no_purchase = self.no_purchase

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "champions": champions,
                "loyal": loyal,
                "potential_loyalist": potential_loyalist,
                "new": new,
                "at_risk": at_risk,
                "hibernating": hibernating,
                "needs_attention": needs_attention,
                "no_purchase": no_purchase,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_champions(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        champions = _parse_champions(d.pop("champions"))

        def _parse_loyal(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        loyal = _parse_loyal(d.pop("loyal"))

        def _parse_potential_loyalist(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        potential_loyalist = _parse_potential_loyalist(d.pop("potential_loyalist"))

        def _parse_new(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        new = _parse_new(d.pop("new"))

        def _parse_at_risk(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        at_risk = _parse_at_risk(d.pop("at_risk"))

        def _parse_hibernating(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        hibernating = _parse_hibernating(d.pop("hibernating"))

        def _parse_needs_attention(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        needs_attention = _parse_needs_attention(d.pop("needs_attention"))

        def _parse_no_purchase(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        no_purchase = _parse_no_purchase(d.pop("no_purchase"))

        segment_counts_by_rfm_segment = cls(
            champions=champions,
            loyal=loyal,
            potential_loyalist=potential_loyalist,
            new=new,
            at_risk=at_risk,
            hibernating=hibernating,
            needs_attention=needs_attention,
            no_purchase=no_purchase,
        )

        return segment_counts_by_rfm_segment
