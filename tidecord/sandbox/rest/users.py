"""Users, the bot's own account, DM channels, and the gateway URLs."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import UNSET, GatewayBot, GatewayInfo, SessionStartLimit, Snowflake, UnsetType

from .context import query_bool, query_id, query_limit, read_body, sandbox_of, snowflake
from .errors import bad_length, empty_response, form_error, json_response

__all__ = ["ROUTES"]


class _ModifyMe(msgspec.Struct, kw_only=True):
    username: str | None = None
    avatar: str | UnsetType | None = UNSET  # a data URI; None removes it
    banner: str | UnsetType | None = UNSET


class _CreateDM(msgspec.Struct, kw_only=True):
    recipient_id: Snowflake


async def get_me(request: web.Request) -> web.Response:
    """GET /users/@me."""
    return json_response(sandbox_of(request).state.me())


async def modify_me(request: web.Request) -> web.Response:
    """PATCH /users/@me."""
    sb = sandbox_of(request)
    body, _ = await read_body(request, _ModifyMe)
    user = sb.state.bot_user
    if body.username is not None:
        if not 2 <= len(body.username) <= 32:
            raise form_error({"username": bad_length(2, 32)})
        user = msgspec.structs.replace(user, username=body.username)
    images: dict[str, str | None] = {}
    for field in ("avatar", "banner"):
        data = getattr(body, field)
        if data is not UNSET:
            key = None if data is None else sb.images.hash(data)
            if data is not None and key is None:
                raise form_error({field: ("IMAGE_INVALID", "Invalid image data")})
            images[f"{field}_hash"] = key
    if images:
        user = msgspec.structs.replace(user, **images)
    if user is not sb.state.bot_user:
        sb.state.rename_bot(user)
        sb.state.emit("USER_UPDATE", sb.state.me())  # to each of the bot's sessions
    return json_response(sb.state.me())


async def get_user(request: web.Request) -> web.Response:
    """GET /users/{user_id}."""
    return json_response(sandbox_of(request).state.user(snowflake(request, "user_id")))


async def create_dm(request: web.Request) -> web.Response:
    """POST /users/@me/channels."""
    sb = sandbox_of(request)
    body, _ = await read_body(request, _CreateDM)
    return json_response(sb.state.dm_channel(body.recipient_id))


async def my_guilds(request: web.Request) -> web.Response:
    """GET /users/@me/guilds: the bot's guilds by id, paged by ``before`` / ``after``
    (``limit`` 1 to 200), with approximate counts when ``with_counts`` is true."""
    state = sandbox_of(request).state
    limit = query_limit(request, 200, 200)
    before, after = query_id(request, "before"), query_id(request, "after")
    counts = query_bool(request, "with_counts")
    ids = sorted(set(state.guilds) - state.outside_guilds)
    if before is not None:
        ids = [g for g in ids if g < before][-limit:]
    else:
        ids = [g for g in ids if after is None or g > after][:limit]
    out: list[dict[str, Any]] = []
    for gid in ids:
        guild = state.guilds[gid]
        perms = state.permissions_in_guild(guild.id, state.bot_user.id)
        entry = {"id": guild.id, "name": guild.name, "icon": guild.icon_hash,
                 "owner": guild.owner_id == state.bot_user.id, "permissions": str(perms),
                 "features": guild.features, "banner": guild.banner_hash}
        if counts:
            entry["approximate_member_count"] = len(state.members[gid])
            entry["approximate_presence_count"] = len(state.guild_presences(gid))
        out.append(entry)
    return json_response(out)


async def leave_guild(request: web.Request) -> web.Response:
    """DELETE /users/@me/guilds/{guild_id}."""
    state = sandbox_of(request).state
    state.leave_guild(snowflake(request, "guild_id"))
    return empty_response()


async def get_gateway(request: web.Request) -> web.Response:
    """GET /gateway."""
    return json_response(GatewayInfo(url=sandbox_of(request).gateway_url))


async def get_gateway_bot(request: web.Request) -> web.Response:
    """GET /gateway/bot."""
    sb = sandbox_of(request)
    hub = sb.hub
    starts = hub.starts
    return json_response(GatewayBot(
        url=sb.gateway_url,
        shards=hub.shard_count,
        session_start_limit=SessionStartLimit(
            total=starts.total, remaining=starts.remaining,
            reset_after=int(starts.reset_in * 1000), max_concurrency=hub.max_concurrency,
        ),
    ))


ROUTES = [
    ("GET", "/users/@me", get_me),
    ("PATCH", "/users/@me", modify_me),
    ("GET", "/users/@me/guilds", my_guilds),
    ("DELETE", "/users/@me/guilds/{guild_id}", leave_guild),
    ("POST", "/users/@me/channels", create_dm),
    ("GET", "/users/{user_id}", get_user),
    ("GET", "/gateway", get_gateway),
    ("GET", "/gateway/bot", get_gateway_bot),
]
