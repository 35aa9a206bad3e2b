"""POST /channels/{channel_id}/send-soundboard-sound: the bot plays a soundboard sound
in the voice channel it is connected to; 204, and VOICE_CHANNEL_EFFECT_SEND. Discord's
rules are in ``sandbox/voice_effects.py``, shared with people playing sounds."""

from __future__ import annotations

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Snowflake, UnsetType

from ..voice_effects import effect_channel, play_sound
from .context import read_body, sandbox_of, snowflake
from .errors import REQUIRED, empty_response, form_error

__all__ = ["ROUTES"]


class _SendSound(msgspec.Struct, kw_only=True):
    sound_id: Snowflake | UnsetType = UNSET
    source_guild_id: Snowflake | UnsetType | None = UNSET


async def send_soundboard_sound(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/send-soundboard-sound: ``sound_id``, and
    ``source_guild_id`` for another guild's sound; 204."""
    state = sandbox_of(request).state
    me = state.bot_user.id
    channel, _ = effect_channel(state, snowflake(request, "channel_id"), me)
    body, _ = await read_body(request, _SendSound)
    if isinstance(body.sound_id, UnsetType):
        raise form_error({"sound_id": REQUIRED})
    source = body.source_guild_id
    play_sound(state, channel.id, me, body.sound_id,
               None if isinstance(source, UnsetType) or source is None else int(source))
    return empty_response()


ROUTES = [
    ("POST", "/channels/{channel_id}/send-soundboard-sound", send_soundboard_sound),
]
