from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Verification")


@_attrs_define
class Verification:
    """The result of recomputing the audit chain.

    Attributes:
        valid (bool | Unset):
        entries (int | Unset): Entries checked up to the first broken one.
        first_broken (int | Unset): The `seq` of the first entry that does not fit the chain (changed, missing or
            added).
    """

    valid: bool | Unset = UNSET
    entries: int | Unset = UNSET
    first_broken: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        entries = self.entries

        first_broken = self.first_broken

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if valid is not UNSET:
            field_dict["valid"] = valid
        if entries is not UNSET:
            field_dict["entries"] = entries
        if first_broken is not UNSET:
            field_dict["first_broken"] = first_broken

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        valid = d.pop("valid", UNSET)

        entries = d.pop("entries", UNSET)

        first_broken = d.pop("first_broken", UNSET)

        verification = cls(
            valid=valid,
            entries=entries,
            first_broken=first_broken,
        )

        return verification
