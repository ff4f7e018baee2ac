from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.health_behaviour import HealthBehaviour, check_health_behaviour
from ..models.health_status import HealthStatus, check_health_status
from ..models.health_vault import HealthVault, check_health_vault

T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        status (HealthStatus): `ok` when both stores answer.
        vault (HealthVault): The vault store (personal data, consents, audit log).
        behaviour (HealthBehaviour): The behaviour store (pseudonymous events).
    """

    status: HealthStatus
    vault: HealthVault
    behaviour: HealthBehaviour

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        vault: str = self.vault

        behaviour: str = self.behaviour

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "vault": vault,
                "behaviour": behaviour,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_health_status(d.pop("status"))

        vault = check_health_vault(d.pop("vault"))

        behaviour = check_health_behaviour(d.pop("behaviour"))

        health = cls(
            status=status,
            vault=vault,
            behaviour=behaviour,
        )

        return health
