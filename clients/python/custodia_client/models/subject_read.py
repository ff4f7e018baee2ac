from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_data import SubjectData
    from ..models.withheld import Withheld


T = TypeVar("T", bound="SubjectRead")


@_attrs_define
class SubjectRead:
    """The answer to a read or look-up.

    Attributes:
        id (UUID):
        purpose (str): The purpose the read was made and allowed for.
        data (SubjectData): The fields given, in canonical form (phone in E.164, language `ll-RR`, postal code
            and country upper-cased, email identifiers lower-cased), or as the reduced view the
            purpose is granted for that field (see `ReducedView` and `AgeBand`). A key is present
            only when the subject has the field and the purpose allows it; `address` only when at
            least one part is given, `identifiers` only when at least one identifier is given.
        withheld (list[Withheld]): Fields the subject has that this purpose does not get, in a stable order.
    """

    id: UUID
    purpose: str
    data: SubjectData
    withheld: list[Withheld]

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        purpose = self.purpose

        data = self.data.to_dict()

        withheld = []
        for withheld_item_data in self.withheld:
            withheld_item = withheld_item_data.to_dict()
            withheld.append(withheld_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "purpose": purpose,
                "data": data,
                "withheld": withheld,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_data import SubjectData  # noqa: PLC0415
        from ..models.withheld import Withheld  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        purpose = d.pop("purpose")

        data = SubjectData.from_dict(d.pop("data"))

        withheld = []
        _withheld = d.pop("withheld")
        for withheld_item_data in _withheld:
            withheld_item = Withheld.from_dict(withheld_item_data)

            withheld.append(withheld_item)

        subject_read = cls(
            id=id,
            purpose=purpose,
            data=data,
            withheld=withheld,
        )

        return subject_read
