from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.consent_state import ConsentState, check_consent_state

T = TypeVar("T", bound="ProfileConsentsItem")


@_attrs_define
class ProfileConsentsItem:
    """
    Attributes:
        purpose (str): A purpose id of the policy.
        state (ConsentState): What the newest record means now: `granted` (and not expired), `expired` (granted,
            `expires_at` passed), `withdrawn`, `refused`, `reconsent_required` (granted under a
            notice version the purpose no longer accepts) or `none` (no record).
        effective (bool):
    """

    purpose: str
    state: ConsentState
    effective: bool

    def to_dict(self) -> dict[str, Any]:
        purpose = self.purpose

        state: str = self.state

        effective = self.effective

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "state": state,
                "effective": effective,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        purpose = d.pop("purpose")

        state = check_consent_state(d.pop("state"))

        effective = d.pop("effective")

        profile_consents_item = cls(
            purpose=purpose,
            state=state,
            effective=effective,
        )

        return profile_consents_item
