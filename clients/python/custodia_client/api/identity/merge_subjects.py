from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conflict_problem import ConflictProblem
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.merge_request import MergeRequest
from ...models.merge_result import MergeResult
from ...models.not_found_problem import NotFoundProblem
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
    body: MergeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/{id}/merge".format(
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
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    if response.status_code == 200:
        response_200 = MergeResult.from_dict(response.json())

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
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: MergeRequest,
) -> Response[
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Merge another subject into this one

     Merges the subject `other` into the subject of the path, when both turn out to be one
    person: `other`'s identifiers and events move to this subject, the personal fields
    this subject lacks are copied from `other` (its own values win), objections and a
    restriction are carried over, and for every consent-based purpose the stricter
    recorded decision wins (a refusal or withdrawal over a grant; a decision only `other`
    had comes along). `other` stays in the vault marked as merged (reads of it answer
    `404`) so that the merge can be undone with `POST /v1/merges/{merge_id}/undo`; erasing
    this subject later erases `other` with it.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`); any
    other client gets `403 role-not-allowed`, audited.

    Both ids must be UUIDs (`400 invalid-request`, detail `subject ids must be UUIDs`);
    merging a subject with itself is refused (`400 validation-failed`, field `/other`).
    Either side unknown answers `404`, erased `410`. Either side already merged into
    another subject answers `409 conflict`, and so does a merge that lost a race: the
    checks run again inside the write, so of two merges sent at once on the same subjects
    (`A ← B` and `B ← A`) exactly one applies, and a consent, objection or restriction
    recorded for either subject while the merge was being computed makes it refuse
    (send it again). Audited as `subject.merge` on this
    subject (with the copied fields, reason `merge:<merge_id> from:<other>`) and
    `subject.merged` on `other`.

    Args:
        id (UUID):
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | MergeResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: MergeRequest,
) -> (
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Merge another subject into this one

     Merges the subject `other` into the subject of the path, when both turn out to be one
    person: `other`'s identifiers and events move to this subject, the personal fields
    this subject lacks are copied from `other` (its own values win), objections and a
    restriction are carried over, and for every consent-based purpose the stricter
    recorded decision wins (a refusal or withdrawal over a grant; a decision only `other`
    had comes along). `other` stays in the vault marked as merged (reads of it answer
    `404`) so that the merge can be undone with `POST /v1/merges/{merge_id}/undo`; erasing
    this subject later erases `other` with it.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`); any
    other client gets `403 role-not-allowed`, audited.

    Both ids must be UUIDs (`400 invalid-request`, detail `subject ids must be UUIDs`);
    merging a subject with itself is refused (`400 validation-failed`, field `/other`).
    Either side unknown answers `404`, erased `410`. Either side already merged into
    another subject answers `409 conflict`, and so does a merge that lost a race: the
    checks run again inside the write, so of two merges sent at once on the same subjects
    (`A ← B` and `B ← A`) exactly one applies, and a consent, objection or restriction
    recorded for either subject while the merge was being computed makes it refuse
    (send it again). Audited as `subject.merge` on this
    subject (with the copied fields, reason `merge:<merge_id> from:<other>`) and
    `subject.merged` on `other`.

    Args:
        id (UUID):
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | MergeResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
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
    body: MergeRequest,
) -> Response[
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
]:
    """Merge another subject into this one

     Merges the subject `other` into the subject of the path, when both turn out to be one
    person: `other`'s identifiers and events move to this subject, the personal fields
    this subject lacks are copied from `other` (its own values win), objections and a
    restriction are carried over, and for every consent-based purpose the stricter
    recorded decision wins (a refusal or withdrawal over a grant; a decision only `other`
    had comes along). `other` stays in the vault marked as merged (reads of it answer
    `404`) so that the merge can be undone with `POST /v1/merges/{merge_id}/undo`; erasing
    this subject later erases `other` with it.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`); any
    other client gets `403 role-not-allowed`, audited.

    Both ids must be UUIDs (`400 invalid-request`, detail `subject ids must be UUIDs`);
    merging a subject with itself is refused (`400 validation-failed`, field `/other`).
    Either side unknown answers `404`, erased `410`. Either side already merged into
    another subject answers `409 conflict`, and so does a merge that lost a race: the
    checks run again inside the write, so of two merges sent at once on the same subjects
    (`A ← B` and `B ← A`) exactly one applies, and a consent, objection or restriction
    recorded for either subject while the merge was being computed makes it refuse
    (send it again). Audited as `subject.merge` on this
    subject (with the copied fields, reason `merge:<merge_id> from:<other>`) and
    `subject.merged` on `other`.

    Args:
        id (UUID):
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | MergeResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem]
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
    body: MergeRequest,
) -> (
    ConflictProblem
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | ValidationFailedProblem
    | MergeResult
    | NotFoundProblem
    | PayloadTooLargeProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UnsupportedMediaTypeProblem
    | None
):
    """Merge another subject into this one

     Merges the subject `other` into the subject of the path, when both turn out to be one
    person: `other`'s identifiers and events move to this subject, the personal fields
    this subject lacks are copied from `other` (its own values win), objections and a
    restriction are carried over, and for every consent-based purpose the stricter
    recorded decision wins (a refusal or withdrawal over a grant; a decision only `other`
    had comes along). `other` stays in the vault marked as merged (reads of it answer
    `404`) so that the merge can be undone with `POST /v1/merges/{merge_id}/undo`; erasing
    this subject later erases `other` with it.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`); any
    other client gets `403 role-not-allowed`, audited.

    Both ids must be UUIDs (`400 invalid-request`, detail `subject ids must be UUIDs`);
    merging a subject with itself is refused (`400 validation-failed`, field `/other`).
    Either side unknown answers `404`, erased `410`. Either side already merged into
    another subject answers `409 conflict`, and so does a merge that lost a race: the
    checks run again inside the write, so of two merges sent at once on the same subjects
    (`A ← B` and `B ← A`) exactly one applies, and a consent, objection or restriction
    recorded for either subject while the merge was being computed makes it refuse
    (send it again). Audited as `subject.merge` on this
    subject (with the copied fields, reason `merge:<merge_id> from:<other>`) and
    `subject.merged` on `other`.

    Args:
        id (UUID):
        body (MergeRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | GoneProblem | InternalProblem | InvalidRequestProblem | ValidationFailedProblem | MergeResult | NotFoundProblem | PayloadTooLargeProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UnsupportedMediaTypeProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
