from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.consent_statistics_bucket import ConsentStatisticsBucket, check_consent_statistics_bucket

if TYPE_CHECKING:
    from ..models.consent_statistics_purposes_item import ConsentStatisticsPurposesItem


T = TypeVar("T", bound="ConsentStatistics")


@_attrs_define
class ConsentStatistics:
    """
    Attributes:
        from_ (datetime.datetime):
        to (datetime.datetime):
        bucket (ConsentStatisticsBucket):
        purposes (list[ConsentStatisticsPurposesItem]): Every consent-based purpose of the policy, in policy order.
    """

    from_: datetime.datetime
    to: datetime.datetime
    bucket: ConsentStatisticsBucket
    purposes: list[ConsentStatisticsPurposesItem]

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        bucket: str = self.bucket

        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.to_dict()
            purposes.append(purposes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
                "to": to,
                "bucket": bucket,
                "purposes": purposes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_statistics_purposes_item import ConsentStatisticsPurposesItem  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        bucket = check_consent_statistics_bucket(d.pop("bucket"))

        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = ConsentStatisticsPurposesItem.from_dict(purposes_item_data)

            purposes.append(purposes_item)

        consent_statistics = cls(
            from_=from_,
            to=to,
            bucket=bucket,
            purposes=purposes,
        )

        return consent_statistics
