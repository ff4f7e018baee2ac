from typing import Literal

HealthBehaviour = Literal["ok", "unavailable"]

HEALTH_BEHAVIOUR_VALUES: set[HealthBehaviour] = {
    "ok",
    "unavailable",
}


def check_health_behaviour(value: str) -> HealthBehaviour:
    if value in HEALTH_BEHAVIOUR_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_BEHAVIOUR_VALUES!r}")
