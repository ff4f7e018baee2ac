from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.profile_attention_reasons_type_0_item import (
    ProfileAttentionReasonsType0Item,
    check_profile_attention_reasons_type_0_item,
)

if TYPE_CHECKING:
    from ..models.profile_channels_type_0_item import ProfileChannelsType0Item
    from ..models.profile_consents_item import ProfileConsentsItem
    from ..models.profile_favourite_categories_type_0_item import ProfileFavouriteCategoriesType0Item
    from ..models.profile_orders_type_0 import ProfileOrdersType0
    from ..models.profile_rfm_type_0 import ProfileRfmType0
    from ..models.subject_data import SubjectData
    from ..models.withheld import Withheld


T = TypeVar("T", bound="Profile")


@_attrs_define
class Profile:
    """The unified customer view for a purpose.

    Attributes:
        id (UUID):
        purpose (str): A purpose id of the policy.
        data (SubjectData): The fields given, in canonical form (phone in E.164, language `ll-RR`, postal code
            and country upper-cased, email identifiers lower-cased), or as the reduced view the
            purpose is granted for that field (see `ReducedView` and `AgeBand`). A key is present
            only when the subject has the field and the purpose allows it; `address` only when at
            least one part is given, `identifiers` only when at least one identifier is given.
        withheld (list[Withheld]): Fields the subject has that this purpose does not get.
        consents (list[ProfileConsentsItem]): The consent state of every consent-based purpose of the policy.
        channels (list[ProfileChannelsType0Item] | None): Per channel, over the event types the purpose may see; `null`
            when it may see none.
        orders (None | ProfileOrdersType0): Purchases; `null` unless the purpose may see `purchase` events.
        rfm (None | ProfileRfmType0): RFM scores; `null` unless the purpose may see `purchase` events and there is a
            purchase.
        favourite_categories (list[ProfileFavouriteCategoriesType0Item] | None): The top 5 categories of `product_view`,
            `add_to_cart` and `purchase` events the
            purpose may see, most events first; `null` when it may see none of these types.
        needs_attention (bool | None): Whether the customer needs attention, from the events the purpose may see
            (collected
            for it, within its retention period): `true` when `attention_reasons` is not empty.
            `null` when the purpose may see none of `spam_complaint`, `review`, `return`,
            `support_contact`.
        attention_reasons (list[ProfileAttentionReasonsType0Item] | None): Why, each at most once: `spam_complaint` (a
            spam complaint in the last 90 days),
            `low_review` (a review rated 1 or 2 in the last 90 days), `repeated_returns` (two
            or more returns in the last 30 days), `negative_support_contact` (a support contact
            with sentiment `negative` in the last 30 days). Only reasons whose event type the
            purpose may see. `null` with `needs_attention`.
    """

    id: UUID
    purpose: str
    data: SubjectData
    withheld: list[Withheld]
    consents: list[ProfileConsentsItem]
    channels: list[ProfileChannelsType0Item] | None
    orders: None | ProfileOrdersType0
    rfm: None | ProfileRfmType0
    favourite_categories: list[ProfileFavouriteCategoriesType0Item] | None
    needs_attention: bool | None
    attention_reasons: list[ProfileAttentionReasonsType0Item] | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.profile_orders_type_0 import ProfileOrdersType0  # noqa: PLC0415
        from ..models.profile_rfm_type_0 import ProfileRfmType0  # noqa: PLC0415

        id = str(self.id)

        purpose = self.purpose

        data = self.data.to_dict()

        withheld = []
        for withheld_item_data in self.withheld:
            withheld_item = withheld_item_data.to_dict()
            withheld.append(withheld_item)

        consents = []
        for consents_item_data in self.consents:
            consents_item = consents_item_data.to_dict()
            consents.append(consents_item)

        channels: list[dict[str, Any]] | None
        if isinstance(self.channels, list):
            channels = []
            for channels_type_0_item_data in self.channels:
                channels_type_0_item = channels_type_0_item_data.to_dict()
                channels.append(channels_type_0_item)

        else:
            channels = self.channels

        orders: dict[str, Any] | None
        if isinstance(self.orders, ProfileOrdersType0):
            orders = self.orders.to_dict()
        else:
            orders = self.orders

        rfm: dict[str, Any] | None
        if isinstance(self.rfm, ProfileRfmType0):
            rfm = self.rfm.to_dict()
        else:
            rfm = self.rfm

        favourite_categories: list[dict[str, Any]] | None
        if isinstance(self.favourite_categories, list):
            favourite_categories = []
            for favourite_categories_type_0_item_data in self.favourite_categories:
                favourite_categories_type_0_item = favourite_categories_type_0_item_data.to_dict()
                favourite_categories.append(favourite_categories_type_0_item)

        else:
            favourite_categories = self.favourite_categories

        needs_attention: bool | None
        needs_attention = self.needs_attention

        attention_reasons: list[str] | None
        if isinstance(self.attention_reasons, list):
            attention_reasons = []
            for attention_reasons_type_0_item_data in self.attention_reasons:
                attention_reasons_type_0_item: str = attention_reasons_type_0_item_data
                attention_reasons.append(attention_reasons_type_0_item)

        else:
            attention_reasons = self.attention_reasons

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "purpose": purpose,
                "data": data,
                "withheld": withheld,
                "consents": consents,
                "channels": channels,
                "orders": orders,
                "rfm": rfm,
                "favourite_categories": favourite_categories,
                "needs_attention": needs_attention,
                "attention_reasons": attention_reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.profile_channels_type_0_item import ProfileChannelsType0Item  # noqa: PLC0415
        from ..models.profile_consents_item import ProfileConsentsItem  # noqa: PLC0415
        from ..models.profile_favourite_categories_type_0_item import ProfileFavouriteCategoriesType0Item  # noqa: PLC0415
        from ..models.profile_orders_type_0 import ProfileOrdersType0  # noqa: PLC0415
        from ..models.profile_rfm_type_0 import ProfileRfmType0  # noqa: PLC0415
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

        consents = []
        _consents = d.pop("consents")
        for consents_item_data in _consents:
            consents_item = ProfileConsentsItem.from_dict(consents_item_data)

            consents.append(consents_item)

        def _parse_channels(data: object) -> list[ProfileChannelsType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                channels_type_0 = []
                _channels_type_0 = data
                for channels_type_0_item_data in _channels_type_0:
                    channels_type_0_item = ProfileChannelsType0Item.from_dict(channels_type_0_item_data)

                    channels_type_0.append(channels_type_0_item)

                return channels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProfileChannelsType0Item] | None, data)

        channels = _parse_channels(d.pop("channels"))

        def _parse_orders(data: object) -> None | ProfileOrdersType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                orders_type_0 = ProfileOrdersType0.from_dict(data)

                return orders_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileOrdersType0, data)

        orders = _parse_orders(d.pop("orders"))

        def _parse_rfm(data: object) -> None | ProfileRfmType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rfm_type_0 = ProfileRfmType0.from_dict(data)

                return rfm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProfileRfmType0, data)

        rfm = _parse_rfm(d.pop("rfm"))

        def _parse_favourite_categories(data: object) -> list[ProfileFavouriteCategoriesType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                favourite_categories_type_0 = []
                _favourite_categories_type_0 = data
                for favourite_categories_type_0_item_data in _favourite_categories_type_0:
                    favourite_categories_type_0_item = ProfileFavouriteCategoriesType0Item.from_dict(
                        favourite_categories_type_0_item_data
                    )

                    favourite_categories_type_0.append(favourite_categories_type_0_item)

                return favourite_categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProfileFavouriteCategoriesType0Item] | None, data)

        favourite_categories = _parse_favourite_categories(d.pop("favourite_categories"))

        def _parse_needs_attention(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        needs_attention = _parse_needs_attention(d.pop("needs_attention"))

        def _parse_attention_reasons(data: object) -> list[ProfileAttentionReasonsType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                attention_reasons_type_0 = []
                _attention_reasons_type_0 = data
                for attention_reasons_type_0_item_data in _attention_reasons_type_0:
                    attention_reasons_type_0_item = check_profile_attention_reasons_type_0_item(
                        attention_reasons_type_0_item_data
                    )

                    attention_reasons_type_0.append(attention_reasons_type_0_item)

                return attention_reasons_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProfileAttentionReasonsType0Item] | None, data)

        attention_reasons = _parse_attention_reasons(d.pop("attention_reasons"))

        profile = cls(
            id=id,
            purpose=purpose,
            data=data,
            withheld=withheld,
            consents=consents,
            channels=channels,
            orders=orders,
            rfm=rfm,
            favourite_categories=favourite_categories,
            needs_attention=needs_attention,
            attention_reasons=attention_reasons,
        )

        return profile
