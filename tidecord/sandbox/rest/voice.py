"""Voice states: GET and PATCH /guilds/{guild_id}/voice-states/@me and /{user_id};
the voice regions (GET /voice/regions, /guilds/{guild_id}/regions).

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
from .context import read_body, request_guild, sandbox_of, snowflake
from .errors import APIError, empty_response, json_response

__all__ = ["ROUTES"]

CONNECT: Final[int] = Permissions.connect | Permissions.view_channel
MUTE_MEMBERS: Final[int] = Permissions.mute_members
REQUEST_TO_SPEAK: Final[int] = Permissions.request_to_speak


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
]
