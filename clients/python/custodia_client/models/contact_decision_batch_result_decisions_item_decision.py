from typing import Literal

ContactDecisionBatchResultDecisionsItemDecision = Literal["allow", "defer", "deny"]

CONTACT_DECISION_BATCH_RESULT_DECISIONS_ITEM_DECISION_VALUES: set[ContactDecisionBatchResultDecisionsItemDecision] = {
    "allow",
    "defer",
    "deny",
}


def check_contact_decision_batch_result_decisions_item_decision(
    value: str,
) -> ContactDecisionBatchResultDecisionsItemDecision:
    if value in CONTACT_DECISION_BATCH_RESULT_DECISIONS_ITEM_DECISION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTACT_DECISION_BATCH_RESULT_DECISIONS_ITEM_DECISION_VALUES!r}"
    )
