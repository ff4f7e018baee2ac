from typing import Literal

HealthVault = Literal["ok", "unavailable"]

HEALTH_VAULT_VALUES: set[HealthVault] = {
    "ok",
    "unavailable",
}


def check_health_vault(value: str) -> HealthVault:
    if value in HEALTH_VAULT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_VAULT_VALUES!r}")
