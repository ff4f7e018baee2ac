from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PurposeCataloguePurposesItemConsentType0")


@_attrs_define
class PurposeCataloguePurposesItemConsentType0:
    """For a consent purpose, how a grant is asked; `null` otherwise.

    Attributes:
        notice_version (None | str):
        notice_url (None | str):
        required_evidence (list[str]):
        reconsent_required (bool):
    """

    notice_version: None | str
    notice_url: None | str
    required_evidence: list[str]
    reconsent_required: bool

    def to_dict(self) -> dict[str, Any]:
        notice_version: None | str
        notice_version = self.notice_version

        notice_url: None | str
        notice_url = self.notice_url

        required_evidence = self.required_evidence

        reconsent_required = self.reconsent_required

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "notice_version": notice_version,
                "notice_url": notice_url,
                "required_evidence": required_evidence,
                "reconsent_required": reconsent_required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_notice_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notice_version = _parse_notice_version(d.pop("notice_version"))

        def _parse_notice_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notice_url = _parse_notice_url(d.pop("notice_url"))

        required_evidence = cast(list[str], d.pop("required_evidence"))

        reconsent_required = d.pop("reconsent_required")

        purpose_catalogue_purposes_item_consent_type_0 = cls(
            notice_version=notice_version,
            notice_url=notice_url,
            required_evidence=required_evidence,
            reconsent_required=reconsent_required,
        )

        return purpose_catalogue_purposes_item_consent_type_0
