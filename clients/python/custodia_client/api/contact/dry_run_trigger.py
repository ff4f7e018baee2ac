from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dry_run_trigger_response_200 import DryRunTriggerResponse200
from ...models.internal_problem import InternalProblem
from ...models.not_found_problem import NotFoundProblem
from ...models.role_not_allowed_problem import RoleNotAllowedProblem
from ...models.too_many_requests_problem import TooManyRequestsProblem
from ...models.unauthorized_problem import UnauthorizedProblem
from ...types import Response


def _get_kwargs(
    name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/triggers/{name}/dry-run".format(
            name=quote(str(name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DryRunTriggerResponse200
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    if response.status_code == 200:
        response_200 = DryRunTriggerResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = UnauthorizedProblem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = RoleNotAllowedProblem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundProblem.from_dict(response.json())

        return response_404

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
    DryRunTriggerResponse200
    | InternalProblem
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
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    DryRunTriggerResponse200
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """What a rule would do now

     The rule's candidates now (customers whose starting event has waited long enough with
    no cancelling event, and for whom the rule has not fired for that event yet) and the
    contact decision for each, without recording a send or telling anyone:
    `would_reach` counts the `allow`s, `held_back` the others by reason (consent,
    objection, restriction, suppression, opt-out, quiet hours, caps; `not_found` for a
    candidate whose customer is gone). Works on disabled rules: see the effect of consent
    before switching a rule on. Audited once (`trigger.dry_run`).

    **Who may call it:** roles `client` (a rule of a purpose it is registered for; another
    answers `404`), `dpo` and `admin`.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DryRunTriggerResponse200 | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        name=name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> (
    DryRunTriggerResponse200
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """What a rule would do now

     The rule's candidates now (customers whose starting event has waited long enough with
    no cancelling event, and for whom the rule has not fired for that event yet) and the
    contact decision for each, without recording a send or telling anyone:
    `would_reach` counts the `allow`s, `held_back` the others by reason (consent,
    objection, restriction, suppression, opt-out, quiet hours, caps; `not_found` for a
    candidate whose customer is gone). Works on disabled rules: see the effect of consent
    before switching a rule on. Audited once (`trigger.dry_run`).

    **Who may call it:** roles `client` (a rule of a purpose it is registered for; another
    answers `404`), `dpo` and `admin`.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DryRunTriggerResponse200 | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return sync_detailed(
        name=name,
        client=client,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    DryRunTriggerResponse200
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
]:
    """What a rule would do now

     The rule's candidates now (customers whose starting event has waited long enough with
    no cancelling event, and for whom the rule has not fired for that event yet) and the
    contact decision for each, without recording a send or telling anyone:
    `would_reach` counts the `allow`s, `held_back` the others by reason (consent,
    objection, restriction, suppression, opt-out, quiet hours, caps; `not_found` for a
    candidate whose customer is gone). Works on disabled rules: see the effect of consent
    before switching a rule on. Audited once (`trigger.dry_run`).

    **Who may call it:** roles `client` (a rule of a purpose it is registered for; another
    answers `404`), `dpo` and `admin`.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DryRunTriggerResponse200 | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem]
    """

    kwargs = _get_kwargs(
        name=name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> (
    DryRunTriggerResponse200
    | InternalProblem
    | NotFoundProblem
    | RoleNotAllowedProblem
    | TooManyRequestsProblem
    | UnauthorizedProblem
    | None
):
    """What a rule would do now

     The rule's candidates now (customers whose starting event has waited long enough with
    no cancelling event, and for whom the rule has not fired for that event yet) and the
    contact decision for each, without recording a send or telling anyone:
    `would_reach` counts the `allow`s, `held_back` the others by reason (consent,
    objection, restriction, suppression, opt-out, quiet hours, caps; `not_found` for a
    candidate whose customer is gone). Works on disabled rules: see the effect of consent
    before switching a rule on. Audited once (`trigger.dry_run`).

    **Who may call it:** roles `client` (a rule of a purpose it is registered for; another
    answers `404`), `dpo` and `admin`.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DryRunTriggerResponse200 | InternalProblem | NotFoundProblem | RoleNotAllowedProblem | TooManyRequestsProblem | UnauthorizedProblem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
        )
    ).parsed
