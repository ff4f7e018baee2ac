from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dsr_create import DsrCreate
from ...models.dsr_with_history import DsrWithHistory
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: DsrCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dsr",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 201:
        response_201 = DsrWithHistory.from_dict(response.json())

        return response_201

    if response.status_code == 400:

        def _parse_response_400(data: object) -> InvalidRequestProblem | ValidationFailedProblem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = InvalidRequestProblem.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ValidationFailedProblem.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = PayloadTooLargeProblem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeProblem.from_dict(response.json())

        return response_415

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
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DsrCreate,
) -> Response[
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Log a data-subject request

     Logs a data-subject request (GDPR Art. 15-22) that reached the controller through any
    channel, and starts its legal deadline (Art. 12(3)): one calendar month from
    `received_at` (default: now), to the end of that day on the controller's calendar
    (`time_zone` in `policies/controller.toml`, e.g. `Europe/Berlin`; UTC without it): the
    day of receipt is the controller's local day, and the deadline is the last microsecond
    of the due day there; the same day of the next month, or that month's last day when
    it is shorter (31 January → 28 or 29 February).
    Weekends and public holidays do not move it.

    **Who may call it:** roles `client` (a call centre), `dpo` and `admin`.

    The subject is named by id (it must be a current subject of the vault:
    `400 validation-failed` at `/subject/id` otherwise) or by identifier, found through
    its blind index. An identifier that names nobody is not an error: the request is
    logged without a subject (it must still be answered, e.g. "we hold no data about
    you"), and the identifier itself is not stored. The answer to role `client` leaves
    `subject` out, so a call centre learns nothing about who is a customer from it; `dpo`
    and `admin` see it (`null` when unresolved). `received_at` may lie in the past (a
    letter logged late) but not more than 5 minutes in the future. Audited as
    `dsr.create` with the request type as reason.

    Args:
        body (DsrCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DsrCreate,
) -> (
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Log a data-subject request

     Logs a data-subject request (GDPR Art. 15-22) that reached the controller through any
    channel, and starts its legal deadline (Art. 12(3)): one calendar month from
    `received_at` (default: now), to the end of that day on the controller's calendar
    (`time_zone` in `policies/controller.toml`, e.g. `Europe/Berlin`; UTC without it): the
    day of receipt is the controller's local day, and the deadline is the last microsecond
    of the due day there; the same day of the next month, or that month's last day when
    it is shorter (31 January → 28 or 29 February).
    Weekends and public holidays do not move it.

    **Who may call it:** roles `client` (a call centre), `dpo` and `admin`.

    The subject is named by id (it must be a current subject of the vault:
    `400 validation-failed` at `/subject/id` otherwise) or by identifier, found through
    its blind index. An identifier that names nobody is not an error: the request is
    logged without a subject (it must still be answered, e.g. "we hold no data about
    you"), and the identifier itself is not stored. The answer to role `client` leaves
    `subject` out, so a call centre learns nothing about who is a customer from it; `dpo`
    and `admin` see it (`null` when unresolved). `received_at` may lie in the past (a
    letter logged late) but not more than 5 minutes in the future. Audited as
    `dsr.create` with the request type as reason.

    Args:
        body (DsrCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DsrCreate,
) -> Response[
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Log a data-subject request

     Logs a data-subject request (GDPR Art. 15-22) that reached the controller through any
    channel, and starts its legal deadline (Art. 12(3)): one calendar month from
    `received_at` (default: now), to the end of that day on the controller's calendar
    (`time_zone` in `policies/controller.toml`, e.g. `Europe/Berlin`; UTC without it): the
    day of receipt is the controller's local day, and the deadline is the last microsecond
    of the due day there; the same day of the next month, or that month's last day when
    it is shorter (31 January → 28 or 29 February).
    Weekends and public holidays do not move it.

    **Who may call it:** roles `client` (a call centre), `dpo` and `admin`.

    The subject is named by id (it must be a current subject of the vault:
    `400 validation-failed` at `/subject/id` otherwise) or by identifier, found through
    its blind index. An identifier that names nobody is not an error: the request is
    logged without a subject (it must still be answered, e.g. "we hold no data about
    you"), and the identifier itself is not stored. The answer to role `client` leaves
    `subject` out, so a call centre learns nothing about who is a customer from it; `dpo`
    and `admin` see it (`null` when unresolved). `received_at` may lie in the past (a
    letter logged late) but not more than 5 minutes in the future. Audited as
    `dsr.create` with the request type as reason.

    Args:
        body (DsrCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DsrCreate,
) -> (
    DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Log a data-subject request

     Logs a data-subject request (GDPR Art. 15-22) that reached the controller through any
    channel, and starts its legal deadline (Art. 12(3)): one calendar month from
    `received_at` (default: now), to the end of that day on the controller's calendar
    (`time_zone` in `policies/controller.toml`, e.g. `Europe/Berlin`; UTC without it): the
    day of receipt is the controller's local day, and the deadline is the last microsecond
    of the due day there; the same day of the next month, or that month's last day when
    it is shorter (31 January → 28 or 29 February).
    Weekends and public holidays do not move it.

    **Who may call it:** roles `client` (a call centre), `dpo` and `admin`.

    The subject is named by id (it must be a current subject of the vault:
    `400 validation-failed` at `/subject/id` otherwise) or by identifier, found through
    its blind index. An identifier that names nobody is not an error: the request is
    logged without a subject (it must still be answered, e.g. "we hold no data about
    you"), and the identifier itself is not stored. The answer to role `client` leaves
    `subject` out, so a call centre learns nothing about who is a customer from it; `dpo`
    and `admin` see it (`null` when unresolved). `received_at` may lie in the past (a
    letter logged late) but not more than 5 minutes in the future. Audited as
    `dsr.create` with the request type as reason.

    Args:
        body (DsrCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
