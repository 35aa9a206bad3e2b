"""Guilds: get, channels (list, create, move) and active threads; the guild's roles
are served by ``roles.py``, its members and bans by ``members.py``."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType

from ..state.obfuscation import views
from . import audit
from .audit import Action, changes, record
from .channels import CHANNEL_AUDIT_KEYS, ChannelBody, asked_bits, check_kind
from .context import query_bool, read_body, request_guild, sandbox_of
from .errors import REQUIRED, APIError, empty_response, form_error, json_response
from .forums import new_forum_fields
from .guild_settings import rest_guild

__all__ = ["ROUTES"]

MANAGE_CHANNELS: Final[int] = Permissions.manage_channels


async def get_guild(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    data = rest_guild(request, gid)
    if query_bool(request, "with_counts"):
        data["approximate_member_count"] = len(sb.state.members[gid])
        data["approximate_presence_count"] = len(sb.state.guild_presences(gid))
    return json_response(data)


async def guild_channels(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/channels: those the bot may view (channel obfuscation)."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    bot = sb.state.bot_user.id
    return json_response([c for c in sb.state.guild_channels[gid].values()
                          if views(sb.state, c, bot)])


async def create_channel(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/channels."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_CHANNELS)
    body, _ = await read_body(request, ChannelBody)
    if body.name is None:
        raise form_error({"name": REQUIRED})
    fields = body.changes(sb.state.roles[gid])
    name = fields.pop("name")
    fields.pop("position", None)
    kind = body.type or 0
    check_kind(kind)
    body.check_limits(kind)
    fields = {**new_forum_fields(kind), **fields,
              **body.forum_changes(kind, None, sb.state.new_id), **body.voice_changes(kind)}
    _may_grant(sb, gid, fields.get("parent_id"), fields.get("permission_overwrites") or [])
    channel = sb.state.create_channel(gid, name, type=kind, **fields)
    record(request, gid, Action.CHANNEL_CREATE, channel.id,
           changes(None, channel, CHANNEL_AUDIT_KEYS))
    return json_response(channel, status=201)


def _may_grant(sb: Any, gid: int, parent_id: Any, overwrites: list[Any]) -> None:
    """A new channel's overwrites may allow or deny only what the bot may do itself, in
    the guild or in the category the channel goes in, and Manage Permissions
    (MANAGE_ROLES) not at all unless the bot is an administrator: 50013 otherwise
    (Discord's rule since January 2021, against giving away more than one holds)."""
    bot = sb.state.bot_user.id
    held = sb.state.permissions_in_guild(gid, bot)
    parent = sb.state.channels.get(int(parent_id)) if str(parent_id).isdigit() else None
    if parent is not None and sb.state.guild_id_of(parent) == gid:
        # (A parent that is no category of the guild is refused later, as Discord does.)
        held |= sb.state.permissions(parent.id, bot)
    if held & Permissions.administrator:
        return
    asked = asked_bits(overwrites)
    if asked & ~held or asked & Permissions.manage_roles:
        raise APIError(403, 50013, "Missing Permissions")


class _ChannelPosition(msgspec.Struct, kw_only=True):
    # Discord takes a snowflake as a string or a number.
    id: str | int
    position: int | None = None
    lock_permissions: bool | None = None
    parent_id: str | int | UnsetType | None = UNSET


async def move_channels(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/channels: new positions (and categories) for channels;
    CHANNEL_UPDATE for each that changed."""
    sb = sandbox_of(request)
    state = sb.state
    gid = request_guild(request, MANAGE_CHANNELS)
    body, _ = await read_body(request, list[_ChannelPosition])
    planned: list[tuple[int, dict[str, Any]]] = []
    for k, entry in enumerate(body):
        if not str(entry.id).isdigit():
            raise form_error({f"{k}.id": ("NUMBER_TYPE_COERCE",
                                          f'Value "{entry.id}" is not snowflake.')})
        channel = state.guild_channels[gid].get(int(entry.id))
        if channel is None:
            raise APIError(404, 10003, "Unknown Channel")
        changes: dict[str, Any] = {}
        if entry.position is not None and entry.position != channel.position:
            changes["position"] = entry.position
        if entry.parent_id is not UNSET:
            parent = None if entry.parent_id is None else int(entry.parent_id)
            if parent is not None:
                found = state.guild_channels[gid].get(parent)
                if found is None or found.type != 4 or channel.type == 4:
                    raise form_error({f"{k}.parent_id": (
                        "CHANNEL_PARENT_INVALID", "Invalid parent channel")})  # a guess
            if parent != channel.parent_id:
                changes["parent_id"] = None if parent is None else Snowflake(parent)
            if entry.lock_permissions and parent is not None:
                changes["permission_overwrites"] = list(
                    state.guild_channels[gid][parent].permission_overwrites or [])
        if changes:
            planned.append((channel.id, changes))
    for channel_id, changes in planned:  # all checked first: nothing half done
        old = state.channels[channel_id]
        new = state.update_channel(channel_id, **changes)
        record(request, gid, Action.CHANNEL_UPDATE, channel_id,
               audit.changes(old, new, CHANNEL_AUDIT_KEYS))
    return empty_response()


async def active_threads(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/threads/active: those the bot may see (the threads topic:
    "that the current user can access"), with its thread member in each it is in."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    bot = sb.state.bot_user.id
    threads = [t for t in sb.state.threads[gid].values()
               if not t.archived and sb.state.sees(t.id, bot)]
    members = [m for t in threads for m in sb.state.thread_member_list(t.id) if m.id == bot]
    return json_response({"threads": threads, "members": members, "has_more": False})


_G = "/guilds/{guild_id}"

ROUTES = [
    ("GET", _G, get_guild),
    ("GET", _G + "/channels", guild_channels),
    ("POST", _G + "/channels", create_channel),
    ("PATCH", _G + "/channels", move_channels),
    ("GET", _G + "/threads/active", active_threads),
    *audit.ROUTES,
]
