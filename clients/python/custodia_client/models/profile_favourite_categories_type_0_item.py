from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProfileFavouriteCategoriesType0Item")


@_attrs_define
class ProfileFavouriteCategoriesType0Item:
    """
    Attributes:
        category (str):
        events (int):
    """

    category: str
    events: int

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        events = self.events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        events = d.pop("events")

        profile_favourite_categories_type_0_item = cls(
            category=category,
            events=events,
        )

        return profile_favourite_categories_type_0_item
