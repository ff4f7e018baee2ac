from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_batch import ConsentBatch
from ...models.consent_batch_result import ConsentBatchResult
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...types import Response


def _get_kwargs(
    *,
    body: ConsentBatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/consents:batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = ConsentBatchResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = InvalidRequestProblem.from_dict(response.json())

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
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
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
    body: ConsentBatch,
) -> Response[
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Import consent decisions in batch

     Imports up to 1000 consent decisions at once (a channel's existing opt-ins; body up
    to 4194304 bytes). Each record is the body of
    `PUT /v1/subjects/{id}/consents/{purpose}` plus the `subject` (by id or by identifier,
    found through its blind index) and the `purpose`. Every record is checked and recorded
    on its own, exactly as that PUT does (without `Sec-GPC`), and answered in `results` at
    its index: a bad record never stops the others. The answer is `200` whatever the
    records' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`. A `client` may record in a batch
    exactly what it may record with the PUT: every record is checked on its own against
    its `records_consent` and purposes (`access-denied` with reason
    `grant_not_allowed_for_client` or `purpose_not_allowed_for_client`).

    The PUT's checks include the refusals of a grant: `unknown-notice` (the
    `policy_version` is not a published notice covering the purpose),
    `evidence-required` (e.g. no `double_opt_in_ref` for email or SMS marketing: an import
    must carry the proof of each opt-in), `parental-consent-required` (a child below the
    digital consent age), `objection-in-force`, and `conflict` for a direct-marketing
    purpose whose subject carries an identifier of an erased customer (flag
    `matches_erased_identifier`): such consent must be collected afresh from the
    customer, not imported. A record that is not an object of the documented shape is rejected with
    `validation-failed` (field `""`). Each recorded decision is audited as the PUT's.

    Args:
        body (ConsentBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: ConsentBatch,
) -> (
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Import consent decisions in batch

     Imports up to 1000 consent decisions at once (a channel's existing opt-ins; body up
    to 4194304 bytes). Each record is the body of
    `PUT /v1/subjects/{id}/consents/{purpose}` plus the `subject` (by id or by identifier,
    found through its blind index) and the `purpose`. Every record is checked and recorded
    on its own, exactly as that PUT does (without `Sec-GPC`), and answered in `results` at
    its index: a bad record never stops the others. The answer is `200` whatever the
    records' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`. A `client` may record in a batch
    exactly what it may record with the PUT: every record is checked on its own against
    its `records_consent` and purposes (`access-denied` with reason
    `grant_not_allowed_for_client` or `purpose_not_allowed_for_client`).

    The PUT's checks include the refusals of a grant: `unknown-notice` (the
    `policy_version` is not a published notice covering the purpose),
    `evidence-required` (e.g. no `double_opt_in_ref` for email or SMS marketing: an import
    must carry the proof of each opt-in), `parental-consent-required` (a child below the
    digital consent age), `objection-in-force`, and `conflict` for a direct-marketing
    purpose whose subject carries an identifier of an erased customer (flag
    `matches_erased_identifier`): such consent must be collected afresh from the
    customer, not imported. A record that is not an object of the documented shape is rejected with
    `validation-failed` (field `""`). Each recorded decision is audited as the PUT's.

    Args:
        body (ConsentBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ConsentBatch,
) -> Response[
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Import consent decisions in batch

     Imports up to 1000 consent decisions at once (a channel's existing opt-ins; body up
    to 4194304 bytes). Each record is the body of
    `PUT /v1/subjects/{id}/consents/{purpose}` plus the `subject` (by id or by identifier,
    found through its blind index) and the `purpose`. Every record is checked and recorded
    on its own, exactly as that PUT does (without `Sec-GPC`), and answered in `results` at
    its index: a bad record never stops the others. The answer is `200` whatever the
    records' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`. A `client` may record in a batch
    exactly what it may record with the PUT: every record is checked on its own against
    its `records_consent` and purposes (`access-denied` with reason
    `grant_not_allowed_for_client` or `purpose_not_allowed_for_client`).

    The PUT's checks include the refusals of a grant: `unknown-notice` (the
    `policy_version` is not a published notice covering the purpose),
    `evidence-required` (e.g. no `double_opt_in_ref` for email or SMS marketing: an import
    must carry the proof of each opt-in), `parental-consent-required` (a child below the
    digital consent age), `objection-in-force`, and `conflict` for a direct-marketing
    purpose whose subject carries an identifier of an erased customer (flag
    `matches_erased_identifier`): such consent must be collected afresh from the
    customer, not imported. A record that is not an object of the documented shape is rejected with
    `validation-failed` (field `""`). Each recorded decision is audited as the PUT's.

    Args:
        body (ConsentBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ConsentBatch,
) -> (
    ConsentBatchResult
    | InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Import consent decisions in batch

     Imports up to 1000 consent decisions at once (a channel's existing opt-ins; body up
    to 4194304 bytes). Each record is the body of
    `PUT /v1/subjects/{id}/consents/{purpose}` plus the `subject` (by id or by identifier,
    found through its blind index) and the `purpose`. Every record is checked and recorded
    on its own, exactly as that PUT does (without `Sec-GPC`), and answered in `results` at
    its index: a bad record never stops the others. The answer is `200` whatever the
    records' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`. A `client` may record in a batch
    exactly what it may record with the PUT: every record is checked on its own against
    its `records_consent` and purposes (`access-denied` with reason
    `grant_not_allowed_for_client` or `purpose_not_allowed_for_client`).

    The PUT's checks include the refusals of a grant: `unknown-notice` (the
    `policy_version` is not a published notice covering the purpose),
    `evidence-required` (e.g. no `double_opt_in_ref` for email or SMS marketing: an import
    must carry the proof of each opt-in), `parental-consent-required` (a child below the
    digital consent age), `objection-in-force`, and `conflict` for a direct-marketing
    purpose whose subject carries an identifier of an erased customer (flag
    `matches_erased_identifier`): such consent must be collected afresh from the
    customer, not imported. A record that is not an object of the documented shape is rejected with
    `validation-failed` (field `""`). Each recorded decision is audited as the PUT's.

    Args:
        body (ConsentBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentBatchResult | InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
