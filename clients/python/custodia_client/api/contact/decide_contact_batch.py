from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_denied_problem import AccessDeniedProblem
from ...models.contact_decision_batch_request import ContactDecisionBatchRequest
from ...models.contact_decision_batch_result import ContactDecisionBatchResult
from ...models.internal_problem import InternalProblem
from ...models.invalid_purpose_problem import InvalidPurposeProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.missing_purpose_problem import MissingPurposeProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unknown_purpose_problem import UnknownPurposeProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...models.validation_failed_problem import ValidationFailedProblem
from ...types import Response


def _get_kwargs(
    *,
    body: ContactDecisionBatchRequest,
    x_purpose: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/contact-decisions:batch",
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
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = ContactDecisionBatchResult.from_dict(response.json())

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
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
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
    *,
    client: AuthenticatedClient | Client,
    body: ContactDecisionBatchRequest,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Contact decisions for up to 1,000 customers of a campaign

     `POST /v1/contact-decisions` for many customers at once: one purpose (`X-Purpose`),
    one channel, one campaign, `record_send` for all. `decisions` answers each subject in
    order (`index`), as the single decision would; a subject reference that is malformed
    gets an `error` (a problem body) in its place and never stops the others. `counts`
    sums the answers. Loaded and audited per batch, so a campaign of 100,000 customers is
    decided in seconds (see `benches/README.md`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ContactDecisionBatchResult | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ContactDecisionBatchRequest,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Contact decisions for up to 1,000 customers of a campaign

     `POST /v1/contact-decisions` for many customers at once: one purpose (`X-Purpose`),
    one channel, one campaign, `record_send` for all. `decisions` answers each subject in
    order (`index`), as the single decision would; a subject reference that is malformed
    gets an `error` (a problem body) in its place and never stops the others. `counts`
    sums the answers. Loaded and audited per batch, so a campaign of 100,000 customers is
    decided in seconds (see `benches/README.md`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ContactDecisionBatchResult | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ContactDecisionBatchRequest,
    x_purpose: str,
) -> Response[
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Contact decisions for up to 1,000 customers of a campaign

     `POST /v1/contact-decisions` for many customers at once: one purpose (`X-Purpose`),
    one channel, one campaign, `record_send` for all. `decisions` answers each subject in
    order (`index`), as the single decision would; a subject reference that is malformed
    gets an `error` (a problem body) in its place and never stops the others. `counts`
    sums the answers. Loaded and audited per batch, so a campaign of 100,000 customers is
    decided in seconds (see `benches/README.md`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessDeniedProblem | RoleNotAllowedProblem | ContactDecisionBatchResult | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ContactDecisionBatchRequest,
    x_purpose: str,
) -> (
    AccessDeniedProblem
    | RoleNotAllowedProblem
    | ContactDecisionBatchResult
    | InternalProblem
    | InvalidPurposeProblem
    | InvalidRequestProblem
    | MissingPurposeProblem
    | UnknownPurposeProblem
    | ValidationFailedProblem
    | PayloadTooLargeProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Contact decisions for up to 1,000 customers of a campaign

     `POST /v1/contact-decisions` for many customers at once: one purpose (`X-Purpose`),
    one channel, one campaign, `record_send` for all. `decisions` answers each subject in
    order (`index`), as the single decision would; a subject reference that is malformed
    gets an `error` (a problem body) in its place and never stops the others. `counts`
    sums the answers. Loaded and audited per batch, so a campaign of 100,000 customers is
    decided in seconds (see `benches/README.md`).

    **Who may call it:** role `client`. `X-Purpose` is required.

    Args:
        x_purpose (str):
        body (ContactDecisionBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessDeniedProblem | RoleNotAllowedProblem | ContactDecisionBatchResult | InternalProblem | InvalidPurposeProblem | InvalidRequestProblem | MissingPurposeProblem | UnknownPurposeProblem | ValidationFailedProblem | PayloadTooLargeProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_purpose=x_purpose,
        )
    ).parsed
