from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.payload_too_large_problem import PayloadTooLargeProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.subject_batch import SubjectBatch
from ...models.subject_batch_result import SubjectBatchResult
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.unsupported_media_type_problem import UnsupportedMediaTypeProblem
from ...types import Response


def _get_kwargs(
    *,
    body: SubjectBatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects:batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = SubjectBatchResult.from_dict(response.json())

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
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
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
    body: SubjectBatch,
) -> Response[
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Create subjects in batch

     Creates up to 1000 subjects at once (a system that syncs continuously; body up to
    4194304 bytes), in one transaction. Each item is the body of `POST /v1/subjects` and
    is parsed and checked exactly as that operation checks it; each is answered in
    `results` at its index, and a bad item never stops the others. The answer is `200`
    whatever the items' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`, as `POST /v1/subjects`. Each item
    costs one request of the caller's rate limit, as a single creation would.

    - `created`: stored, with its `id`; `flags: [matches_erased_identifier]` (role
      `admin` only) when an email or phone belonged to an erased customer, as on a single
      creation.
    - `duplicate`: an identifier (or the email or phone) is held already, by a stored
      subject or by an earlier item of the batch that was created (`duplicate_of` is that
      item's index); nothing of the item is stored. As a `409 identifier-taken` on a
      single creation, the answer names the identifier's type, never the subject holding
      it.
    - `rejected`: the item is not a `POST /v1/subjects` body, or a field is invalid
      (`errors`, JSON pointers into the item), or it has no field and no identifier.

    Audited as single creations: one `subject.create` entry per created subject (reason
    `suppression_match` when flagged) and one refused entry (reason `identifier_taken`)
    per duplicate, written together.

    Args:
        body (SubjectBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | SubjectBatchResult | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: SubjectBatch,
) -> (
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Create subjects in batch

     Creates up to 1000 subjects at once (a system that syncs continuously; body up to
    4194304 bytes), in one transaction. Each item is the body of `POST /v1/subjects` and
    is parsed and checked exactly as that operation checks it; each is answered in
    `results` at its index, and a bad item never stops the others. The answer is `200`
    whatever the items' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`, as `POST /v1/subjects`. Each item
    costs one request of the caller's rate limit, as a single creation would.

    - `created`: stored, with its `id`; `flags: [matches_erased_identifier]` (role
      `admin` only) when an email or phone belonged to an erased customer, as on a single
      creation.
    - `duplicate`: an identifier (or the email or phone) is held already, by a stored
      subject or by an earlier item of the batch that was created (`duplicate_of` is that
      item's index); nothing of the item is stored. As a `409 identifier-taken` on a
      single creation, the answer names the identifier's type, never the subject holding
      it.
    - `rejected`: the item is not a `POST /v1/subjects` body, or a field is invalid
      (`errors`, JSON pointers into the item), or it has no field and no identifier.

    Audited as single creations: one `subject.create` entry per created subject (reason
    `suppression_match` when flagged) and one refused entry (reason `identifier_taken`)
    per duplicate, written together.

    Args:
        body (SubjectBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | SubjectBatchResult | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SubjectBatch,
) -> Response[
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Create subjects in batch

     Creates up to 1000 subjects at once (a system that syncs continuously; body up to
    4194304 bytes), in one transaction. Each item is the body of `POST /v1/subjects` and
    is parsed and checked exactly as that operation checks it; each is answered in
    `results` at its index, and a bad item never stops the others. The answer is `200`
    whatever the items' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`, as `POST /v1/subjects`. Each item
    costs one request of the caller's rate limit, as a single creation would.

    - `created`: stored, with its `id`; `flags: [matches_erased_identifier]` (role
      `admin` only) when an email or phone belonged to an erased customer, as on a single
      creation.
    - `duplicate`: an identifier (or the email or phone) is held already, by a stored
      subject or by an earlier item of the batch that was created (`duplicate_of` is that
      item's index); nothing of the item is stored. As a `409 identifier-taken` on a
      single creation, the answer names the identifier's type, never the subject holding
      it.
    - `rejected`: the item is not a `POST /v1/subjects` body, or a field is invalid
      (`errors`, JSON pointers into the item), or it has no field and no identifier.

    Audited as single creations: one `subject.create` entry per created subject (reason
    `suppression_match` when flagged) and one refused entry (reason `identifier_taken`)
    per duplicate, written together.

    Args:
        body (SubjectBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | SubjectBatchResult | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SubjectBatch,
) -> (
    InternalProblem
    | InvalidRequestProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | SubjectBatchResult
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Create subjects in batch

     Creates up to 1000 subjects at once (a system that syncs continuously; body up to
    4194304 bytes), in one transaction. Each item is the body of `POST /v1/subjects` and
    is parsed and checked exactly as that operation checks it; each is answered in
    `results` at its index, and a bad item never stops the others. The answer is `200`
    whatever the items' outcomes; only a malformed request as a whole is refused.

    **Who may call it:** roles `client` and `admin`, as `POST /v1/subjects`. Each item
    costs one request of the caller's rate limit, as a single creation would.

    - `created`: stored, with its `id`; `flags: [matches_erased_identifier]` (role
      `admin` only) when an email or phone belonged to an erased customer, as on a single
      creation.
    - `duplicate`: an identifier (or the email or phone) is held already, by a stored
      subject or by an earlier item of the batch that was created (`duplicate_of` is that
      item's index); nothing of the item is stored. As a `409 identifier-taken` on a
      single creation, the answer names the identifier's type, never the subject holding
      it.
    - `rejected`: the item is not a `POST /v1/subjects` body, or a field is invalid
      (`errors`, JSON pointers into the item), or it has no field and no identifier.

    Audited as single creations: one `subject.create` entry per created subject (reason
    `suppression_match` when flagged) and one refused entry (reason `identifier_taken`)
    per duplicate, written together.

    Args:
        body (SubjectBatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InternalProblem | InvalidRequestProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | SubjectBatchResult | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
