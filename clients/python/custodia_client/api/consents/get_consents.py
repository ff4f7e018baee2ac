from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_overview import ConsentOverview
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
        "method": "get",
        "url": "/v1/subjects/{id}/consents".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ConsentOverview
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
        response_200 = ConsentOverview.from_dict(response.json())

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
    ConsentOverview
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
    ConsentOverview
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Consent state, history, objections and restriction

     The current consent state of every consent-based purpose of the policy (in policy
    order), the whole consent ledger (oldest first), the objections recorded and the
    restriction in force.

    **Who may call it:** roles `client`, `dpo` and `admin`. The customer gets the same
    answer from `GET /v1/me/consents`. A `client` sees only what concerns the purposes it
    is registered for in `clients.toml`: `current` and `history` hold those purposes
    only, `objections` and `objections_in_force` only the scopes that cover one of them
    (a mailer learns nothing of a customer's personalisation choices); the restriction is
    shown to every caller, as it stops every purpose. `dpo`, `admin` and the customer see
    everything.

    `current[].effective` says whether consent allows reads for the purpose now; reads are
    still denied while an objection or a restriction stops the purpose. Audited as
    `consent.read` (reason `registered_purposes` for a client's filtered view). Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentOverview | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
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
    ConsentOverview
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Consent state, history, objections and restriction

     The current consent state of every consent-based purpose of the policy (in policy
    order), the whole consent ledger (oldest first), the objections recorded and the
    restriction in force.

    **Who may call it:** roles `client`, `dpo` and `admin`. The customer gets the same
    answer from `GET /v1/me/consents`. A `client` sees only what concerns the purposes it
    is registered for in `clients.toml`: `current` and `history` hold those purposes
    only, `objections` and `objections_in_force` only the scopes that cover one of them
    (a mailer learns nothing of a customer's personalisation choices); the restriction is
    shown to every caller, as it stops every purpose. `dpo`, `admin` and the customer see
    everything.

    `current[].effective` says whether consent allows reads for the purpose now; reads are
    still denied while an objection or a restriction stops the purpose. Audited as
    `consent.read` (reason `registered_purposes` for a client's filtered view). Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentOverview | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
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
    ConsentOverview
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """Consent state, history, objections and restriction

     The current consent state of every consent-based purpose of the policy (in policy
    order), the whole consent ledger (oldest first), the objections recorded and the
    restriction in force.

    **Who may call it:** roles `client`, `dpo` and `admin`. The customer gets the same
    answer from `GET /v1/me/consents`. A `client` sees only what concerns the purposes it
    is registered for in `clients.toml`: `current` and `history` hold those purposes
    only, `objections` and `objections_in_force` only the scopes that cover one of them
    (a mailer learns nothing of a customer's personalisation choices); the restriction is
    shown to every caller, as it stops every purpose. `dpo`, `admin` and the customer see
    everything.

    `current[].effective` says whether consent allows reads for the purpose now; reads are
    still denied while an objection or a restriction stops the purpose. Audited as
    `consent.read` (reason `registered_purposes` for a client's filtered view). Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentOverview | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
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
    ConsentOverview
    | GoneProblem
    | InternalProblem
    | InvalidRequestProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """Consent state, history, objections and restriction

     The current consent state of every consent-based purpose of the policy (in policy
    order), the whole consent ledger (oldest first), the objections recorded and the
    restriction in force.

    **Who may call it:** roles `client`, `dpo` and `admin`. The customer gets the same
    answer from `GET /v1/me/consents`. A `client` sees only what concerns the purposes it
    is registered for in `clients.toml`: `current` and `history` hold those purposes
    only, `objections` and `objections_in_force` only the scopes that cover one of them
    (a mailer learns nothing of a customer's personalisation choices); the restriction is
    shown to every caller, as it stops every purpose. `dpo`, `admin` and the customer see
    everything.

    `current[].effective` says whether consent allows reads for the purpose now; reads are
    still denied while an objection or a restriction stops the purpose. Audited as
    `consent.read` (reason `registered_purposes` for a client's filtered view). Not a read
    for a purpose: no `X-Purpose`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentOverview | GoneProblem | InternalProblem | InvalidRequestProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
