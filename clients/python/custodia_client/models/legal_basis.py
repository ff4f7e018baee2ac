from typing import Literal

LegalBasis = Literal["consent", "contract", "legal_obligation", "legitimate_interest", "public_task", "vital_interest"]

LEGAL_BASIS_VALUES: set[LegalBasis] = {
    "consent",
    "contract",
    "legal_obligation",
    "legitimate_interest",
    "public_task",
    "vital_interest",
}


def check_legal_basis(value: str) -> LegalBasis:
    if value in LEGAL_BASIS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LEGAL_BASIS_VALUES!r}")
