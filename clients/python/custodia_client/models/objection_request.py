from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.channel import Channel, check_channel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ObjectionRequest")


@_attrs_define
class ObjectionRequest:
    """
    Attributes:
        source (Channel): Where a decision, event or request was collected.
        purposes (list[str] | Unset): Purposes objected to (at most 64; more → `400 invalid-request`). Omitted means
            `[]`.
        direct_marketing (bool | Unset): Object to all direct marketing (Art. 21(2)). Omitted means `false`. Default:
            False.
    """

    source: Channel
    purposes: list[str] | Unset = UNSET
    direct_marketing: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        source: str = self.source

        purposes: list[str] | Unset = UNSET
        if not isinstance(self.purposes, Unset):
            purposes = self.purposes

        direct_marketing = self.direct_marketing

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
            }
        )
        if purposes is not UNSET:
            field_dict["purposes"] = purposes
        if direct_marketing is not UNSET:
            field_dict["direct_marketing"] = direct_marketing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = check_channel(d.pop("source"))

        purposes = cast(list[str], d.pop("purposes", UNSET))

        direct_marketing = d.pop("direct_marketing", UNSET)

        objection_request = cls(
            source=source,
            purposes=purposes,
            direct_marketing=direct_marketing,
        )

        return objection_request
