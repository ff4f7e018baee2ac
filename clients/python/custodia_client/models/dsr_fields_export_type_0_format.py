from typing import Literal

DsrFieldsExportType0Format = Literal["csv", "json"]

DSR_FIELDS_EXPORT_TYPE_0_FORMAT_VALUES: set[DsrFieldsExportType0Format] = {
    "csv",
    "json",
}


def check_dsr_fields_export_type_0_format(value: str) -> DsrFieldsExportType0Format:
    if value in DSR_FIELDS_EXPORT_TYPE_0_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_FIELDS_EXPORT_TYPE_0_FORMAT_VALUES!r}")
