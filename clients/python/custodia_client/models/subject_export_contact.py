from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_export_contact_preferences_type_0 import SubjectExportContactPreferencesType0
    from ..models.subject_export_contact_suppressions_item import SubjectExportContactSuppressionsItem


T = TypeVar("T", bound="SubjectExportContact")


@_attrs_define
class SubjectExportContact:
    """What the customer chose about being contacted (`preferences`: only their own
    choices, `null` when they made none) and the channels they are not contacted on
    (`suppressions`: a hard bounce or a spam complaint, since when).

        Attributes:
            preferences (None | SubjectExportContactPreferencesType0):
            suppressions (list[SubjectExportContactSuppressionsItem]):
    """

    preferences: None | SubjectExportContactPreferencesType0
    suppressions: list[SubjectExportContactSuppressionsItem]

    def to_dict(self) -> dict[str, Any]:
        from ..models.subject_export_contact_preferences_type_0 import SubjectExportContactPreferencesType0  # noqa: PLC0415

        preferences: dict[str, Any] | None
        if isinstance(self.preferences, SubjectExportContactPreferencesType0):
            preferences = self.preferences.to_dict()
        else:
            preferences = self.preferences

        suppressions = []
        for suppressions_item_data in self.suppressions:
            suppressions_item = suppressions_item_data.to_dict()
            suppressions.append(suppressions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "preferences": preferences,
                "suppressions": suppressions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_export_contact_preferences_type_0 import SubjectExportContactPreferencesType0  # noqa: PLC0415
        from ..models.subject_export_contact_suppressions_item import SubjectExportContactSuppressionsItem  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_preferences(data: object) -> None | SubjectExportContactPreferencesType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                preferences_type_0 = SubjectExportContactPreferencesType0.from_dict(data)

                return preferences_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubjectExportContactPreferencesType0, data)

        preferences = _parse_preferences(d.pop("preferences"))

        suppressions = []
        _suppressions = d.pop("suppressions")
        for suppressions_item_data in _suppressions:
            suppressions_item = SubjectExportContactSuppressionsItem.from_dict(suppressions_item_data)

            suppressions.append(suppressions_item)

        subject_export_contact = cls(
            preferences=preferences,
            suppressions=suppressions,
        )

        return subject_export_contact
