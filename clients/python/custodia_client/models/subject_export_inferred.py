from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_export_inferred_rfm_type_1 import SubjectExportInferredRfmType1


T = TypeVar("T", bound="SubjectExportInferred")


@_attrs_define
class SubjectExportInferred:
    """What the vault infers from the subject's behaviour (inferred data is personal data
    too): the RFM scores over every event held, `null` without a purchase.

        Attributes:
            rfm (None | SubjectExportInferredRfmType1):
    """

    rfm: None | SubjectExportInferredRfmType1

    def to_dict(self) -> dict[str, Any]:
        from ..models.subject_export_inferred_rfm_type_1 import SubjectExportInferredRfmType1  # noqa: PLC0415

        rfm: dict[str, Any] | None
        if isinstance(self.rfm, SubjectExportInferredRfmType1):
            rfm = self.rfm.to_dict()
        else:
            rfm = self.rfm

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rfm": rfm,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_export_inferred_rfm_type_1 import SubjectExportInferredRfmType1  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_rfm(data: object) -> None | SubjectExportInferredRfmType1:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rfm_type_1 = SubjectExportInferredRfmType1.from_dict(data)

                return rfm_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubjectExportInferredRfmType1, data)

        rfm = _parse_rfm(d.pop("rfm"))

        subject_export_inferred = cls(
            rfm=rfm,
        )

        return subject_export_inferred
