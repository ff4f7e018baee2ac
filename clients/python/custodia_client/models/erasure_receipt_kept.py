from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErasureReceiptKept")


@_attrs_define
class ErasureReceiptKept:
    """What was kept, without personal data, and on which legal ground.

    Attributes:
        consent_records (int):
        legal_basis (str):
    """

    consent_records: int
    legal_basis: str

    def to_dict(self) -> dict[str, Any]:
        consent_records = self.consent_records

        legal_basis = self.legal_basis

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consent_records": consent_records,
                "legal_basis": legal_basis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consent_records = d.pop("consent_records")

        legal_basis = d.pop("legal_basis")

        erasure_receipt_kept = cls(
            consent_records=consent_records,
            legal_basis=legal_basis,
        )

        return erasure_receipt_kept
