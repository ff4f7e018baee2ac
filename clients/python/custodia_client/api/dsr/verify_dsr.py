from http import HTTPStatus
from typing import Any, Literal, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conflict_problem import ConflictProblem
from ...models.dsr_verify import DsrVerify
from ...models.dsr_with_history import DsrWithHistory
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: DsrVerify | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dsr/{id}/verify".format(
            id=quote(str(id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = DsrWithHistory.from_dict(response.json())

        return response_200

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

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ConflictProblem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = cast(Literal["payload reached size limit"], response.text)
        if response_413 != "payload reached size limit":
            raise ValueError(f"response_413 must match const 'payload reached size limit', got '{response_413}'")
        return response_413

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
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
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
    body: DsrVerify | Unset = UNSET,
) -> Response[
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Record that the requester's identity is verified

     Moves a `received` request to `verified`. The optional body ties a request logged
    without a subject to one, or confirms the one it names, by id or identifier; the
    history entry then has reason `subject_linked`.

    **Who may call it:** roles `dpo` and `admin`.

    The body is optional: an empty body (or only whitespace) means `{}`. It is read
    whatever its `Content-Type`, and a body that is not valid JSON of this shape answers
    `400 invalid-request` (detail `the body is not valid JSON for this operation`). A
    subject that does not exist (or an identifier that names nobody) is refused with
    `400 validation-failed`. Refused with `409 conflict` when the request is already
    verified, closed, names another subject, or was changed by another call meanwhile.
    Every attempt is audited (`dsr.verify`; refusals with their reason: `already_verified`,
    `closed`, `subject_mismatch`, `subject_not_found`, `not_found`, `concurrent_change`).
    A body over 262144 bytes is refused by the web framework with a `413` whose body is
    plain text (`payload reached size limit`), not a problem.

    Args:
        id (UUID):
        body (DsrVerify | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | Literal['payload reached size limit'] | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: DsrVerify | Unset = UNSET,
) -> (
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Record that the requester's identity is verified

     Moves a `received` request to `verified`. The optional body ties a request logged
    without a subject to one, or confirms the one it names, by id or identifier; the
    history entry then has reason `subject_linked`.

    **Who may call it:** roles `dpo` and `admin`.

    The body is optional: an empty body (or only whitespace) means `{}`. It is read
    whatever its `Content-Type`, and a body that is not valid JSON of this shape answers
    `400 invalid-request` (detail `the body is not valid JSON for this operation`). A
    subject that does not exist (or an identifier that names nobody) is refused with
    `400 validation-failed`. Refused with `409 conflict` when the request is already
    verified, closed, names another subject, or was changed by another call meanwhile.
    Every attempt is audited (`dsr.verify`; refusals with their reason: `already_verified`,
    `closed`, `subject_mismatch`, `subject_not_found`, `not_found`, `concurrent_change`).
    A body over 262144 bytes is refused by the web framework with a `413` whose body is
    plain text (`payload reached size limit`), not a problem.

    Args:
        id (UUID):
        body (DsrVerify | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | Literal['payload reached size limit'] | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: DsrVerify | Unset = UNSET,
) -> Response[
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Record that the requester's identity is verified

     Moves a `received` request to `verified`. The optional body ties a request logged
    without a subject to one, or confirms the one it names, by id or identifier; the
    history entry then has reason `subject_linked`.

    **Who may call it:** roles `dpo` and `admin`.

    The body is optional: an empty body (or only whitespace) means `{}`. It is read
    whatever its `Content-Type`, and a body that is not valid JSON of this shape answers
    `400 invalid-request` (detail `the body is not valid JSON for this operation`). A
    subject that does not exist (or an identifier that names nobody) is refused with
    `400 validation-failed`. Refused with `409 conflict` when the request is already
    verified, closed, names another subject, or was changed by another call meanwhile.
    Every attempt is audited (`dsr.verify`; refusals with their reason: `already_verified`,
    `closed`, `subject_mismatch`, `subject_not_found`, `not_found`, `concurrent_change`).
    A body over 262144 bytes is refused by the web framework with a `413` whose body is
    plain text (`payload reached size limit`), not a problem.

    Args:
        id (UUID):
        body (DsrVerify | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | Literal['payload reached size limit'] | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: DsrVerify | Unset = UNSET,
) -> (
    ConflictProblem
    | DsrWithHistory
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | Literal["payload reached size limit"]
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Record that the requester's identity is verified

     Moves a `received` request to `verified`. The optional body ties a request logged
    without a subject to one, or confirms the one it names, by id or identifier; the
    history entry then has reason `subject_linked`.

    **Who may call it:** roles `dpo` and `admin`.

    The body is optional: an empty body (or only whitespace) means `{}`. It is read
    whatever its `Content-Type`, and a body that is not valid JSON of this shape answers
    `400 invalid-request` (detail `the body is not valid JSON for this operation`). A
    subject that does not exist (or an identifier that names nobody) is refused with
    `400 validation-failed`. Refused with `409 conflict` when the request is already
    verified, closed, names another subject, or was changed by another call meanwhile.
    Every attempt is audited (`dsr.verify`; refusals with their reason: `already_verified`,
    `closed`, `subject_mismatch`, `subject_not_found`, `not_found`, `concurrent_change`).
    A body over 262144 bytes is refused by the web framework with a `413` whose body is
    plain text (`payload reached size limit`), not a problem.

    Args:
        id (UUID):
        body (DsrVerify | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | DsrWithHistory | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | Literal['payload reached size limit'] | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
