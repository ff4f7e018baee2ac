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
from ...models.preferences import Preferences
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    x_purpose: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{id}/preferences".format(
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
    | ValidationFailedProblem
    | NotFoundProblem
    | Preferences
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = Preferences.from_dict(response.json())

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
    | Preferences
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
    x_purpose: str | Unset = UNSET,
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
    | Preferences
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A customer's communication preferences

     What holds when a message is considered (issue 11): per channel (`email`, `sms`,
    `push`, `phone`, `post`) opted in or out and the weekly cap, quiet hours with their
    time zone, the preferred channel and language. What the customer did not choose comes
    from `policies/contact.toml` (`source: default`); `updated_at` is when they last
    changed anything (`null`: never).

    **Who may call it:** roles `client` and `dpo`; the customer through
    `GET /v1/me/preferences`. A `client` names in `X-Purpose` a purpose it is registered
    for that contacts people (`contact_channels` in `purposes.toml`; another answers `400
    validation-failed`), and the one decision must allow that purpose for this customer
    now (consent, objection, restriction), else `403` with the reason. A `dpo` sends no
    `X-Purpose`. Audited as `preferences.read`.

    Args:
        id (UUID):
        x_purpose (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | Preferences | TooManyRequestsProblem | UnauthorizedProblem]
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
    x_purpose: str | Unset = UNSET,
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
    | Preferences
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A customer's communication preferences

     What holds when a message is considered (issue 11): per channel (`email`, `sms`,
    `push`, `phone`, `post`) opted in or out and the weekly cap, quiet hours with their
    time zone, the preferred channel and language. What the customer did not choose comes
    from `policies/contact.toml` (`source: default`); `updated_at` is when they last
    changed anything (`null`: never).

    **Who may call it:** roles `client` and `dpo`; the customer through
    `GET /v1/me/preferences`. A `client` names in `X-Purpose` a purpose it is registered
    for that contacts people (`contact_channels` in `purposes.toml`; another answers `400
    validation-failed`), and the one decision must allow that purpose for this customer
    now (consent, objection, restriction), else `403` with the reason. A `dpo` sends no
    `X-Purpose`. Audited as `preferences.read`.

    Args:
        id (UUID):
        x_purpose (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | Preferences | TooManyRequestsProblem | UnauthorizedProblem
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
    x_purpose: str | Unset = UNSET,
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
    | Preferences
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """A customer's communication preferences

     What holds when a message is considered (issue 11): per channel (`email`, `sms`,
    `push`, `phone`, `post`) opted in or out and the weekly cap, quiet hours with their
    time zone, the preferred channel and language. What the customer did not choose comes
    from `policies/contact.toml` (`source: default`); `updated_at` is when they last
    changed anything (`null`: never).

    **Who may call it:** roles `client` and `dpo`; the customer through
    `GET /v1/me/preferences`. A `client` names in `X-Purpose` a purpose it is registered
    for that contacts people (`contact_channels` in `purposes.toml`; another answers `400
    validation-failed`), and the one decision must allow that purpose for this customer
    now (consent, objection, restriction), else `403` with the reason. A `dpo` sends no
    `X-Purpose`. Audited as `preferences.read`.

    Args:
        id (UUID):
        x_purpose (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | Preferences | TooManyRequestsProblem | UnauthorizedProblem]
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
    x_purpose: str | Unset = UNSET,
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
    | Preferences
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """A customer's communication preferences

     What holds when a message is considered (issue 11): per channel (`email`, `sms`,
    `push`, `phone`, `post`) opted in or out and the weekly cap, quiet hours with their
    time zone, the preferred channel and language. What the customer did not choose comes
    from `policies/contact.toml` (`source: default`); `updated_at` is when they last
    changed anything (`null`: never).

    **Who may call it:** roles `client` and `dpo`; the customer through
    `GET /v1/me/preferences`. A `client` names in `X-Purpose` a purpose it is registered
    for that contacts people (`contact_channels` in `purposes.toml`; another answers `400
    validation-failed`), and the one decision must allow that purpose for this customer
    now (consent, objection, restriction), else `403` with the reason. A `dpo` sends no
    `X-Purpose`. Audited as `preferences.read`.

    Args:
        id (UUID):
        x_purpose (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | NotFoundProblem | Preferences | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_purpose=x_purpose,
        )
    ).parsed
