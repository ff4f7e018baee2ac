from typing import Literal

DsrExportFormat = Literal["csv", "json"]

DSR_EXPORT_FORMAT_VALUES: set[DsrExportFormat] = {
    "csv",
    "json",
}


def check_dsr_export_format(value: str) -> DsrExportFormat:
    if value in DSR_EXPORT_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_EXPORT_FORMAT_VALUES!r}")
