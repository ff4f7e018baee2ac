from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DsrReasonBody")


@_attrs_define
class DsrReasonBody:
    """
    Attributes:
        reason (str): A short code (`identity_not_verified`, `manifestly_unfounded`, `complex_request`) or
            text, never personal data: trimmed, 1 to 200 characters, no control characters, and
            nothing that looks like an email address or a phone number (`400 validation-failed`
            at `/reason` otherwise).
    """

    reason: str

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        dsr_reason_body = cls(
            reason=reason,
        )

        return dsr_reason_body
