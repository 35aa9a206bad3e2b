"""A guild's widget: its settings (read and changed with Manage Server) and the public
``widget.json`` anyone may read while the widget is on."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType
from tidecord.models.channel import CHANNEL_OVERWRITES
from tidecord.models.permissions import base_permissions, channel_permissions

from .audit import Action, record
from .context import read_body, request_guild, sandbox_of
from .errors import APIError, form_error, json_response

__all__ = ["ROUTES", "widget_settings"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
#: What @everyone must hold in a voice channel for the widget to show it.
_SHOWN: Final[int] = Permissions.view_channel | Permissions.connect
#: People the widget lists at most (Discord caps the list; the count is not capped).
MAX_MEMBERS: Final = 100
_VOICE: Final = (2, 13)


class _WidgetBody(msgspec.Struct, kw_only=True):
    enabled: bool | UnsetType | None = UNSET
    channel_id: Snowflake | UnsetType | None = UNSET


def widget_settings(request: web.Request, gid: int) -> dict[str, Any]:
    """The settings as Discord answers them: ``{enabled, channel_id}``."""
    guild = sandbox_of(request).state.guild(gid)
    cid = guild.widget_channel_id
    return {"enabled": guild.widget_enabled is True,
            "channel_id": str(cid) if isinstance(cid, int) else None}


async def get_settings(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/widget (Manage Server)."""
    gid = request_guild(request, MANAGE_GUILD)
    return json_response(widget_settings(request, gid))


async def modify_settings(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/widget (Manage Server): GUILD_UPDATE, an audit entry."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _WidgetBody)
    changes: dict[str, Any] = {}
    if body.enabled is not UNSET and body.enabled is not None:
        changes["widget_enabled"] = body.enabled
    if body.channel_id is not UNSET:
        if body.channel_id is not None and int(body.channel_id) not in state.guild_channels[gid]:
            raise form_error({"channel_id": ("CHANNEL_INVALID", "Invalid channel")})  # unverified
        changes["widget_channel_id"] = body.channel_id
    old = widget_settings(request, gid)
    if changes:
        state.update_guild(gid, **changes)
    new = widget_settings(request, gid)
    found = [{"key": f"widget_{key}", "old_value": old[key], "new_value": new[key]}
             for key in ("enabled", "channel_id") if old[key] != new[key]]
    if found:
        record(request, gid, Action.GUILD_UPDATE, gid, found)
    return json_response(new)


def _shown_channels(request: web.Request, gid: int) -> list[dict[str, Any]]:
    """The voice channels anyone may see and join, by position."""
    state = sandbox_of(request).state
    guild = state.guild(gid)
    everyone = base_permissions(guild_id=gid, owner_id=int(guild.owner_id), user_id=0,
                                member_roles=(), roles=state.roles[gid])
    shown = []
    for channel in state.guild_channels[gid].values():
        if channel.type not in _VOICE:
            continue
        overwrites = CHANNEL_OVERWRITES.__get__(channel)
        perms = channel_permissions(everyone, guild_id=gid, user_id=0, member_roles=(),
                                    overwrites=overwrites if isinstance(overwrites, list) else [])
        if perms & _SHOWN == _SHOWN:
            shown.append(channel)
    shown.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
    return [{"id": str(c.id), "name": c.name, "position": c.position} for c in shown]


def _shown_members(request: web.Request, gid: int,
                   channel_ids: set[str]) -> list[dict[str, Any]]:
    """Who is online, hidden behind ids that count up from 0, as Discord hides them;
    those in a channel the widget shows carry their voice state."""
    state = sandbox_of(request).state
    online = sorted(state.guild_presences(gid), key=lambda p: (
        state.user(int(p.user["id"])).username.lower(), int(p.user["id"])))
    members = []
    for n, presence in enumerate(online[:MAX_MEMBERS]):
        uid = int(presence.user["id"])
        member: dict[str, Any] = {
            "id": str(n), "username": state.user(uid).username, "discriminator": "0000",
            "avatar": None, "status": presence.status,
            "avatar_url": f"https://cdn.discordapp.com/widget-avatars/{n}/sandbox"}
        voice = state.voice_states.get(gid, {}).get(uid)
        if voice is not None and str(voice.channel_id) in channel_ids:
            member.update(channel_id=str(voice.channel_id), deaf=voice.deaf, mute=voice.mute,
                          self_deaf=voice.self_deaf, self_mute=voice.self_mute,
                          suppress=voice.suppress)
        members.append(member)
    return members


async def get_widget(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/widget.json: anyone may read it while the widget is on."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    guild = state.guild(gid)
    if guild.widget_enabled is not True:
        raise APIError(403, 50004, "Widget Disabled")
    invite = None
    cid = guild.widget_channel_id
    if isinstance(cid, int) and int(cid) in state.guild_channels[gid]:
        # Discord keeps one lasting invite to the widget channel; the sandbox makes it
        # in the bot's name (the widget has no user of its own) and reuses it.
        made = state.create_invite(int(cid), int(state.bot_user.id), max_age=0, unique=False)
        invite = f"https://discord.com/invite/{made.code}"
    channels = _shown_channels(request, gid)
    members = _shown_members(request, gid, {c["id"] for c in channels})
    return json_response({
        "id": str(gid), "name": guild.name, "instant_invite": invite, "channels": channels,
        "members": members, "presence_count": len(state.guild_presences(gid))})


ROUTES = [
    ("GET", "/guilds/{guild_id}/widget", get_settings),
    ("PATCH", "/guilds/{guild_id}/widget", modify_settings),
    ("GET", "/guilds/{guild_id}/widget.json", get_widget),
]
