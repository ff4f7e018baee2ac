from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.field_name import FieldName, check_field_name
from ..models.legal_basis import LegalBasis, check_legal_basis
from ..models.processing_purpose_article import ProcessingPurposeArticle, check_processing_purpose_article

T = TypeVar("T", bound="ProcessingPurpose")


@_attrs_define
class ProcessingPurpose:
    """
    Attributes:
        id (str): A purpose id of the policy.
        description (str):
        legal_basis (LegalBasis): The legal basis of a purpose (GDPR Art. 6(1)).
        article (ProcessingPurposeArticle): The GDPR article of the legal basis.
        fields (list[FieldName]):
        categories (list[str]): The data categories of those fields (`policies/categories.toml`, fideslang names),
            sorted.
        event_types (list[str]): The event types the purpose may see, sorted.
        retention_days (int):
        retention_from_year_end (bool): The period runs from the end of the datum's calendar year (a commercial or tax
            duty).
    """

    id: str
    description: str
    legal_basis: LegalBasis
    article: ProcessingPurposeArticle
    fields: list[FieldName]
    categories: list[str]
    event_types: list[str]
    retention_days: int
    retention_from_year_end: bool

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        description = self.description

        legal_basis: str = self.legal_basis

        article: str = self.article

        fields = []
        for fields_item_data in self.fields:
            fields_item: str = fields_item_data
            fields.append(fields_item)

        categories = self.categories

        event_types = self.event_types

        retention_days = self.retention_days

        retention_from_year_end = self.retention_from_year_end

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "description": description,
                "legal_basis": legal_basis,
                "article": article,
                "fields": fields,
                "categories": categories,
                "event_types": event_types,
                "retention_days": retention_days,
                "retention_from_year_end": retention_from_year_end,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        legal_basis = check_legal_basis(d.pop("legal_basis"))

        article = check_processing_purpose_article(d.pop("article"))

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = check_field_name(fields_item_data)

            fields.append(fields_item)

        categories = cast(list[str], d.pop("categories"))

        event_types = cast(list[str], d.pop("event_types"))

        retention_days = d.pop("retention_days")

        retention_from_year_end = d.pop("retention_from_year_end")

        processing_purpose = cls(
            id=id,
            description=description,
            legal_basis=legal_basis,
            article=article,
            fields=fields,
            categories=categories,
            event_types=event_types,
            retention_days=retention_days,
            retention_from_year_end=retention_from_year_end,
        )

        return processing_purpose
