from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_state import ConsentState, check_consent_state

if TYPE_CHECKING:
    from ..models.consent_record import ConsentRecord


T = TypeVar("T", bound="CurrentConsent")


@_attrs_define
class CurrentConsent:
    """
    Attributes:
        purpose (str): A purpose id of the policy.
        state (ConsentState): What the newest record means now: `granted` (and not expired), `expired` (granted,
            `expires_at` passed), `withdrawn`, `refused`, `reconsent_required` (granted under a
            notice version the purpose no longer accepts) or `none` (no record).
        effective (bool): Whether consent allows the purpose now (`state` is `granted`). Objections and restriction are
            not part of it.
        record (ConsentRecord | None): The newest record for the purpose; `null` when there is none.
    """

    purpose: str
    state: ConsentState
    effective: bool
    record: ConsentRecord | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_record import ConsentRecord  # noqa: PLC0415

        purpose = self.purpose

        state: str = self.state

        effective = self.effective

        record: dict[str, Any] | None
        if isinstance(self.record, ConsentRecord):
            record = self.record.to_dict()
        else:
            record = self.record

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "purpose": purpose,
                "state": state,
                "effective": effective,
                "record": record,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_record import ConsentRecord  # noqa: PLC0415

        d = dict(src_dict)
        purpose = d.pop("purpose")

        state = check_consent_state(d.pop("state"))

        effective = d.pop("effective")

        def _parse_record(data: object) -> ConsentRecord | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                record_type_0 = ConsentRecord.from_dict(data)

                return record_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentRecord | None, data)

        record = _parse_record(d.pop("record"))

        current_consent = cls(
            purpose=purpose,
            state=state,
            effective=effective,
            record=record,
        )

        return current_consent
