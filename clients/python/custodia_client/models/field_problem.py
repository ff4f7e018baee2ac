from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FieldProblem")


@_attrs_define
class FieldProblem:
    """
    Attributes:
        field (str): Which input was refused: a JSON pointer into the request body (`/email`,
            `/address/country`, `/identifiers/0/value`; the empty pointer `""` for the body as
            a whole), the query parameter name (`type`, `value`) for a look-up, or the header
            name (`X-Purpose`) for a purpose that does not recommend.
        message (str): What is wrong with it; never repeats the value.
    """

    field: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field = d.pop("field")

        message = d.pop("message")

        field_problem = cls(
            field=field,
            message=message,
        )

        return field_problem
