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
from ...models.recommendation_list import RecommendationList
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    limit: int | Unset = 10,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{id}/recommendations".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = RecommendationList.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> (
            InvalidPurposeProblem
            | InvalidRequestProblem
            | MissingPurposeProblem
            | UnknownPurposeProblem
            | ValidationFailedProblem
        ):
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
                response_400_type_1 = ValidationFailedProblem.from_dict(data)

                return response_400_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_2 = MissingPurposeProblem.from_dict(data)

                return response_400_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_3 = InvalidPurposeProblem.from_dict(data)

                return response_400_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_4 = UnknownPurposeProblem.from_dict(data)

            return response_400_type_4

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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
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
    limit: int | Unset = 10,
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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Product recommendations for a customer, under personalisation

     Products that customers with the same interests bought, put in the cart or viewed
    together with this customer's own recent SKUs (item-to-item co-occurrence, issue 12),
    best first, leaving out what the customer bought in the last 30 days.

    **Who may call it:** role `client`. `X-Purpose` is required and must be
    `personalisation`: a purpose the client is registered for that does not recommend
    answers `400 validation-failed` (field `X-Purpose`; audited with reason
    `purpose_does_not_recommend`), one it is not registered for `403 access-denied`
    (`purpose_not_allowed_for_client`).

    The read is policy-checked as `GET /v1/subjects/{id}/events` is (client registered
    for the purpose → erased → restricted → minor → consent → objection; the first that
    applies is the `reason` of a `403 access-denied`, e.g. `no_consent`, or
    `consent_withdrawn` on the very next call after a withdrawal) and written to the audit
    log (action `recommendations.read`, with the event types read) before the answer is
    sent, allowed or denied.

    **The model** is rebuilt in the background (at start and every
    `CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES`, default 60), never per request, from the
    `product_view`, `add_to_cart` and `purchase` events collected for personalisation
    within its retention period, of the customers for whom personalisation holds at the
    rebuild (consent granted, no objection, not restricted, not a minor). A cart bought by
    a purchase on its channel within 24 hours counts as bought. Per customer only the 20
    most recent distinct SKUs count; a pair of SKUs is kept only when at least two
    customers made it, and per SKU only its 50 heaviest pairs. Pairs weigh 3 when both
    SKUs were bought, 2 when carted, 1 with a view; `score` sums the weights of an item's
    pairs with the customer's own SKUs, and `because` names those SKUs (the customer's
    own, never another customer's), strongest first, at most five. Products of a category
    the policy marks sensitive are never used. The model holds SKU pairs and weights only.
    Before the first rebuild, or for a customer without product events, `items` is empty.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 10.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | RecommendationList | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        limit=limit,
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
    limit: int | Unset = 10,
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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Product recommendations for a customer, under personalisation

     Products that customers with the same interests bought, put in the cart or viewed
    together with this customer's own recent SKUs (item-to-item co-occurrence, issue 12),
    best first, leaving out what the customer bought in the last 30 days.

    **Who may call it:** role `client`. `X-Purpose` is required and must be
    `personalisation`: a purpose the client is registered for that does not recommend
    answers `400 validation-failed` (field `X-Purpose`; audited with reason
    `purpose_does_not_recommend`), one it is not registered for `403 access-denied`
    (`purpose_not_allowed_for_client`).

    The read is policy-checked as `GET /v1/subjects/{id}/events` is (client registered
    for the purpose → erased → restricted → minor → consent → objection; the first that
    applies is the `reason` of a `403 access-denied`, e.g. `no_consent`, or
    `consent_withdrawn` on the very next call after a withdrawal) and written to the audit
    log (action `recommendations.read`, with the event types read) before the answer is
    sent, allowed or denied.

    **The model** is rebuilt in the background (at start and every
    `CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES`, default 60), never per request, from the
    `product_view`, `add_to_cart` and `purchase` events collected for personalisation
    within its retention period, of the customers for whom personalisation holds at the
    rebuild (consent granted, no objection, not restricted, not a minor). A cart bought by
    a purchase on its channel within 24 hours counts as bought. Per customer only the 20
    most recent distinct SKUs count; a pair of SKUs is kept only when at least two
    customers made it, and per SKU only its 50 heaviest pairs. Pairs weigh 3 when both
    SKUs were bought, 2 when carted, 1 with a view; `score` sums the weights of an item's
    pairs with the customer's own SKUs, and `because` names those SKUs (the customer's
    own, never another customer's), strongest first, at most five. Products of a category
    the policy marks sensitive are never used. The model holds SKU pairs and weights only.
    Before the first rebuild, or for a customer without product events, `items` is empty.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 10.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | RecommendationList | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        limit=limit,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Product recommendations for a customer, under personalisation

     Products that customers with the same interests bought, put in the cart or viewed
    together with this customer's own recent SKUs (item-to-item co-occurrence, issue 12),
    best first, leaving out what the customer bought in the last 30 days.

    **Who may call it:** role `client`. `X-Purpose` is required and must be
    `personalisation`: a purpose the client is registered for that does not recommend
    answers `400 validation-failed` (field `X-Purpose`; audited with reason
    `purpose_does_not_recommend`), one it is not registered for `403 access-denied`
    (`purpose_not_allowed_for_client`).

    The read is policy-checked as `GET /v1/subjects/{id}/events` is (client registered
    for the purpose → erased → restricted → minor → consent → objection; the first that
    applies is the `reason` of a `403 access-denied`, e.g. `no_consent`, or
    `consent_withdrawn` on the very next call after a withdrawal) and written to the audit
    log (action `recommendations.read`, with the event types read) before the answer is
    sent, allowed or denied.

    **The model** is rebuilt in the background (at start and every
    `CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES`, default 60), never per request, from the
    `product_view`, `add_to_cart` and `purchase` events collected for personalisation
    within its retention period, of the customers for whom personalisation holds at the
    rebuild (consent granted, no objection, not restricted, not a minor). A cart bought by
    a purchase on its channel within 24 hours counts as bought. Per customer only the 20
    most recent distinct SKUs count; a pair of SKUs is kept only when at least two
    customers made it, and per SKU only its 50 heaviest pairs. Pairs weigh 3 when both
    SKUs were bought, 2 when carted, 1 with a view; `score` sums the weights of an item's
    pairs with the customer's own SKUs, and `because` names those SKUs (the customer's
    own, never another customer's), strongest first, at most five. Products of a category
    the policy marks sensitive are never used. The model holds SKU pairs and weights only.
    Before the first rebuild, or for a customer without product events, `items` is empty.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 10.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | RecommendationList | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        limit=limit,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
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
    | ValidationFailedProblem
    | NotFoundProblem
    | RecommendationList
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Product recommendations for a customer, under personalisation

     Products that customers with the same interests bought, put in the cart or viewed
    together with this customer's own recent SKUs (item-to-item co-occurrence, issue 12),
    best first, leaving out what the customer bought in the last 30 days.

    **Who may call it:** role `client`. `X-Purpose` is required and must be
    `personalisation`: a purpose the client is registered for that does not recommend
    answers `400 validation-failed` (field `X-Purpose`; audited with reason
    `purpose_does_not_recommend`), one it is not registered for `403 access-denied`
    (`purpose_not_allowed_for_client`).

    The read is policy-checked as `GET /v1/subjects/{id}/events` is (client registered
    for the purpose → erased → restricted → minor → consent → objection; the first that
    applies is the `reason` of a `403 access-denied`, e.g. `no_consent`, or
    `consent_withdrawn` on the very next call after a withdrawal) and written to the audit
    log (action `recommendations.read`, with the event types read) before the answer is
    sent, allowed or denied.

    **The model** is rebuilt in the background (at start and every
    `CUSTODIA_RECOMMENDATIONS_INTERVAL_MINUTES`, default 60), never per request, from the
    `product_view`, `add_to_cart` and `purchase` events collected for personalisation
    within its retention period, of the customers for whom personalisation holds at the
    rebuild (consent granted, no objection, not restricted, not a minor). A cart bought by
    a purchase on its channel within 24 hours counts as bought. Per customer only the 20
    most recent distinct SKUs count; a pair of SKUs is kept only when at least two
    customers made it, and per SKU only its 50 heaviest pairs. Pairs weigh 3 when both
    SKUs were bought, 2 when carted, 1 with a view; `score` sums the weights of an item's
    pairs with the customer's own SKUs, and `because` names those SKUs (the customer's
    own, never another customer's), strongest first, at most five. Products of a category
    the policy marks sensitive are never used. The model holds SKU pairs and weights only.
    Before the first rebuild, or for a customer without product events, `items` is empty.

    Args:
        id (UUID):
        limit (int | Unset):  Default: 10.
        x_purpose (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | RecommendationList | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            limit=limit,
            x_purpose=x_purpose,
        )
    ).parsed
