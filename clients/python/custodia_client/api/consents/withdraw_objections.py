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
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.objection_withdrawal_request import ObjectionWithdrawalRequest
from ...models.objections_withdrawn import ObjectionsWithdrawn
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: ObjectionWithdrawalRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{id}/objections/withdrawals".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 201:
        response_201 = ObjectionsWithdrawn.from_dict(response.json())

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
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ObjectionWithdrawalRequest,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Withdraw objections

     Lifts the subject's objections (GDPR Art. 21) to the scopes named, e.g. when a
    customer who objected to all marketing subscribes again. A withdrawal is a new row of
    the append-only objection ledger (`withdrawn: true`, with `source`, `collected_at` and
    `evidence` as for a consent decision), never a change or a delete: the state of a
    scope is its newest row. Reads and event collection for the purposes the scope
    covered then follow consent and the policy again, and consent grants for them are
    accepted; the objection can be recorded again at any time.

    A scope that is not in force (never recorded, or withdrawn already) is left as it is:
    the request still succeeds (`201`), `withdrawn` lists only the scopes withdrawn now,
    so retrying a withdrawal is harmless. `in_force` lists every scope still in force.

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer withdraws on
    `POST /v1/me/objections/withdrawals`. Lifting an objection lets processing start
    again, so a `client` needs what a consent grant needs: one purpose the scope covers in
    its `records_consent` (`403 access-denied`, reason `grant_not_allowed_for_client`; a
    client registered for no purpose the scope covers: `purpose_not_allowed_for_client`);
    the shipped `mailer` may not lift an objection. Each refusal is audited.

    A scope that is not `direct_marketing`, `sale_or_sharing` or `purpose:<id>` of a
    purpose the policy defines is refused with `400 validation-failed` at
    `/scopes/<index>`, no scope at all at `/scopes`; invalid `source`, `collected_at` (RFC
    3339, not more than 5 minutes ahead of the vault's clock, not before 2000) and
    `evidence` as for a consent decision; more than 64 scopes `400 invalid-request`.
    Audited as `objection.withdrawn`, one entry per scope withdrawn (reason `request`, or
    `request:<scope>` for `direct_marketing` and `sale_or_sharing`).

    Args:
        id (UUID):
        body (ObjectionWithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionsWithdrawn | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: ObjectionWithdrawalRequest,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Withdraw objections

     Lifts the subject's objections (GDPR Art. 21) to the scopes named, e.g. when a
    customer who objected to all marketing subscribes again. A withdrawal is a new row of
    the append-only objection ledger (`withdrawn: true`, with `source`, `collected_at` and
    `evidence` as for a consent decision), never a change or a delete: the state of a
    scope is its newest row. Reads and event collection for the purposes the scope
    covered then follow consent and the policy again, and consent grants for them are
    accepted; the objection can be recorded again at any time.

    A scope that is not in force (never recorded, or withdrawn already) is left as it is:
    the request still succeeds (`201`), `withdrawn` lists only the scopes withdrawn now,
    so retrying a withdrawal is harmless. `in_force` lists every scope still in force.

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer withdraws on
    `POST /v1/me/objections/withdrawals`. Lifting an objection lets processing start
    again, so a `client` needs what a consent grant needs: one purpose the scope covers in
    its `records_consent` (`403 access-denied`, reason `grant_not_allowed_for_client`; a
    client registered for no purpose the scope covers: `purpose_not_allowed_for_client`);
    the shipped `mailer` may not lift an objection. Each refusal is audited.

    A scope that is not `direct_marketing`, `sale_or_sharing` or `purpose:<id>` of a
    purpose the policy defines is refused with `400 validation-failed` at
    `/scopes/<index>`, no scope at all at `/scopes`; invalid `source`, `collected_at` (RFC
    3339, not more than 5 minutes ahead of the vault's clock, not before 2000) and
    `evidence` as for a consent decision; more than 64 scopes `400 invalid-request`.
    Audited as `objection.withdrawn`, one entry per scope withdrawn (reason `request`, or
    `request:<scope>` for `direct_marketing` and `sale_or_sharing`).

    Args:
        id (UUID):
        body (ObjectionWithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionsWithdrawn | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
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
    body: ObjectionWithdrawalRequest,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Withdraw objections

     Lifts the subject's objections (GDPR Art. 21) to the scopes named, e.g. when a
    customer who objected to all marketing subscribes again. A withdrawal is a new row of
    the append-only objection ledger (`withdrawn: true`, with `source`, `collected_at` and
    `evidence` as for a consent decision), never a change or a delete: the state of a
    scope is its newest row. Reads and event collection for the purposes the scope
    covered then follow consent and the policy again, and consent grants for them are
    accepted; the objection can be recorded again at any time.

    A scope that is not in force (never recorded, or withdrawn already) is left as it is:
    the request still succeeds (`201`), `withdrawn` lists only the scopes withdrawn now,
    so retrying a withdrawal is harmless. `in_force` lists every scope still in force.

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer withdraws on
    `POST /v1/me/objections/withdrawals`. Lifting an objection lets processing start
    again, so a `client` needs what a consent grant needs: one purpose the scope covers in
    its `records_consent` (`403 access-denied`, reason `grant_not_allowed_for_client`; a
    client registered for no purpose the scope covers: `purpose_not_allowed_for_client`);
    the shipped `mailer` may not lift an objection. Each refusal is audited.

    A scope that is not `direct_marketing`, `sale_or_sharing` or `purpose:<id>` of a
    purpose the policy defines is refused with `400 validation-failed` at
    `/scopes/<index>`, no scope at all at `/scopes`; invalid `source`, `collected_at` (RFC
    3339, not more than 5 minutes ahead of the vault's clock, not before 2000) and
    `evidence` as for a consent decision; more than 64 scopes `400 invalid-request`.
    Audited as `objection.withdrawn`, one entry per scope withdrawn (reason `request`, or
    `request:<scope>` for `direct_marketing` and `sale_or_sharing`).

    Args:
        id (UUID):
        body (ObjectionWithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionsWithdrawn | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: ObjectionWithdrawalRequest,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | NotFoundProblem
    | ObjectionsWithdrawn
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Withdraw objections

     Lifts the subject's objections (GDPR Art. 21) to the scopes named, e.g. when a
    customer who objected to all marketing subscribes again. A withdrawal is a new row of
    the append-only objection ledger (`withdrawn: true`, with `source`, `collected_at` and
    `evidence` as for a consent decision), never a change or a delete: the state of a
    scope is its newest row. Reads and event collection for the purposes the scope
    covered then follow consent and the policy again, and consent grants for them are
    accepted; the objection can be recorded again at any time.

    A scope that is not in force (never recorded, or withdrawn already) is left as it is:
    the request still succeeds (`201`), `withdrawn` lists only the scopes withdrawn now,
    so retrying a withdrawal is harmless. `in_force` lists every scope still in force.

    **Who may call it:** roles `client`, `dpo` and `admin`; the customer withdraws on
    `POST /v1/me/objections/withdrawals`. Lifting an objection lets processing start
    again, so a `client` needs what a consent grant needs: one purpose the scope covers in
    its `records_consent` (`403 access-denied`, reason `grant_not_allowed_for_client`; a
    client registered for no purpose the scope covers: `purpose_not_allowed_for_client`);
    the shipped `mailer` may not lift an objection. Each refusal is audited.

    A scope that is not `direct_marketing`, `sale_or_sharing` or `purpose:<id>` of a
    purpose the policy defines is refused with `400 validation-failed` at
    `/scopes/<index>`, no scope at all at `/scopes`; invalid `source`, `collected_at` (RFC
    3339, not more than 5 minutes ahead of the vault's clock, not before 2000) and
    `evidence` as for a consent decision; more than 64 scopes `400 invalid-request`.
    Audited as `objection.withdrawn`, one entry per scope withdrawn (reason `request`, or
    `request:<scope>` for `direct_marketing` and `sale_or_sharing`).

    Args:
        id (UUID):
        body (ObjectionWithdrawalRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | NotFoundProblem | ObjectionsWithdrawn | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
