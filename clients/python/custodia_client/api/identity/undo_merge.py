from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conflict_problem import ConflictProblem
from ...models.internal_problem import InternalProblem
from ...models.invalid_request_problem import InvalidRequestProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...models.undo_result import UndoResult
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/merges/{id}/undo".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConflictProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
    | None
):
    if response.status_code == 200:
        response_200 = UndoResult.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ConflictProblem.from_dict(response.json())

        return response_409

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
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
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
    ConflictProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
]:
    """Undo a merge

     Undoes a merge made in error, while neither subject has been erased since: the moved
    identifiers and events go back to the merged subject, which becomes readable again,
    and the copied fields are removed from the target. No request body.

    What was decided since the merge stands, and an undo never records a grant:
    - a consent-based purpose decided on the target after the merge keeps that decision;
    - a grant that only came with the merged subject is withdrawn from the target
      (evidence `document_ref: merge-undo:<merge_id>`);
    - a grant the target had before the merge and lost to the merged subject's stricter
      decision is not re-created (consent is the customer's act, not a machine's): it is
      listed in `consents_not_restored`, for the CRM to ask the customer again;
    - withdrawals, refusals, objections and a restriction recorded on the target since the
      merge are copied to the merged subject too (either person may have made them):
      `refusals_copied_to_source`.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`).

    A merge can be undone once (`409 conflict` after that). It is refused with `409
    conflict` too when it can no longer be split faithfully: the target has since been
    merged into another subject (undo that merge first), an identifier the merge moved is
    no longer held by the target, or a field the merge copied was corrected or removed on
    the target since (splitting would lose the correction). An unknown merge id answers
    `404 not-found` (its detail reads `no such subject`), and so does the id of a merge
    one of whose subjects was erased since: erasure deletes the subject's merges with the
    rest of its data. Audited as `merge.undo` on the target (reason
    `merge:<merge_id> source:<source>`).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UndoResult]
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
    ConflictProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
    | None
):
    """Undo a merge

     Undoes a merge made in error, while neither subject has been erased since: the moved
    identifiers and events go back to the merged subject, which becomes readable again,
    and the copied fields are removed from the target. No request body.

    What was decided since the merge stands, and an undo never records a grant:
    - a consent-based purpose decided on the target after the merge keeps that decision;
    - a grant that only came with the merged subject is withdrawn from the target
      (evidence `document_ref: merge-undo:<merge_id>`);
    - a grant the target had before the merge and lost to the merged subject's stricter
      decision is not re-created (consent is the customer's act, not a machine's): it is
      listed in `consents_not_restored`, for the CRM to ask the customer again;
    - withdrawals, refusals, objections and a restriction recorded on the target since the
      merge are copied to the merged subject too (either person may have made them):
      `refusals_copied_to_source`.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`).

    A merge can be undone once (`409 conflict` after that). It is refused with `409
    conflict` too when it can no longer be split faithfully: the target has since been
    merged into another subject (undo that merge first), an identifier the merge moved is
    no longer held by the target, or a field the merge copied was corrected or removed on
    the target since (splitting would lose the correction). An unknown merge id answers
    `404 not-found` (its detail reads `no such subject`), and so does the id of a merge
    one of whose subjects was erased since: erasure deletes the subject's merges with the
    rest of its data. Audited as `merge.undo` on the target (reason
    `merge:<merge_id> source:<source>`).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UndoResult
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
    ConflictProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
]:
    """Undo a merge

     Undoes a merge made in error, while neither subject has been erased since: the moved
    identifiers and events go back to the merged subject, which becomes readable again,
    and the copied fields are removed from the target. No request body.

    What was decided since the merge stands, and an undo never records a grant:
    - a consent-based purpose decided on the target after the merge keeps that decision;
    - a grant that only came with the merged subject is withdrawn from the target
      (evidence `document_ref: merge-undo:<merge_id>`);
    - a grant the target had before the merge and lost to the merged subject's stricter
      decision is not re-created (consent is the customer's act, not a machine's): it is
      listed in `consents_not_restored`, for the CRM to ask the customer again;
    - withdrawals, refusals, objections and a restriction recorded on the target since the
      merge are copied to the merged subject too (either person may have made them):
      `refusals_copied_to_source`.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`).

    A merge can be undone once (`409 conflict` after that). It is refused with `409
    conflict` too when it can no longer be split faithfully: the target has since been
    merged into another subject (undo that merge first), an identifier the merge moved is
    no longer held by the target, or a field the merge copied was corrected or removed on
    the target since (splitting would lose the correction). An unknown merge id answers
    `404 not-found` (its detail reads `no such subject`), and so does the id of a merge
    one of whose subjects was erased since: erasure deletes the subject's merges with the
    rest of its data. Audited as `merge.undo` on the target (reason
    `merge:<merge_id> source:<source>`).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConflictProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UndoResult]
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
    ConflictProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | UndoResult
    | None
):
    """Undo a merge

     Undoes a merge made in error, while neither subject has been erased since: the moved
    identifiers and events go back to the merged subject, which becomes readable again,
    and the copied fields are removed from the target. No request body.

    What was decided since the merge stands, and an undo never records a grant:
    - a consent-based purpose decided on the target after the merge keeps that decision;
    - a grant that only came with the merged subject is withdrawn from the target
      (evidence `document_ref: merge-undo:<merge_id>`);
    - a grant the target had before the merge and lost to the merged subject's stricter
      decision is not re-created (consent is the customer's act, not a machine's): it is
      listed in `consents_not_restored`, for the CRM to ask the customer again;
    - withdrawals, refusals, objections and a restriction recorded on the target since the
      merge are copied to the merged subject too (either person may have made them):
      `refusals_copied_to_source`.

    **Who may call it:** roles `dpo` and `admin`, and `client` when its policy allows
    identity management (`identity_management = true` in `policies/clients.toml`).

    A merge can be undone once (`409 conflict` after that). It is refused with `409
    conflict` too when it can no longer be split faithfully: the target has since been
    merged into another subject (undo that merge first), an identifier the merge moved is
    no longer held by the target, or a field the merge copied was corrected or removed on
    the target since (splitting would lose the correction). An unknown merge id answers
    `404 not-found` (its detail reads `no such subject`), and so does the id of a merge
    one of whose subjects was erased since: erasure deletes the subject's merges with the
    rest of its data. Audited as `merge.undo` on the target (reason
    `merge:<merge_id> source:<source>`).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConflictProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem | UndoResult
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
