from typing import Literal

ContactDecisionDecision = Literal["allow", "defer", "deny"]

CONTACT_DECISION_DECISION_VALUES: set[ContactDecisionDecision] = {
    "allow",
    "defer",
    "deny",
}


def check_contact_decision_decision(value: str) -> ContactDecisionDecision:
    if value in CONTACT_DECISION_DECISION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONTACT_DECISION_DECISION_VALUES!r}")
