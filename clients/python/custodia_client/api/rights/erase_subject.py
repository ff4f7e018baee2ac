from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_receipt import ErasureReceipt
from ...models.gone_problem import GoneProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/subjects/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = ErasureReceipt.from_dict(response.json())

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
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
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
) -> Response[
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Erase a subject

     Erases the subject (GDPR Art. 17) by crypto-shredding: its wrapped data key is
    destroyed, so any copy of its ciphertext (backups, replicas) can no longer be opened,
    and its personal fields, identifiers, pseudonym link, behavioural events, objections
    and restrictions are deleted from both stores. Consent records are kept, without
    personal data, under the pseudonymous id, as proof that consent was given or withdrawn
    (Art. 7(1), 17(3)(b),(e)). The blind indexes of its identifiers go to a suppression
    list: a later subject created with one of them is flagged
    `matches_erased_identifier`, and a batch import of a marketing grant for it is refused.
    The erasure is a recorded job: a process that dies half-way finishes it on its next
    start.

    Erasure covers the whole person: every subject merged into this one (and merged into
    those, transitively) is erased in the same job, and the receipt lists every erased id
    (`erased_subjects`). The id of a subject that was merged into another erases the
    person it was merged into (the customer who writes from an old address must be
    erasable); the receipt then names both (`subject`, `requested_subject`).

    **Who may call it:** roles `dpo` and `admin`.

    The answer is the erasure receipt (counts only, no personal data). Its `receipt_hash`
    is also in the audit entry (action `subject.erase`, reason
    `receipt_sha256:<hash>`). Afterwards every route that names the id answers `410 gone`,
    erasing again included.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReceipt | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Erase a subject

     Erases the subject (GDPR Art. 17) by crypto-shredding: its wrapped data key is
    destroyed, so any copy of its ciphertext (backups, replicas) can no longer be opened,
    and its personal fields, identifiers, pseudonym link, behavioural events, objections
    and restrictions are deleted from both stores. Consent records are kept, without
    personal data, under the pseudonymous id, as proof that consent was given or withdrawn
    (Art. 7(1), 17(3)(b),(e)). The blind indexes of its identifiers go to a suppression
    list: a later subject created with one of them is flagged
    `matches_erased_identifier`, and a batch import of a marketing grant for it is refused.
    The erasure is a recorded job: a process that dies half-way finishes it on its next
    start.

    Erasure covers the whole person: every subject merged into this one (and merged into
    those, transitively) is erased in the same job, and the receipt lists every erased id
    (`erased_subjects`). The id of a subject that was merged into another erases the
    person it was merged into (the customer who writes from an old address must be
    erasable); the receipt then names both (`subject`, `requested_subject`).

    **Who may call it:** roles `dpo` and `admin`.

    The answer is the erasure receipt (counts only, no personal data). Its `receipt_hash`
    is also in the audit entry (action `subject.erase`, reason
    `receipt_sha256:<hash>`). Afterwards every route that names the id answers `410 gone`,
    erasing again included.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReceipt | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Erase a subject

     Erases the subject (GDPR Art. 17) by crypto-shredding: its wrapped data key is
    destroyed, so any copy of its ciphertext (backups, replicas) can no longer be opened,
    and its personal fields, identifiers, pseudonym link, behavioural events, objections
    and restrictions are deleted from both stores. Consent records are kept, without
    personal data, under the pseudonymous id, as proof that consent was given or withdrawn
    (Art. 7(1), 17(3)(b),(e)). The blind indexes of its identifiers go to a suppression
    list: a later subject created with one of them is flagged
    `matches_erased_identifier`, and a batch import of a marketing grant for it is refused.
    The erasure is a recorded job: a process that dies half-way finishes it on its next
    start.

    Erasure covers the whole person: every subject merged into this one (and merged into
    those, transitively) is erased in the same job, and the receipt lists every erased id
    (`erased_subjects`). The id of a subject that was merged into another erases the
    person it was merged into (the customer who writes from an old address must be
    erasable); the receipt then names both (`subject`, `requested_subject`).

    **Who may call it:** roles `dpo` and `admin`.

    The answer is the erasure receipt (counts only, no personal data). Its `receipt_hash`
    is also in the audit entry (action `subject.erase`, reason
    `receipt_sha256:<hash>`). Afterwards every route that names the id answers `410 gone`,
    erasing again included.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureReceipt | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ErasureReceipt
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Erase a subject

     Erases the subject (GDPR Art. 17) by crypto-shredding: its wrapped data key is
    destroyed, so any copy of its ciphertext (backups, replicas) can no longer be opened,
    and its personal fields, identifiers, pseudonym link, behavioural events, objections
    and restrictions are deleted from both stores. Consent records are kept, without
    personal data, under the pseudonymous id, as proof that consent was given or withdrawn
    (Art. 7(1), 17(3)(b),(e)). The blind indexes of its identifiers go to a suppression
    list: a later subject created with one of them is flagged
    `matches_erased_identifier`, and a batch import of a marketing grant for it is refused.
    The erasure is a recorded job: a process that dies half-way finishes it on its next
    start.

    Erasure covers the whole person: every subject merged into this one (and merged into
    those, transitively) is erased in the same job, and the receipt lists every erased id
    (`erased_subjects`). The id of a subject that was merged into another erases the
    person it was merged into (the customer who writes from an old address must be
    erasable); the receipt then names both (`subject`, `requested_subject`).

    **Who may call it:** roles `dpo` and `admin`.

    The answer is the erasure receipt (counts only, no personal data). Its `receipt_hash`
    is also in the audit entry (action `subject.erase`, reason
    `receipt_sha256:<hash>`). Afterwards every route that names the id answers `410 gone`,
    erasing again included.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureReceipt | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
