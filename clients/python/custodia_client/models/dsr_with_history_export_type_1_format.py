from typing import Literal

DsrWithHistoryExportType1Format = Literal["csv", "json"]

DSR_WITH_HISTORY_EXPORT_TYPE_1_FORMAT_VALUES: set[DsrWithHistoryExportType1Format] = {
    "csv",
    "json",
}


def check_dsr_with_history_export_type_1_format(value: str) -> DsrWithHistoryExportType1Format:
    if value in DSR_WITH_HISTORY_EXPORT_TYPE_1_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_WITH_HISTORY_EXPORT_TYPE_1_FORMAT_VALUES!r}")
