from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.consent_batch_record import ConsentBatchRecord


T = TypeVar("T", bound="ConsentBatch")


@_attrs_define
class ConsentBatch:
    """
    Attributes:
        records (list[ConsentBatchRecord]): 1 to 1000 records. Each is checked on its own: an item that does not match
            `ConsentBatchRecord` is rejected in `results`, it does not fail the request.
    """

    records: list[ConsentBatchRecord]

    def to_dict(self) -> dict[str, Any]:
        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "records": records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_batch_record import ConsentBatchRecord  # noqa: PLC0415

        d = dict(src_dict)
        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = ConsentBatchRecord.from_dict(records_item_data)

            records.append(records_item)

        consent_batch = cls(
            records=records,
        )

        return consent_batch
