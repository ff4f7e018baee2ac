from typing import Literal

AgeBand = Literal["18-24", "25-34", "35-44", "45-54", "55-64", "65+", "under_18", "unknown"]

AGE_BAND_VALUES: set[AgeBand] = {
    "18-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65+",
    "under_18",
    "unknown",
}


def check_age_band(value: str) -> AgeBand:
    if value in AGE_BAND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AGE_BAND_VALUES!r}")
