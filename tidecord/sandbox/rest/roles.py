"""Guild roles over REST: list, get, create, modify, move and delete, each within
the role hierarchy (the bot acts only below its own top role), with audit entries.
"""

from __future__ import annotations

from typing import Final

import msgspec
from aiohttp import web

from tidecord.models import Permissions

from .audit import Action, changes, record
from .context import read_body, request_guild, sandbox_of, snowflake
from .errors import (
    APIError,
    empty_response,
    form_error,
    json_response,
    length_errors,
    out_of_range,
    permissions_error,
)

__all__ = ["MANAGE_ROLES", "ROUTES", "above"]

MANAGE_ROLES: Final[int] = Permissions.manage_roles


class _RoleColors(msgspec.Struct, kw_only=True):
    primary_color: int = 0
    secondary_color: int | None = None
    tertiary_color: int | None = None


class _RoleBody(msgspec.Struct, kw_only=True):
    name: str | None = None
    permissions: str | int | None = None
    color: int | None = None
    # The newer form (discord.py 2.6+ sends only this): ``color`` is its primary.
    colors: _RoleColors | None = None
    hoist: bool | None = None
    mentionable: bool | None = None
    unicode_emoji: str | None = None


class _RolePosition(msgspec.Struct, kw_only=True):
    # Discord takes a snowflake as a string or a number.
    id: str | int | None = None
    position: int | None = None


def above(request: web.Request, gid: int, *, user_id: int | None = None,
          role_id: int | None = None) -> None:
    """50013 unless the bot's top role is above the target member (or role)."""
    state = sandbox_of(request).state
    me = state.bot_user.id
    if user_id is not None and user_id != me and user_id in state.members[gid] \
            and not state.outranks(gid, me, user_id):
        raise APIError(403, 50013, "Missing Permissions")
    if role_id is not None and me != int(state.guild(gid).owner_id):
        role = state.roles[gid].get(role_id)
        if role is not None and role.position >= state.top_role_position(gid, me):
            raise APIError(403, 50013, "Missing Permissions")


async def list_roles(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles."""
    sb = sandbox_of(request)
    return json_response(sb.state.guild_roles(request_guild(request)))


async def get_role(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    role = sb.state.roles[gid].get(snowflake(request, "role_id"))
    if role is None:
        raise APIError(404, 10011, "Unknown Role")
    return json_response(role)


async def _role_body(request: web.Request) -> _RoleBody:
    """A role's body; 50035 for a name over 100 characters, permissions not a number or
    a color that is no RGB value (0 to 0xFFFFFF, the spec's bounds)."""
    body, _ = await read_body(request, _RoleBody)
    errors = length_errors(body, {"name": (0, 100), "unicode_emoji": (0, 100)})
    errors.update(permissions_error("permissions", body.permissions))
    colors = body.colors
    for path, value in (("color", body.color),
                        ("colors.primary_color", colors and colors.primary_color),
                        ("colors.secondary_color", colors and colors.secondary_color),
                        ("colors.tertiary_color", colors and colors.tertiary_color)):
        bad = out_of_range(value, 0, 0xFFFFFF)
        if bad is not None:
            errors[path] = bad
    if errors:
        raise form_error(errors)
    return body


async def create_role(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/roles."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    body = await _role_body(request)
    fields = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not None}
    # Left out, a new role's permissions are @everyone's (Discord's documented default).
    fields.setdefault("permissions", int(sb.state.roles[gid][gid].permissions))
    role = sb.state.create_role(gid, **fields)
    record(request, gid, Action.ROLE_CREATE, role.id, changes(None, role, _ROLE_KEYS))
    return json_response(role)


async def modify_role(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    role_id = snowflake(request, "role_id")
    above(request, gid, role_id=role_id)
    body = await _role_body(request)
    fields = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not None}
    old = sb.state.roles[gid].get(role_id)
    role = sb.state.update_role(gid, role_id, **fields)
    found = changes(old, role, _ROLE_KEYS)
    if found:
        record(request, gid, Action.ROLE_UPDATE, role.id, found)
    return json_response(role)


async def move_roles(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/roles: new positions; answers every role."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    body, _ = await read_body(request, list[_RolePosition])
    state = sb.state
    me = state.bot_user.id
    owner = me == int(state.guild(gid).owner_id)
    top = state.top_role_position(gid, me)
    moves: dict[int, int] = {}
    for k, entry in enumerate(body):
        if entry.id is None or entry.position is None:
            continue
        if not str(entry.id).isdigit():
            raise form_error({f"{k}.id": ("NUMBER_TYPE_COERCE",
                                          f'Value "{entry.id}" is not snowflake.')})
        role_id = int(entry.id)
        moves[role_id] = entry.position
        current = state.roles[gid].get(role_id)
        if current is not None and current.position == entry.position:
            continue  # left where it is (discord.py's Role.move sends every role)
        above(request, gid, role_id=role_id)
        if not owner and entry.position >= top:  # nor may it rise to the bot's own
            raise APIError(403, 50013, "Missing Permissions")
    return json_response(state.move_roles(gid, moves))


async def delete_role(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/roles/{role_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_ROLES)
    role_id = snowflake(request, "role_id")
    above(request, gid, role_id=role_id)
    old = sb.state.roles[gid].get(role_id)
    sb.state.delete_role(gid, role_id)
    record(request, gid, Action.ROLE_DELETE, role_id, changes(old, None, _ROLE_KEYS))
    return empty_response()


_ROLE_KEYS = ("name", "permissions", "color", "hoist", "mentionable", "unicode_emoji")
_G = "/guilds/{guild_id}"

ROUTES = [
    ("GET", _G + "/roles", list_roles),
    ("POST", _G + "/roles", create_role),
    ("PATCH", _G + "/roles", move_roles),
    ("GET", _G + "/roles/{role_id}", get_role),
    ("PATCH", _G + "/roles/{role_id}", modify_role),
    ("DELETE", _G + "/roles/{role_id}", delete_role),
]
