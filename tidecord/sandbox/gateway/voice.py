"""Op 4 (Voice State Update): the bot connects to a voice or stage channel, moves, mutes
or deafens itself, or leaves (``channel_id`` null), as ``guild.change_voice_state`` and
a voice client's connect ask.

Its voice state changes as a person's does (VOICE_STATE_UPDATE to whoever has the voice
states intent) and the asking session alone gets VOICE_SERVER_UPDATE. There is no voice
server here, so its ``endpoint`` is null, which Discord's docs say means the server
went away: a voice client waits for another, and plays nothing. As on Discord, a
request the bot may not carry out (a guild of another shard, a channel it may not
connect to, or one that is full) is ignored without an answer.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import msgspec

from tidecord.models import Permissions, Snowflake, encode

from ..state.voice import VOICE_KINDS

if TYPE_CHECKING:
    from ..state import State
    from .session import Session

__all__ = ["UpdateVoiceState", "voice_update"]

_CONNECT = int(Permissions.view_channel | Permissions.connect)


class UpdateVoiceState(msgspec.Struct, kw_only=True):
    """Op 4's ``d``."""

    guild_id: Snowflake
    channel_id: Snowflake | None = None
    self_mute: bool = False
    self_deaf: bool = False


def voice_update(state: State, session: Session, request: UpdateVoiceState) -> bytes | None:
    """Carry out ``request`` for the bot; the encoded VOICE_SERVER_UPDATE ``d`` for the
    session when the bot connected or moved, else None."""
    gid, me = int(request.guild_id), int(state.bot_user.id)
    if gid not in state.guilds or gid in state.outside_guilds or not session.on_shard(gid):
        return None
    if request.channel_id is None:
        state.set_voice(gid, me, None)
        return None
    room = state.channels.get(int(request.channel_id))
    if room is None or state.guild_id_of(room) != gid or room.type not in VOICE_KINDS \
            or not state.can(room.id, me, _CONNECT):
        return None
    current = state.voice_state(gid, me)
    moving = current is None or current.channel_id != room.id
    inside = sum(v.channel_id == room.id for v in state.guild_voice_states(gid))
    if moving and room.user_limit and inside >= room.user_limit \
            and not state.can(room.id, me, int(Permissions.move_members)):
        return None
    state.set_voice(gid, me, room.id, self_mute=request.self_mute,
                    self_deaf=request.self_deaf)
    if not moving:
        return None
    return encode({"token": secrets.token_hex(8), "guild_id": str(gid), "endpoint": None})
