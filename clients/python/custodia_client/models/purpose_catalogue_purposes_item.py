from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.field_name import FieldName, check_field_name
from ..models.legal_basis import LegalBasis, check_legal_basis
from ..models.purpose_catalogue_purposes_item_article import (
    PurposeCataloguePurposesItemArticle,
    check_purpose_catalogue_purposes_item_article,
)
from ..models.purpose_catalogue_purposes_item_say_no import (
    PurposeCataloguePurposesItemSayNo,
    check_purpose_catalogue_purposes_item_say_no,
)

if TYPE_CHECKING:
    from ..models.purpose_catalogue_purposes_item_consent_type_0 import PurposeCataloguePurposesItemConsentType0


T = TypeVar("T", bound="PurposeCataloguePurposesItem")


@_attrs_define
class PurposeCataloguePurposesItem:
    """
    Attributes:
        id (str): A purpose id of the policy.
        description (str):
        legal_basis (LegalBasis): The legal basis of a purpose (GDPR Art. 6(1)).
        article (PurposeCataloguePurposesItemArticle):
        fields (list[FieldName]):
        event_types (list[str]):
        retention_days (int):
        retention_from_year_end (bool):
        direct_marketing (bool):
        profiling (bool):
        say_no (PurposeCataloguePurposesItemSayNo): How the customer says no: `withdraw_consent` (a consent purpose),
            `object`
            (an objection stops it), `object_subject_to_assessment` (an objection stops
            it until a DPO documents compelling grounds, Art. 21(1)) or `none` (a
            contract, a legal obligation).
        consent (None | PurposeCataloguePurposesItemConsentType0): For a consent purpose, how a grant is asked; `null`
            otherwise.
    """

    id: str
    description: str
    legal_basis: LegalBasis
    article: PurposeCataloguePurposesItemArticle
    fields: list[FieldName]
    event_types: list[str]
    retention_days: int
    retention_from_year_end: bool
    direct_marketing: bool
    profiling: bool
    say_no: PurposeCataloguePurposesItemSayNo
    consent: None | PurposeCataloguePurposesItemConsentType0

    def to_dict(self) -> dict[str, Any]:
        from ..models.purpose_catalogue_purposes_item_consent_type_0 import PurposeCataloguePurposesItemConsentType0  # noqa: PLC0415

        id = self.id

        description = self.description

        legal_basis: str = self.legal_basis

        article: str = self.article

        fields = []
        for fields_item_data in self.fields:
            fields_item: str = fields_item_data
            fields.append(fields_item)

        event_types = self.event_types

        retention_days = self.retention_days

        retention_from_year_end = self.retention_from_year_end

        direct_marketing = self.direct_marketing

        profiling = self.profiling

        say_no: str = self.say_no

        consent: dict[str, Any] | None
        if isinstance(self.consent, PurposeCataloguePurposesItemConsentType0):
            consent = self.consent.to_dict()
        else:
            consent = self.consent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "description": description,
                "legal_basis": legal_basis,
                "article": article,
                "fields": fields,
                "event_types": event_types,
                "retention_days": retention_days,
                "retention_from_year_end": retention_from_year_end,
                "direct_marketing": direct_marketing,
                "profiling": profiling,
                "say_no": say_no,
                "consent": consent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purpose_catalogue_purposes_item_consent_type_0 import PurposeCataloguePurposesItemConsentType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        legal_basis = check_legal_basis(d.pop("legal_basis"))

        article = check_purpose_catalogue_purposes_item_article(d.pop("article"))

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = check_field_name(fields_item_data)

            fields.append(fields_item)

        event_types = cast(list[str], d.pop("event_types"))

        retention_days = d.pop("retention_days")

        retention_from_year_end = d.pop("retention_from_year_end")

        direct_marketing = d.pop("direct_marketing")

        profiling = d.pop("profiling")

        say_no = check_purpose_catalogue_purposes_item_say_no(d.pop("say_no"))

        def _parse_consent(data: object) -> None | PurposeCataloguePurposesItemConsentType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                consent_type_0 = PurposeCataloguePurposesItemConsentType0.from_dict(data)

                return consent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PurposeCataloguePurposesItemConsentType0, data)

        consent = _parse_consent(d.pop("consent"))

        purpose_catalogue_purposes_item = cls(
            id=id,
            description=description,
            legal_basis=legal_basis,
            article=article,
            fields=fields,
            event_types=event_types,
            retention_days=retention_days,
            retention_from_year_end=retention_from_year_end,
            direct_marketing=direct_marketing,
            profiling=profiling,
            say_no=say_no,
            consent=consent,
        )

        return purpose_catalogue_purposes_item
