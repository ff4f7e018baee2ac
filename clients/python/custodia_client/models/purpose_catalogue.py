from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.purpose_catalogue_controller import PurposeCatalogueController
    from ..models.purpose_catalogue_purposes_item import PurposeCataloguePurposesItem


T = TypeVar("T", bound="PurposeCatalogue")


@_attrs_define
class PurposeCatalogue:
    """
    Attributes:
        controller (PurposeCatalogueController):
        purposes (list[PurposeCataloguePurposesItem]):
    """

    controller: PurposeCatalogueController
    purposes: list[PurposeCataloguePurposesItem]

    def to_dict(self) -> dict[str, Any]:
        controller = self.controller.to_dict()

        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.to_dict()
            purposes.append(purposes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "controller": controller,
                "purposes": purposes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purpose_catalogue_controller import PurposeCatalogueController  # noqa: PLC0415
        from ..models.purpose_catalogue_purposes_item import PurposeCataloguePurposesItem  # noqa: PLC0415

        d = dict(src_dict)
        controller = PurposeCatalogueController.from_dict(d.pop("controller"))

        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = PurposeCataloguePurposesItem.from_dict(purposes_item_data)

            purposes.append(purposes_item)

        purpose_catalogue = cls(
            controller=controller,
            purposes=purposes,
        )

        return purpose_catalogue
