from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.recommendation import Recommendation


T = TypeVar("T", bound="RecommendationList")


@_attrs_define
class RecommendationList:
    """Products recommended to a customer, best first.

    Attributes:
        id (UUID):
        purpose (str): A purpose id of the policy.
        items (list[Recommendation]): At most `limit`, highest `score` first (ties by SKU).
    """

    id: UUID
    purpose: str
    items: list[Recommendation]

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        purpose = self.purpose

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "purpose": purpose,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recommendation import Recommendation  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        purpose = d.pop("purpose")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Recommendation.from_dict(items_item_data)

            items.append(items_item)

        recommendation_list = cls(
            id=id,
            purpose=purpose,
            items=items,
        )

        return recommendation_list
