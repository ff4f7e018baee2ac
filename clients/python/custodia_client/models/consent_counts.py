from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConsentCounts")


@_attrs_define
class ConsentCounts:
    """
    Attributes:
        granted (int):
        withdrawn (int):
        refused (int):
    """

    granted: int
    withdrawn: int
    refused: int

    def to_dict(self) -> dict[str, Any]:
        granted = self.granted

        withdrawn = self.withdrawn

        refused = self.refused

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "granted": granted,
                "withdrawn": withdrawn,
                "refused": refused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        granted = d.pop("granted")

        withdrawn = d.pop("withdrawn")

        refused = d.pop("refused")

        consent_counts = cls(
            granted=granted,
            withdrawn=withdrawn,
            refused=refused,
        )

        return consent_counts
