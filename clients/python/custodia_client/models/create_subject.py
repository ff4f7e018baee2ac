from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_input_type_0 import AddressInputType0
    from ..models.identifier_input import IdentifierInput


T = TypeVar("T", bound="CreateSubject")


@_attrs_define
class CreateSubject:
    """A new subject. Every property is optional, but at least one personal field or
    identifier must carry a value. `null` is accepted for any personal field and for
    `address` (and its parts) and means "not given". Unknown properties are refused.
    Values are trimmed before they are checked; lengths count Unicode characters after
    trimming, and text must not contain control characters.

        Attributes:
            email (None | str | Unset): An email address. Stored as given (trimmed); look-ups ignore letter case.
            phone (None | str | Unset): A phone number in international form: `+`, then 8 to 15 digits not starting with 0
                (E.164). Spaces, dots, dashes and brackets may separate the digits; they are dropped,
                and the number is stored and returned in E.164 (`+4915123456789`). A national trunk
                prefix written after the country code is dropped, in brackets or not:
                `+49 (0)151 23456789`, `+49 0151 23456789` and `+49 151 23456789` are one number,
                `+4915123456789`. Not for the countries whose numbers begin with 0 also from abroad
                (Italy `+39`, Vatican `+379`, San Marino `+378`, Côte d'Ivoire `+225`, Congo `+242`,
                Gabon `+241`), where the 0 is kept (`+39 (0)6 …` is `+39 06 …`), nor when fewer than 8
                digits would remain.
            first_name (None | str | Unset): A first or last name, 1 to 100 characters.
            last_name (None | str | Unset): A first or last name, 1 to 100 characters.
            birth_date (datetime.date | None | Unset): Date of birth, `YYYY-MM-DD`; not before 1900 and not in the future.
            language (None | str | Unset): Preferred language as a simple BCP 47 tag: a 2 or 3 letter language, optionally a
                2-letter or 3-digit region (`de`, `en-GB`, `es-419`). Stored as `ll` / `ll-RR`.
            address (AddressInputType0 | None | Unset): A postal address; every part optional, `null` means "not given".
            identifiers (list[IdentifierInput] | Unset): Channel identifiers the subject can be found by (at most 32). The
                `email` and
                `phone` fields are look-up keys too and need not be repeated here.
    """

    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    language: None | str | Unset = UNSET
    address: AddressInputType0 | None | Unset = UNSET
    identifiers: list[IdentifierInput] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_input_type_0 import AddressInputType0  # noqa: PLC0415

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, AddressInputType0):
            address = self.address.to_dict()
        else:
            address = self.address

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
        from ..models.address_input_type_0 import AddressInputType0  # noqa: PLC0415
        from ..models.identifier_input import IdentifierInput  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_address(data: object) -> AddressInputType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_address_input_type_0 = AddressInputType0.from_dict(data)

                return componentsschemas_address_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressInputType0 | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        _identifiers = d.pop("identifiers", UNSET)
        identifiers: list[IdentifierInput] | Unset = UNSET
        if _identifiers is not UNSET:
            identifiers = []
            for identifiers_item_data in _identifiers:
                identifiers_item = IdentifierInput.from_dict(identifiers_item_data)

                identifiers.append(identifiers_item)

        create_subject = cls(
            email=email,
            phone=phone,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            language=language,
            address=address,
            identifiers=identifiers,
        )

        return create_subject
