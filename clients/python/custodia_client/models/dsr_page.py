from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.dsr import Dsr
    from ..models.dsr_page_counts import DsrPageCounts


T = TypeVar("T", bound="DsrPage")


@_attrs_define
class DsrPage:
    """
    Attributes:
        requests (list[Dsr]): Overdue first, then by due time; at most `limit`.
        next_after (None | str): Pass as `after` for the next page; `null` when this page was not full.
        counts (DsrPageCounts): Over all requests, whatever the filters.
    """

    requests: list[Dsr]
    next_after: None | str
    counts: DsrPageCounts

    def to_dict(self) -> dict[str, Any]:
        requests = []
        for requests_item_data in self.requests:
            requests_item = requests_item_data.to_dict()
            requests.append(requests_item)

        next_after: None | str
        next_after = self.next_after

        counts = self.counts.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requests": requests,
                "next_after": next_after,
                "counts": counts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsr import Dsr  # noqa: PLC0415
        from ..models.dsr_page_counts import DsrPageCounts  # noqa: PLC0415

        d = dict(src_dict)
        requests = []
        _requests = d.pop("requests")
        for requests_item_data in _requests:
            requests_item = Dsr.from_dict(requests_item_data)

            requests.append(requests_item)

        def _parse_next_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_after = _parse_next_after(d.pop("next_after"))

        counts = DsrPageCounts.from_dict(d.pop("counts"))

        dsr_page = cls(
            requests=requests,
            next_after=next_after,
            counts=counts,
        )

        return dsr_page
