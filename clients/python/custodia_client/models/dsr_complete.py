from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dsr_export import DsrExport


T = TypeVar("T", bound="DsrComplete")


@_attrs_define
class DsrComplete:
    """
    Attributes:
        reason (None | str | Unset):
        export (DsrExport | None | Unset): Which export answered the request: required to complete an `access` or
            `portability` request, refused for every other type (`400 validation-failed` at
            `/export` either way). `null` means not given.
    """

    reason: None | str | Unset = UNSET
    export: DsrExport | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.dsr_export import DsrExport  # noqa: PLC0415

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        export: dict[str, Any] | None | Unset
        if isinstance(self.export, Unset):
            export = UNSET
        elif isinstance(self.export, DsrExport):
            export = self.export.to_dict()
        else:
            export = self.export

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reason is not UNSET:
            field_dict["reason"] = reason
        if export is not UNSET:
            field_dict["export"] = export

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsr_export import DsrExport  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_export(data: object) -> DsrExport | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                export_type_0 = DsrExport.from_dict(data)

                return export_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DsrExport | None | Unset, data)

        export = _parse_export(d.pop("export", UNSET))

        dsr_complete = cls(
            reason=reason,
            export=export,
        )

        return dsr_complete
