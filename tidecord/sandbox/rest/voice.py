"""Voice states: GET and PATCH /guilds/{guild_id}/voice-states/@me and /{user_id};
the voice regions (GET /voice/regions, /guilds/{guild_id}/regions); a voice channel's
status (PUT /channels/{channel_id}/voice-status).

Reading someone's voice state takes leave to connect to the channel they are in.
Changing one is for stage channels only (being suppressed, asking to speak), with
Discord's caveats: the user must already be in that stage, and lifting someone's
suppression takes Mute Members.
"""

from __future__ import annotations

from typing import Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType

from ..state.voice import STAGE
from . import audit
from .context import read_body, request_guild, sandbox_of, snowflake
from .errors import APIError, empty_response, form_error, json_response, too_long

__all__ = ["ROUTES"]

CONNECT: Final[int] = Permissions.connect | Permissions.view_channel
MUTE_MEMBERS: Final[int] = Permissions.mute_members
REQUEST_TO_SPEAK: Final[int] = Permissions.request_to_speak
SET_STATUS: Final[int] = Permissions.set_voice_channel_status | Permissions.view_channel
MANAGE_CHANNELS: Final[int] = Permissions.manage_channels
VOICE: Final = 2
MOST_STATUS: Final = 500


class _StatusBody(msgspec.Struct, kw_only=True):
    status: str | None = None


class _VoiceStateBody(msgspec.Struct, kw_only=True):
    channel_id: Snowflake | UnsetType = UNSET
    suppress: bool | UnsetType = UNSET
    request_to_speak_timestamp: str | UnsetType | None = UNSET


def _user_of(request: web.Request) -> int:
    state = sandbox_of(request).state
    if request.match_info["user_id"] == "@me":
        return int(state.bot_user.id)
    return int(snowflake(request, "user_id"))


async def get_voice_state(request: web.Request) -> web.Response:
    """GET .../voice-states/@me and .../voice-states/{user_id}: 10065 when not connected."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    uid = _user_of(request)
    voice = state.voice_state(gid, uid)
    if voice is None:
        raise APIError(404, 10065, "Unknown Voice State")
    if voice.channel_id is not None and not state.can(voice.channel_id, state.bot_user.id,
                                                      CONNECT):
        raise APIError(403, 50013, "Missing Permissions")
    return json_response(msgspec.structs.replace(voice, guild_id=Snowflake(gid)))


async def modify_voice_state(request: web.Request) -> web.Response:
    """PATCH .../voice-states/@me and .../voice-states/{user_id} (stage channels only)."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    uid = _user_of(request)
    me = uid == state.bot_user.id
    body, _ = await read_body(request, _VoiceStateBody)
    voice = state.voice_state(gid, uid)
    if voice is None or voice.channel_id is None:
        raise APIError(400, 40032, "Target user is not connected to voice.")
    where = voice.channel_id if body.channel_id is UNSET else int(body.channel_id)
    channel = state.channels.get(where)
    if channel is None or state.guild_id_of(channel) != gid:
        raise APIError(404, 10003, "Unknown Channel")
    if channel.type != STAGE:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    if where != voice.channel_id:
        raise APIError(400, 40032, "Target user is not connected to voice.")
    perms = state.permissions(where, state.bot_user.id)
    changes: dict[str, object] = {}
    if body.suppress is not UNSET:
        # Anyone may step down; lifting a suppression (or touching someone else's)
        # takes Mute Members.
        if (not me or not body.suppress) and not perms & MUTE_MEMBERS:
            raise APIError(403, 50013, "Missing Permissions")
        changes["suppress"] = body.suppress
        if body.suppress:
            changes["request_to_speak_timestamp"] = None
        elif not me and not state.user(uid).bot:
            changes["request_to_speak_timestamp"] = state.now_iso()
    if me and body.request_to_speak_timestamp is not UNSET:
        if body.request_to_speak_timestamp is not None and not perms & REQUEST_TO_SPEAK:
            raise APIError(403, 50013, "Missing Permissions")
        changes["request_to_speak_timestamp"] = body.request_to_speak_timestamp
    if changes:
        state.set_voice(gid, uid, where, **changes)
    return empty_response()


async def set_voice_status(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/voice-status: a voice channel's status (up to 500
    characters; ``null`` or empty clears it). Takes Set Voice Channel Status, and Manage
    Channels too unless the bot is in the channel; 204, VOICE_CHANNEL_STATUS_UPDATE to
    the guild and an audit log entry (192 set, 193 cleared), as hikari reads them."""
    state = sandbox_of(request).state
    channel = state.channels.get(int(snowflake(request, "channel_id")))
    gid = None if channel is None else state.guild_id_of(channel)
    if channel is None or gid is None or not state.can(channel.id, state.bot_user.id,
                                                       Permissions.view_channel):
        raise APIError(404, 10003, "Unknown Channel")
    if channel.type != VOICE:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    body, _ = await read_body(request, _StatusBody)
    if body.status is not None and len(body.status) > MOST_STATUS:
        raise form_error({"status": too_long(MOST_STATUS)})
    me = state.bot_user.id
    voice = state.voice_state(gid, me)
    need = SET_STATUS if voice is not None and voice.channel_id == channel.id \
        else SET_STATUS | MANAGE_CHANNELS
    if not state.can(channel.id, me, need):
        raise APIError(403, 50013, "Missing Permissions")
    status = body.status or None
    options: dict[str, object] = {"channel_id": channel.id}
    if status is not None:
        options["status"] = status
    audit.record(request, gid, audit.Action.VOICE_CHANNEL_STATUS_DELETE if status is None
                 else audit.Action.VOICE_CHANNEL_STATUS_CREATE, channel.id, options=options)
    state.emit("VOICE_CHANNEL_STATUS_UPDATE",
               {"id": str(channel.id), "guild_id": str(gid), "status": status}, guild_id=gid)
    return empty_response()


# The regions a voice channel's ``rtc_region`` may name; one is nearest.
REGIONS: Final = [
    {"id": region, "name": name, "custom": False, "deprecated": False,
     "optimal": region == "us-east"}
    for region, name in (("brazil", "Brazil"), ("hongkong", "Hong Kong"), ("india", "India"),
                         ("japan", "Japan"), ("rotterdam", "Rotterdam"),
                         ("singapore", "Singapore"), ("southafrica", "South Africa"),
                         ("sydney", "Sydney"), ("us-central", "US Central"),
                         ("us-east", "US East"), ("us-south", "US South"),
                         ("us-west", "US West"))]


async def voice_regions(request: web.Request) -> web.Response:
    """GET /voice/regions, and GET /guilds/{guild_id}/regions (the same, for a guild
    the bot is in)."""
    if "guild_id" in request.match_info:
        request_guild(request)
    return json_response(REGIONS)


_V = "/guilds/{guild_id}/voice-states/{user_id}"

ROUTES = [
    ("GET", _V, get_voice_state),
    ("PATCH", _V, modify_voice_state),
    ("GET", "/voice/regions", voice_regions),
    ("GET", "/guilds/{guild_id}/regions", voice_regions),
    ("PUT", "/channels/{channel_id}/voice-status", set_voice_status),
]
