from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ContactDecisionBatchResultCounts")


@_attrs_define
class ContactDecisionBatchResultCounts:
    """
    Attributes:
        allow (int):
        defer (int):
        deny (int):
        invalid (int):
    """

    allow: int
    defer: int
    deny: int
    invalid: int

    def to_dict(self) -> dict[str, Any]:
        allow = self.allow

        defer = self.defer

        deny = self.deny

        invalid = self.invalid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "allow": allow,
                "defer": defer,
                "deny": deny,
                "invalid": invalid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allow = d.pop("allow")

        defer = d.pop("defer")

        deny = d.pop("deny")

        invalid = d.pop("invalid")

        contact_decision_batch_result_counts = cls(
            allow=allow,
            defer=defer,
            deny=deny,
            invalid=invalid,
        )

        return contact_decision_batch_result_counts
