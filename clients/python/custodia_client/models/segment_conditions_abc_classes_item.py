from typing import Literal

SegmentConditionsAbcClassesItem = Literal["A", "a", "b", "B", "c", "C"]

SEGMENT_CONDITIONS_ABC_CLASSES_ITEM_VALUES: set[SegmentConditionsAbcClassesItem] = {
    "A",
    "a",
    "b",
    "B",
    "c",
    "C",
}


def check_segment_conditions_abc_classes_item(value: str) -> SegmentConditionsAbcClassesItem:
    if value in SEGMENT_CONDITIONS_ABC_CLASSES_ITEM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEGMENT_CONDITIONS_ABC_CLASSES_ITEM_VALUES!r}")
