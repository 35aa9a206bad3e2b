"""Voice channel effects: POST /channels/{channel_id}/send-soundboard-sound, a bot playing
a soundboard sound in the voice channel it is connected to.

Discord's rules (developers/resources/soundboard.mdx): Speak and Use Soundboard in the
channel, Use External Sounds too for a sound of another guild (named by
``source_guild_id``); and the bot connected to that channel with a voice state that is
not deafened (by itself or the server), server-muted or suppressed. The two voice
refusals are 403 50168 and 50167, worded as Discord answers them (codes from
discord-api-docs issue 7891 and pull request 8242). The answer is 204; everyone
connected to the channel (the bot among them) gets VOICE_CHANNEL_EFFECT_SEND, with the
voice states intent.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType

from ..dispatch import Intent
from ..state.soundboard import DEFAULT_SOUNDS
from ..state.voice import VOICE_KINDS
from .context import read_body, sandbox_of, snowflake
from .errors import REQUIRED, APIError, empty_response, form_error

__all__ = ["ROUTES"]

PLAY: Final[int] = Permissions.speak | Permissions.use_soundboard
EXTERNAL: Final[int] = Permissions.use_external_sounds
_DEFAULTS: Final = {int(sound.id): sound for sound in DEFAULT_SOUNDS}


class _SendSound(msgspec.Struct, kw_only=True):
    sound_id: Snowflake | UnsetType = UNSET
    source_guild_id: Snowflake | UnsetType | None = UNSET


def _forbidden(code: int, message: str) -> APIError:
    return APIError(403, code, message)


def _sound(request: web.Request, gid: int, body: _SendSound) -> tuple[Any, bool]:
    """The sound to play and whether it is another guild's: a default sound by its
    id, else one of the source guild's (the channel's own when none is named)."""
    state = sandbox_of(request).state
    sid = int(body.sound_id)  # type: ignore[arg-type]
    source = body.source_guild_id
    if sid in _DEFAULTS and source in (UNSET, None):
        return _DEFAULTS[sid], False
    source_id = gid if source in (UNSET, None) else int(source)
    if source_id != gid and source_id in state.outside_guilds:
        raise APIError(404, 10097, "Unknown Sound")
    return state.soundboard_sound(source_id, sid), source_id != gid


def _effect(sound: Any, channel_id: int, gid: int, uid: int) -> dict[str, Any]:
    """The VOICE_CHANNEL_EFFECT_SEND of a sound: its id, volume and emoji."""
    emoji = None
    if sound.emoji_id is not None or sound.emoji_name is not None:
        emoji = {"id": None if sound.emoji_id is None else str(sound.emoji_id),
                 "name": sound.emoji_name}
    return {"channel_id": str(channel_id), "guild_id": str(gid), "user_id": str(uid),
            "sound_id": str(sound.id), "sound_volume": sound.volume, "emoji": emoji}


async def send_soundboard_sound(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/send-soundboard-sound: ``sound_id``, and
    ``source_guild_id`` for another guild's sound; 204."""
    state = sandbox_of(request).state
    me = state.bot_user.id
    channel = state.channels.get(int(snowflake(request, "channel_id")))
    gid = None if channel is None else state.guild_id_of(channel)
    if channel is None or gid is None or not state.can(channel.id, me,
                                                       Permissions.view_channel):
        raise APIError(404, 10003, "Unknown Channel")
    body, _ = await read_body(request, _SendSound)
    if body.sound_id is UNSET:
        raise form_error({"sound_id": REQUIRED})
    if not state.can(channel.id, me, PLAY):
        raise _forbidden(50013, "Missing Permissions")
    sound, external = _sound(request, gid, body)
    if external and not state.can(channel.id, me, EXTERNAL):
        raise _forbidden(50013, "Missing Permissions")
    voice = state.voice_state(gid, me)
    if channel.type not in VOICE_KINDS or voice is None or voice.channel_id != channel.id:
        raise _forbidden(50168, "User must be in voice channel to send voice channel effect")
    if voice.deaf or voice.self_deaf or voice.mute or voice.suppress:
        raise _forbidden(50167, "Cannot send voice effect when user is server muted, "
                                "deafened, or suppressed")
    state.emit("VOICE_CHANNEL_EFFECT_SEND", _effect(sound, channel.id, gid, me),
               guild_id=gid, intent=Intent.GUILD_VOICE_STATES, bot_sees=True)
    return empty_response()


ROUTES = [
    ("POST", "/channels/{channel_id}/send-soundboard-sound", send_soundboard_sound),
]
