from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.restriction_reason import RestrictionReason, check_restriction_reason
from ..types import UNSET, Unset

T = TypeVar("T", bound="RestrictionState")


@_attrs_define
class RestrictionState:
    """Whether processing is restricted now, and if so on which ground since when.

    Attributes:
        restricted (bool | Unset):
        reason (RestrictionReason | Unset): Why processing is restricted: a
            [RestrictionGround](#/components/schemas/RestrictionGround)
            asked for, or `erasure_blocked`, set by the vault when a legal retention duty holds an
            erasure back (Art. 17(3)(b)); that one cannot be lifted (`409`) until the duty ends.
        since (datetime.datetime | Unset):
    """

    restricted: bool | Unset = UNSET
    reason: RestrictionReason | Unset = UNSET
    since: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        restricted = self.restricted

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason

        since: str | Unset = UNSET
        if not isinstance(self.since, Unset):
            since = self.since.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if restricted is not UNSET:
            field_dict["restricted"] = restricted
        if reason is not UNSET:
            field_dict["reason"] = reason
        if since is not UNSET:
            field_dict["since"] = since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        restricted = d.pop("restricted", UNSET)

        _reason = d.pop("reason", UNSET)
        reason: RestrictionReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = check_restriction_reason(_reason)

        _since = d.pop("since", UNSET)
        since: datetime.datetime | Unset
        if isinstance(_since, Unset):
            since = UNSET
        else:
            since = datetime.datetime.fromisoformat(_since)

        restriction_state = cls(
            restricted=restricted,
            reason=reason,
            since=since,
        )

        return restriction_state
