from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dsr_export_type_1_format import DsrExportType1Format, check_dsr_export_type_1_format

T = TypeVar("T", bound="DsrExportType1")


@_attrs_define
class DsrExportType1:
    """
    Attributes:
        delivered_at (datetime.datetime):
        format_ (DsrExportType1Format):
        reference (None | str):
    """

    delivered_at: datetime.datetime
    format_: DsrExportType1Format
    reference: None | str

    def to_dict(self) -> dict[str, Any]:
        delivered_at = self.delivered_at.isoformat()

        format_: str = self.format_

        reference: None | str
        reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "delivered_at": delivered_at,
                "format": format_,
                "reference": reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        format_ = check_dsr_export_type_1_format(d.pop("format"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        dsr_export_type_1 = cls(
            delivered_at=delivered_at,
            format_=format_,
            reference=reference,
        )

        return dsr_export_type_1
