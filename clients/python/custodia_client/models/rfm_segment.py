from typing import Literal

RfmSegment = Literal["at_risk", "champions", "hibernating", "loyal", "needs_attention", "new", "potential_loyalist"]

RFM_SEGMENT_VALUES: set[RfmSegment] = {
    "at_risk",
    "champions",
    "hibernating",
    "loyal",
    "needs_attention",
    "new",
    "potential_loyalist",
}


def check_rfm_segment(value: str) -> RfmSegment:
    if value in RFM_SEGMENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RFM_SEGMENT_VALUES!r}")
