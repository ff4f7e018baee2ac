from typing import Literal

ProblemCode = Literal[
    "access-denied",
    "conflict",
    "consent-not-applicable",
    "evidence-required",
    "gone",
    "identifier-taken",
    "internal",
    "invalid-purpose",
    "invalid-request",
    "method-not-allowed",
    "missing-purpose",
    "not-found",
    "objection-in-force",
    "parental-consent-required",
    "payload-too-large",
    "role-not-allowed",
    "too-many-requests",
    "unauthorized",
    "unavailable",
    "unknown-notice",
    "unknown-purpose",
    "unsupported-media-type",
    "validation-failed",
]

PROBLEM_CODE_VALUES: set[ProblemCode] = {
    "access-denied",
    "conflict",
    "consent-not-applicable",
    "evidence-required",
    "gone",
    "identifier-taken",
    "internal",
    "invalid-purpose",
    "invalid-request",
    "method-not-allowed",
    "missing-purpose",
    "not-found",
    "objection-in-force",
    "parental-consent-required",
    "payload-too-large",
    "role-not-allowed",
    "too-many-requests",
    "unauthorized",
    "unavailable",
    "unknown-notice",
    "unknown-purpose",
    "unsupported-media-type",
    "validation-failed",
}


def check_problem_code(value: str) -> ProblemCode:
    if value in PROBLEM_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PROBLEM_CODE_VALUES!r}")
