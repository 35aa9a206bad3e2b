"""A guild's integrations: list them and remove one, with Manage Guild.

Removing the bot's own integration removes the bot from the guild (its
INTEGRATION_DELETE, then GUILD_DELETE). Discord's API has no route to add an
integration or to change one any more: people add them in Discord's client, and
tests here with ``state.add_integration``.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from tidecord.models import Permissions

from ..state import StateError
from . import audit
from .context import request_guild, sandbox_of, state_error
from .context import snowflake as path_id
from .errors import empty_response, json_response

__all__ = ["ROUTES"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild


async def list_integrations(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/integrations."""
    gid = request_guild(request, MANAGE_GUILD)
    return json_response(list(sandbox_of(request).state.guild_integrations(gid).values()))


async def delete_integration(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/integrations/{integration_id}."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    try:
        found = state.integration(gid, path_id(request, "integration_id"))
    except StateError as exc:
        raise state_error(exc) from None
    # Recorded first: the bot's own integration takes the guild (and its log) away.
    audit.record(request, gid, audit.Action.INTEGRATION_DELETE, int(found.id),
                 audit.changes({"name": found.name, "type": found.type}, None,
                               ("name", "type")))
    state.remove_integration(gid, found.id)
    return empty_response()


_I = "/guilds/{guild_id}/integrations"
ROUTES = [
    ("GET", _I, list_integrations),
    ("DELETE", _I + "/{integration_id}", delete_integration),
]
