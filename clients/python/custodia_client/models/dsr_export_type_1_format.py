from typing import Literal

DsrExportType1Format = Literal["csv", "json"]

DSR_EXPORT_TYPE_1_FORMAT_VALUES: set[DsrExportType1Format] = {
    "csv",
    "json",
}


def check_dsr_export_type_1_format(value: str) -> DsrExportType1Format:
    if value in DSR_EXPORT_TYPE_1_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_EXPORT_TYPE_1_FORMAT_VALUES!r}")
