from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Recommendation")


@_attrs_define
class Recommendation:
    """
    Attributes:
        sku (str): The recommended product.
        category (None | str): Its category as events gave it; `null` when none did.
        score (int): The summed weights of its pairs with the customer's own SKUs.
        because (list[str]): The customer's own SKUs that led to it, strongest first, as `<how> <sku>` with
            `<how>` one of `bought`, `carted`, `viewed`.
    """

    sku: str
    category: None | str
    score: int
    because: list[str]

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        category: None | str
        category = self.category

        score = self.score

        because = self.because

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "category": category,
                "score": score,
                "because": because,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        score = d.pop("score")

        because = cast(list[str], d.pop("because"))

        recommendation = cls(
            sku=sku,
            category=category,
            score=score,
            because=because,
        )

        return recommendation
