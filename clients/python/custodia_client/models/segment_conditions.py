from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..models.rfm_segment import RfmSegment, check_rfm_segment
from ..models.segment_conditions_abc_classes_item import (
    SegmentConditionsAbcClassesItem,
    check_segment_conditions_abc_classes_item,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.segment_conditions_event_count_type_0 import SegmentConditionsEventCountType0


T = TypeVar("T", bound="SegmentConditions")


@_attrs_define
class SegmentConditions:
    """Every condition is optional and they all combine. Omitted means no conditions; `null`
    for the object or a list is refused (`invalid-request`). Invalid values are reported
    at `/conditions/<name>` (`validation-failed`).

        Attributes:
            min_recency_score (int | None | Unset): At least this recency score (see `RfmScore`); 1 imposes nothing.
            min_frequency_score (int | None | Unset): At least this frequency score.
            min_monetary_score (int | None | Unset): At least this monetary score.
            rfm_segments (list[RfmSegment] | Unset): In one of these segments (customers without a purchase are in none).
            abc_classes (list[SegmentConditionsAbcClassesItem] | Unset): In one of these ABC revenue classes (letter case
                ignored).
            channel (Channel | None | Unset): With at least one event in this channel.
            last_purchase_after (datetime.datetime | None | Unset): Last purchase at or after this time (RFC 3339).
            last_purchase_before (datetime.datetime | None | Unset): Last purchase before this time (RFC 3339, exclusive).
            min_orders (int | None | Unset): At least this many purchases.
            max_orders (int | None | Unset): At most this many purchases.
            min_revenue (None | str | Unset): Net revenue at least this decimal amount, at most ten digits before the point
                and two after (`"100.00"`).
            event_count (None | SegmentConditionsEventCountType0 | Unset): At least `min` events of `type` (any event type
                of the policy, whatever the purpose may see).
            needs_attention (bool | None | Unset): Customers who need attention (`true`) or who do not (`false`), by the
                rules of the
                profile's `needs_attention`. Only for a purpose that may see at least one of
                `spam_complaint`, `review`, `return`, `support_contact` (`customer_support` does);
                else `400 validation-failed` at `/conditions/needs_attention`.
    """

    min_recency_score: int | None | Unset = UNSET
    min_frequency_score: int | None | Unset = UNSET
    min_monetary_score: int | None | Unset = UNSET
    rfm_segments: list[RfmSegment] | Unset = UNSET
    abc_classes: list[SegmentConditionsAbcClassesItem] | Unset = UNSET
    channel: Channel | None | Unset = UNSET
    last_purchase_after: datetime.datetime | None | Unset = UNSET
    last_purchase_before: datetime.datetime | None | Unset = UNSET
    min_orders: int | None | Unset = UNSET
    max_orders: int | None | Unset = UNSET
    min_revenue: None | str | Unset = UNSET
    event_count: None | SegmentConditionsEventCountType0 | Unset = UNSET
    needs_attention: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.segment_conditions_event_count_type_0 import SegmentConditionsEventCountType0  # noqa: PLC0415

        min_recency_score: int | None | Unset
        if isinstance(self.min_recency_score, Unset):
            min_recency_score = UNSET
        else:
            min_recency_score = self.min_recency_score

        min_frequency_score: int | None | Unset
        if isinstance(self.min_frequency_score, Unset):
            min_frequency_score = UNSET
        else:
            min_frequency_score = self.min_frequency_score

        min_monetary_score: int | None | Unset
        if isinstance(self.min_monetary_score, Unset):
            min_monetary_score = UNSET
        else:
            min_monetary_score = self.min_monetary_score

        rfm_segments: list[str] | Unset = UNSET
        if not isinstance(self.rfm_segments, Unset):
            rfm_segments = []
            for rfm_segments_item_data in self.rfm_segments:
                rfm_segments_item: str = rfm_segments_item_data
                rfm_segments.append(rfm_segments_item)

        abc_classes: list[str] | Unset = UNSET
        if not isinstance(self.abc_classes, Unset):
            abc_classes = []
            for abc_classes_item_data in self.abc_classes:
                abc_classes_item: str = abc_classes_item_data
                abc_classes.append(abc_classes_item)

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, str):
            channel = self.channel
        else:
            channel = self.channel

        last_purchase_after: None | str | Unset
        if isinstance(self.last_purchase_after, Unset):
            last_purchase_after = UNSET
        elif isinstance(self.last_purchase_after, datetime.datetime):
            last_purchase_after = self.last_purchase_after.isoformat()
        else:
            last_purchase_after = self.last_purchase_after

        last_purchase_before: None | str | Unset
        if isinstance(self.last_purchase_before, Unset):
            last_purchase_before = UNSET
        elif isinstance(self.last_purchase_before, datetime.datetime):
            last_purchase_before = self.last_purchase_before.isoformat()
        else:
            last_purchase_before = self.last_purchase_before

        min_orders: int | None | Unset
        if isinstance(self.min_orders, Unset):
            min_orders = UNSET
        else:
            min_orders = self.min_orders

        max_orders: int | None | Unset
        if isinstance(self.max_orders, Unset):
            max_orders = UNSET
        else:
            max_orders = self.max_orders

        min_revenue: None | str | Unset
        if isinstance(self.min_revenue, Unset):
            min_revenue = UNSET
        else:
            min_revenue = self.min_revenue

        event_count: dict[str, Any] | None | Unset
        if isinstance(self.event_count, Unset):
            event_count = UNSET
        elif isinstance(self.event_count, SegmentConditionsEventCountType0):
            event_count = self.event_count.to_dict()
        else:
            event_count = self.event_count

        needs_attention: bool | None | Unset
        if isinstance(self.needs_attention, Unset):
            needs_attention = UNSET
        else:
            needs_attention = self.needs_attention

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if min_recency_score is not UNSET:
            field_dict["min_recency_score"] = min_recency_score
        if min_frequency_score is not UNSET:
            field_dict["min_frequency_score"] = min_frequency_score
        if min_monetary_score is not UNSET:
            field_dict["min_monetary_score"] = min_monetary_score
        if rfm_segments is not UNSET:
            field_dict["rfm_segments"] = rfm_segments
        if abc_classes is not UNSET:
            field_dict["abc_classes"] = abc_classes
        if channel is not UNSET:
            field_dict["channel"] = channel
        if last_purchase_after is not UNSET:
            field_dict["last_purchase_after"] = last_purchase_after
        if last_purchase_before is not UNSET:
            field_dict["last_purchase_before"] = last_purchase_before
        if min_orders is not UNSET:
            field_dict["min_orders"] = min_orders
        if max_orders is not UNSET:
            field_dict["max_orders"] = max_orders
        if min_revenue is not UNSET:
            field_dict["min_revenue"] = min_revenue
        if event_count is not UNSET:
            field_dict["event_count"] = event_count
        if needs_attention is not UNSET:
            field_dict["needs_attention"] = needs_attention

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_conditions_event_count_type_0 import SegmentConditionsEventCountType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_min_recency_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_recency_score = _parse_min_recency_score(d.pop("min_recency_score", UNSET))

        def _parse_min_frequency_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_frequency_score = _parse_min_frequency_score(d.pop("min_frequency_score", UNSET))

        def _parse_min_monetary_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_monetary_score = _parse_min_monetary_score(d.pop("min_monetary_score", UNSET))

        _rfm_segments = d.pop("rfm_segments", UNSET)
        rfm_segments: list[RfmSegment] | Unset = UNSET
        if _rfm_segments is not UNSET:
            rfm_segments = []
            for rfm_segments_item_data in _rfm_segments:
                rfm_segments_item = check_rfm_segment(rfm_segments_item_data)

                rfm_segments.append(rfm_segments_item)

        _abc_classes = d.pop("abc_classes", UNSET)
        abc_classes: list[SegmentConditionsAbcClassesItem] | Unset = UNSET
        if _abc_classes is not UNSET:
            abc_classes = []
            for abc_classes_item_data in _abc_classes:
                abc_classes_item = check_segment_conditions_abc_classes_item(abc_classes_item_data)

                abc_classes.append(abc_classes_item)

        def _parse_channel(data: object) -> Channel | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = check_channel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Channel | None | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_last_purchase_after(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_purchase_after_type_0 = datetime.datetime.fromisoformat(data)

                return last_purchase_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_purchase_after = _parse_last_purchase_after(d.pop("last_purchase_after", UNSET))

        def _parse_last_purchase_before(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_purchase_before_type_0 = datetime.datetime.fromisoformat(data)

                return last_purchase_before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_purchase_before = _parse_last_purchase_before(d.pop("last_purchase_before", UNSET))

        def _parse_min_orders(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_orders = _parse_min_orders(d.pop("min_orders", UNSET))

        def _parse_max_orders(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_orders = _parse_max_orders(d.pop("max_orders", UNSET))

        def _parse_min_revenue(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        min_revenue = _parse_min_revenue(d.pop("min_revenue", UNSET))

        def _parse_event_count(data: object) -> None | SegmentConditionsEventCountType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                event_count_type_0 = SegmentConditionsEventCountType0.from_dict(data)

                return event_count_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SegmentConditionsEventCountType0 | Unset, data)

        event_count = _parse_event_count(d.pop("event_count", UNSET))

        def _parse_needs_attention(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        needs_attention = _parse_needs_attention(d.pop("needs_attention", UNSET))

        segment_conditions = cls(
            min_recency_score=min_recency_score,
            min_frequency_score=min_frequency_score,
            min_monetary_score=min_monetary_score,
            rfm_segments=rfm_segments,
            abc_classes=abc_classes,
            channel=channel,
            last_purchase_after=last_purchase_after,
            last_purchase_before=last_purchase_before,
            min_orders=min_orders,
            max_orders=max_orders,
            min_revenue=min_revenue,
            event_count=event_count,
            needs_attention=needs_attention,
        )

        return segment_conditions
