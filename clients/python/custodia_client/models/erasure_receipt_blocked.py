from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErasureReceiptBlocked")


@_attrs_define
class ErasureReceiptBlocked:
    """Present when a legal retention duty (a purpose based on a legal obligation that may
    run under restriction, the shipped `accounting`: invoices, HGB §257, AO §147) still
    needs some of the person's data (Art. 17(3)(b), BDSG §35(3)). Every identifier (so
    every look-up), every other field and every event not collected for the duty are
    deleted now; what is left is restricted (reason `erasure_blocked`) so that only the
    duty's purposes read it; retention completes the erasure at `until`.

        Attributes:
            until (datetime.datetime):
            purposes (list[str]):
            fields_kept (list[str]):
            legal_basis (str):
    """

    until: datetime.datetime
    purposes: list[str]
    fields_kept: list[str]
    legal_basis: str

    def to_dict(self) -> dict[str, Any]:
        until = self.until.isoformat()

        purposes = self.purposes

        fields_kept = self.fields_kept

        legal_basis = self.legal_basis

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "until": until,
                "purposes": purposes,
                "fields_kept": fields_kept,
                "legal_basis": legal_basis,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        until = datetime.datetime.fromisoformat(d.pop("until"))

        purposes = cast(list[str], d.pop("purposes"))

        fields_kept = cast(list[str], d.pop("fields_kept"))

        legal_basis = d.pop("legal_basis")

        erasure_receipt_blocked = cls(
            until=until,
            purposes=purposes,
            fields_kept=fields_kept,
            legal_basis=legal_basis,
        )

        return erasure_receipt_blocked
