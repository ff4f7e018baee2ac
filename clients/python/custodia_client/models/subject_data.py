from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.age_band import AgeBand, check_age_band
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identifier import Identifier
    from ..models.subject_data_address import SubjectDataAddress


T = TypeVar("T", bound="SubjectData")


@_attrs_define
class SubjectData:
    """The fields given, in canonical form (phone in E.164, language `ll-RR`, postal code
    and country upper-cased, email identifiers lower-cased), or as the reduced view the
    purpose is granted for that field (see `ReducedView` and `AgeBand`). A key is present
    only when the subject has the field and the purpose allows it; `address` only when at
    least one part is given, `identifiers` only when at least one identifier is given.

        Attributes:
            email (Any | str | Unset):
            phone (Any | str | Unset):
            first_name (str | Unset):
            last_name (str | Unset):
            birth_date (AgeBand | datetime.date | Unset):
            language (Any | str | Unset):
            address (SubjectDataAddress | Unset):
            identifiers (list[Identifier] | Unset): Every identifier of the types the purpose allows (several of one type
                possible).
    """

    email: Any | str | Unset = UNSET
    phone: Any | str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    birth_date: AgeBand | datetime.date | Unset = UNSET
    language: Any | str | Unset = UNSET
    address: SubjectDataAddress | Unset = UNSET
    identifiers: list[Identifier] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email: Any | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: Any | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        first_name = self.first_name

        last_name = self.last_name

        birth_date: str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        language: Any | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        identifiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.identifiers, Unset):
            identifiers = []
            for identifiers_item_data in self.identifiers:
                identifiers_item = identifiers_item_data.to_dict()
                identifiers.append(identifiers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if language is not UNSET:
            field_dict["language"] = language
        if address is not UNSET:
            field_dict["address"] = address
        if identifiers is not UNSET:
            field_dict["identifiers"] = identifiers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identifier import Identifier  # noqa: PLC0415
        from ..models.subject_data_address import SubjectDataAddress  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email(data: object) -> Any | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> Any | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        def _parse_birth_date(data: object) -> AgeBand | datetime.date | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            birth_date_type_1 = check_age_band(data)

            return birth_date_type_1

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_language(data: object) -> Any | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(Any | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        _address = d.pop("address", UNSET)
        address: SubjectDataAddress | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = SubjectDataAddress.from_dict(_address)

        _identifiers = d.pop("identifiers", UNSET)
        identifiers: list[Identifier] | Unset = UNSET
        if _identifiers is not UNSET:
            identifiers = []
            for identifiers_item_data in _identifiers:
                identifiers_item = Identifier.from_dict(identifiers_item_data)

                identifiers.append(identifiers_item)

        subject_data = cls(
            email=email,
            phone=phone,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            language=language,
            address=address,
            identifiers=identifiers,
        )

        return subject_data
