from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.legal_basis import LegalBasis, check_legal_basis
from ..models.processing_activity_article import ProcessingActivityArticle, check_processing_activity_article

if TYPE_CHECKING:
    from ..models.ropa_recipient import RopaRecipient
    from ..models.transfer import Transfer


T = TypeVar("T", bound="ProcessingActivity")


@_attrs_define
class ProcessingActivity:
    """The record of one purpose.

    Attributes:
        purpose (str): A purpose id of the policy.
        description (str):
        legal_basis (LegalBasis): The legal basis of a purpose (GDPR Art. 6(1)).
        article (ProcessingActivityArticle): The point of GDPR Art. 6(1) of the legal basis.
        categories_of_data (list[str]): The data categories of the purpose's fields (`categories.toml`, fideslang
            names),
            sorted, each once; then `user.behavior` when the purpose sees behavioural events.
        event_types (list[str]): The behavioural event types the purpose sees (`events.toml`), sorted.
        categories_of_subjects (list[str]): Whose data: `customers` (with `(adults: …)` for a purpose a minor is refused
            for:
            profiling, selling or sharing), and for the other consent purposes children below
            the digital consent age, whose grant needs a parent's consent (Art. 8).
        recipients (list[RopaRecipient]): The clients registered for the purpose (`clients.toml`), in file order.
        retention_days (int):
        retention_from_year_end (bool): The period runs from the end of the datum's calendar year (a commercial or tax
            duty).
        transfers (list[Transfer]): The recipients outside the EEA with the safeguard of each transfer; empty when none.
        security_measures (list[str]): The technical and organisational measures of the vault (Art. 30(1)(g), 32), the
            same for every purpose.
    """

    purpose: str
    description: str
    legal_basis: LegalBasis
    article: ProcessingActivityArticle
    categories_of_data: list[str]
    event_types: list[str]
    categories_of_subjects: list[str]
    recipients: list[RopaRecipient]
    retention_days: int
    retention_from_year_end: bool
    transfers: list[Transfer]
    security_measures: list[str]

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        description = self.description

        legal_basis: str = self.legal_basis

        article: str = self.article

        categories_of_data = self.categories_of_data

        event_types = self.event_types

        categories_of_subjects = self.categories_of_subjects

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)

        retention_days = self.retention_days

        retention_from_year_end = self.retention_from_year_end

        transfers = []
        for transfers_item_data in self.transfers:
            transfers_item = transfers_item_data.to_dict()
            transfers.append(transfers_item)

        security_measures = self.security_measures

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "description": description,
                "legal_basis": legal_basis,
                "article": article,
                "categories_of_data": categories_of_data,
                "event_types": event_types,
                "categories_of_subjects": categories_of_subjects,
                "recipients": recipients,
                "retention_days": retention_days,
                "retention_from_year_end": retention_from_year_end,
                "transfers": transfers,
                "security_measures": security_measures,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ropa_recipient import RopaRecipient  # noqa: PLC0415
        from ..models.transfer import Transfer  # noqa: PLC0415

        d = dict(src_dict)
        purpose = d.pop("purpose")

        description = d.pop("description")

        legal_basis = check_legal_basis(d.pop("legal_basis"))

        article = check_processing_activity_article(d.pop("article"))

        categories_of_data = cast(list[str], d.pop("categories_of_data"))

        event_types = cast(list[str], d.pop("event_types"))

        categories_of_subjects = cast(list[str], d.pop("categories_of_subjects"))

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in _recipients:
            recipients_item = RopaRecipient.from_dict(recipients_item_data)

            recipients.append(recipients_item)

        retention_days = d.pop("retention_days")

        retention_from_year_end = d.pop("retention_from_year_end")

        transfers = []
        _transfers = d.pop("transfers")
        for transfers_item_data in _transfers:
            transfers_item = Transfer.from_dict(transfers_item_data)

            transfers.append(transfers_item)

        security_measures = cast(list[str], d.pop("security_measures"))

        processing_activity = cls(
            purpose=purpose,
            description=description,
            legal_basis=legal_basis,
            article=article,
            categories_of_data=categories_of_data,
            event_types=event_types,
            categories_of_subjects=categories_of_subjects,
            recipients=recipients,
            retention_days=retention_days,
            retention_from_year_end=retention_from_year_end,
            transfers=transfers,
            security_measures=security_measures,
        )

        return processing_activity
