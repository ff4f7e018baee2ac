from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.profile import Profile
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{id}/profile".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = Profile.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_1 = MissingPurposeProblem.from_dict(data)

                return response_400_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_2 = InvalidPurposeProblem.from_dict(data)

                return response_400_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_3 = UnknownPurposeProblem.from_dict(data)

            return response_400_type_3

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> AccessDeniedProblem | RoleNotAllowedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = AccessDeniedProblem.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = RoleNotAllowedProblem.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 410:
        response_410 = GoneProblem.from_dict(response.json())

        return response_410

    if response.status_code == 429:
        response_429 = TooManyRequestsProblem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = InternalProblem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """The unified customer view, for a purpose

     One view of the customer across channels: the personal fields the purpose allows
    (exactly as `GET /v1/subjects/{id}` answers them, reduced views included), the
    consent summary, and aggregates of the behavioural events, each part only where the
    purpose may see it:
    - `channels` (first and last seen, event count per channel, over the event types the
      purpose may see): `null` when the purpose may see no event type;
    - `orders` (count, revenue, average order value, last purchase) and `rfm` (recency,
      frequency and monetary scores 1 to 5 and the segment): `null` unless the purpose
      may see `purchase` events; `rfm` also `null` before the first purchase;
    - `favourite_categories` (the top 5 categories of `product_view`, `add_to_cart` and
      `purchase` events): `null` unless the purpose may see one of these types.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is and written to the audit log
    (action `profile.read`, with the fields given plus `events.channels`, `events.orders`,
    `events.categories` for the parts given) before the answer is sent, allowed or denied.
    Amounts are decimal strings with two decimals. Revenue is net: the amounts of
    `purchase` events minus those of `return` events, whatever their currency; the average
    order value is revenue divided by the number of purchases.

    Args:
        id (UUID):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | Profile | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """The unified customer view, for a purpose

     One view of the customer across channels: the personal fields the purpose allows
    (exactly as `GET /v1/subjects/{id}` answers them, reduced views included), the
    consent summary, and aggregates of the behavioural events, each part only where the
    purpose may see it:
    - `channels` (first and last seen, event count per channel, over the event types the
      purpose may see): `null` when the purpose may see no event type;
    - `orders` (count, revenue, average order value, last purchase) and `rfm` (recency,
      frequency and monetary scores 1 to 5 and the segment): `null` unless the purpose
      may see `purchase` events; `rfm` also `null` before the first purchase;
    - `favourite_categories` (the top 5 categories of `product_view`, `add_to_cart` and
      `purchase` events): `null` unless the purpose may see one of these types.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is and written to the audit log
    (action `profile.read`, with the fields given plus `events.channels`, `events.orders`,
    `events.categories` for the parts given) before the answer is sent, allowed or denied.
    Amounts are decimal strings with two decimals. Revenue is net: the amounts of
    `purchase` events minus those of `return` events, whatever their currency; the average
    order value is revenue divided by the number of purchases.

    Args:
        id (UUID):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | Profile | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """The unified customer view, for a purpose

     One view of the customer across channels: the personal fields the purpose allows
    (exactly as `GET /v1/subjects/{id}` answers them, reduced views included), the
    consent summary, and aggregates of the behavioural events, each part only where the
    purpose may see it:
    - `channels` (first and last seen, event count per channel, over the event types the
      purpose may see): `null` when the purpose may see no event type;
    - `orders` (count, revenue, average order value, last purchase) and `rfm` (recency,
      frequency and monetary scores 1 to 5 and the segment): `null` unless the purpose
      may see `purchase` events; `rfm` also `null` before the first purchase;
    - `favourite_categories` (the top 5 categories of `product_view`, `add_to_cart` and
      `purchase` events): `null` unless the purpose may see one of these types.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is and written to the audit log
    (action `profile.read`, with the fields given plus `events.channels`, `events.orders`,
    `events.categories` for the parts given) before the answer is sent, allowed or denied.
    Amounts are decimal strings with two decimals. Revenue is net: the amounts of
    `purchase` events minus those of `return` events, whatever their currency; the average
    order value is revenue divided by the number of purchases.

    Args:
        id (UUID):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | Profile | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | NotFoundProblem
    | Profile
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """The unified customer view, for a purpose

     One view of the customer across channels: the personal fields the purpose allows
    (exactly as `GET /v1/subjects/{id}` answers them, reduced views included), the
    consent summary, and aggregates of the behavioural events, each part only where the
    purpose may see it:
    - `channels` (first and last seen, event count per channel, over the event types the
      purpose may see): `null` when the purpose may see no event type;
    - `orders` (count, revenue, average order value, last purchase) and `rfm` (recency,
      frequency and monetary scores 1 to 5 and the segment): `null` unless the purpose
      may see `purchase` events; `rfm` also `null` before the first purchase;
    - `favourite_categories` (the top 5 categories of `product_view`, `add_to_cart` and
      `purchase` events): `null` unless the purpose may see one of these types.

    **Who may call it:** role `client`. `X-Purpose` is required.

    The read is policy-checked as `GET /v1/subjects/{id}` is and written to the audit log
    (action `profile.read`, with the fields given plus `events.channels`, `events.orders`,
    `events.categories` for the parts given) before the answer is sent, allowed or denied.
    Amounts are decimal strings with two decimals. Revenue is net: the amounts of
    `purchase` events minus those of `return` events, whatever their currency; the average
    order value is revenue divided by the number of purchases.

    Args:
        id (UUID):
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | NotFoundProblem | Profile | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_purpose=x_purpose,
        )
    ).parsed
