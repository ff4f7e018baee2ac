from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dsr_export_format import DsrExportFormat, check_dsr_export_format
from ..types import UNSET, Unset

T = TypeVar("T", bound="DsrExport")


@_attrs_define
class DsrExport:
    """The export delivered for an access (Art. 15) or portability (Art. 20) request, as
    produced by `GET /v1/subjects/{id}/export` (`json` or `csv`). `delivered_at` must not
    lie more than 5 minutes ahead of the vault's clock nor before the request was
    received (`400 validation-failed` at `/export/delivered_at`). `reference` (a ticket or
    shipment number) follows the rules of `DsrReason`: no personal data.

        Attributes:
            delivered_at (datetime.datetime):
            format_ (DsrExportFormat):
            reference (None | str | Unset):
    """

    delivered_at: datetime.datetime
    format_: DsrExportFormat
    reference: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        delivered_at = self.delivered_at.isoformat()

        format_: str = self.format_

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "delivered_at": delivered_at,
                "format": format_,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        format_ = check_dsr_export_format(d.pop("format"))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        dsr_export = cls(
            delivered_at=delivered_at,
            format_=format_,
            reference=reference,
        )

        return dsr_export
