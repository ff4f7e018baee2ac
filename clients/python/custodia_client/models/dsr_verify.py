from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_ref import SubjectRef


T = TypeVar("T", bound="DsrVerify")


@_attrs_define
class DsrVerify:
    """
    Attributes:
        subject (None | SubjectRef | Unset): The subject the request is about; omitted or `null` leaves it as it is.
    """

    subject: None | SubjectRef | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        subject: dict[str, Any] | None | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        elif isinstance(self.subject, SubjectRef):
            subject = self.subject.to_dict()
        else:
            subject = self.subject

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if subject is not UNSET:
            field_dict["subject"] = subject

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_ref import SubjectRef  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_subject(data: object) -> None | SubjectRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                subject_type_0 = SubjectRef.from_dict(data)

                return subject_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubjectRef | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        dsr_verify = cls(
            subject=subject,
        )

        return dsr_verify
