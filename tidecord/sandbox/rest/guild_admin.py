"""A guild's vanity URL, how many members hold each role, and deleting the guild
(which only its owner may, and a bot never owns one)."""

from __future__ import annotations

from typing import Final

from aiohttp import web

from tidecord.models import Permissions

from .context import request_guild, sandbox_of
from .errors import APIError, json_response

__all__ = ["ROUTES"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
MANAGE_ROLES: Final[int] = Permissions.manage_roles


async def vanity_url(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/vanity-url (Manage Server): ``{code, uses}``; ``code``
    is null while the guild has none."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_GUILD)
    code = sb.state.guild(gid).vanity_url_code
    return json_response({"code": code, "uses": sb.state.vanity_uses.get(gid, 0)})


async def role_member_counts(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles/member-counts (Manage Roles): role id -> members
    holding it, for every role but @everyone."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    counts = {rid: 0 for rid in sb.state.roles[gid] if rid != gid}
    for member in sb.state.members.get(gid, {}).values():
        for rid in member.roles:
            if int(rid) in counts:
                counts[int(rid)] += 1
    return json_response({str(rid): n for rid, n in counts.items()})


async def delete_guild(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}: only the owner may, and Discord no longer lets a bot
    own a guild (the route left its documentation in 2025), so a bot is refused. The
    error code is a guess: Discord's own answer is not documented."""
    request_guild(request)  # 10004 for an unknown guild first
    raise APIError(403, 50013, "Missing Permissions")


ROUTES = [
    ("GET", "/guilds/{guild_id}/vanity-url", vanity_url),
    ("GET", "/guilds/{guild_id}/roles/member-counts", role_member_counts),
    ("DELETE", "/guilds/{guild_id}", delete_guild),
]
