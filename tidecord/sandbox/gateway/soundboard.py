"""Op 31 (Request Soundboard Sounds): one SOUNDBOARD_SOUNDS dispatch per asked guild
the session hears, with the guild's sounds (discord.py 2.7.1 never asks; GUILD_CREATE
carries them too)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from tidecord.models import UNSET, Snowflake, encode

if TYPE_CHECKING:
    from ..state import State
    from .session import Session

__all__ = ["RequestSoundboardSounds", "soundboard_replies"]


class RequestSoundboardSounds(msgspec.Struct, kw_only=True):
    """Op 31's ``d``."""

    guild_ids: list[Snowflake]


def soundboard_replies(state: State, session: Session,
                       request: RequestSoundboardSounds) -> Iterator[bytes]:
    """The encoded ``d`` of each SOUNDBOARD_SOUNDS answering ``request`` (guilds the bot
    is not in, or another shard hears, get none)."""
    for gid in dict.fromkeys(int(g) for g in request.guild_ids):
        if gid in state.guilds and session.on_shard(gid):
            # Without their makers, as GUILD_CREATE lists them.
            sounds = [msgspec.structs.replace(s, user_data=UNSET)
                      for s in state.soundboard_sounds(gid)]
            yield encode({"soundboard_sounds": sounds, "guild_id": str(gid)})
