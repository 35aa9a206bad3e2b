"""Voice: who is connected to which voice channel, as people join, move and are muted.

There is no audio here. A person's connection is a voice state. Joining, moving,
muting and leaving each send VOICE_STATE_UPDATE (with the voice states intent), and
GUILD_CREATE lists the states of everyone connected.
"""

from __future__ import annotations

import secrets
from typing import Any

import msgspec

from tidecord.models import Snowflake, VoiceState

from .core import StateCore, StateError

__all__ = ["STAGE", "VOICE_KINDS", "VoiceOps"]

#: The channels people connect to: voice (2) and stage (13).
VOICE_KINDS = frozenset({2, 13})
STAGE = 13


class VoiceOps(StateCore):
    """Voice states of a guild's members, and their changes."""

    def voice_state(self, guild_id: int, user_id: int) -> VoiceState | None:
        """The member's voice state while connected, else ``None``."""
        return self.voice_states.get(int(guild_id), {}).get(int(user_id))

    def guild_voice_states(self, guild_id: int) -> list[VoiceState]:
        """Everyone connected in the guild, as GUILD_CREATE lists them (no guild id)."""
        return list(self.voice_states.get(int(guild_id), {}).values())

    def set_voice(self, guild_id: int, user_id: int, channel_id: int | None,
                  **changes: Any) -> VoiceState | None:
        """Connect a member to ``channel_id``, move them there, change their state
        (``self_mute=True``...), or with ``None`` disconnect them: VOICE_STATE_UPDATE.

        A channel that is not voice or stage is refused with 50024. Returns the new
        state (``None`` after a disconnect, or when there was nothing to disconnect).
        """
        gid, uid = int(guild_id), int(user_id)
        member = self.member(gid, uid)
        connected = self.voice_states.setdefault(gid, {})
        old = connected.get(uid)
        if channel_id is None:
            if old is None:
                return None
            del connected[uid]
            gone = msgspec.structs.replace(old, channel_id=None, self_stream=False,
                                           self_video=False, suppress=False,
                                           request_to_speak_timestamp=None)
            self._voice_event(gid, gone)
            return None
        channel = self.channel(channel_id)
        if self.guild_id_of(channel) != gid:
            raise StateError(10003, "Unknown Channel", 404)
        if channel.type not in VOICE_KINDS:
            raise StateError(50024, "Cannot execute action on this channel type")
        fields: dict[str, Any] = {"channel_id": Snowflake(channel.id), **changes}
        if old is None or old.channel_id != channel.id:
            # A stage's audience starts without leave to speak; a voice channel has no audience.
            fields.setdefault("suppress", channel.type == STAGE)
            fields.setdefault("request_to_speak_timestamp", None)
        base = old if old is not None else VoiceState(
            user_id=Snowflake(uid), session_id=secrets.token_hex(16),
            mute=member.mute, deaf=member.deaf)
        state = msgspec.structs.replace(base, **fields)
        connected[uid] = state
        self._voice_event(gid, state)
        return state

    def disconnect_voice_in(self, channel_id: int) -> None:
        """Everyone in a channel that is going away is disconnected first."""
        channel = self.channels.get(int(channel_id))
        gid = None if channel is None else self.guild_id_of(channel)
        if gid is None:
            return
        for uid, state in list(self.voice_states.get(gid, {}).items()):
            if state.channel_id == channel_id:
                self.set_voice(gid, uid, None)

    def _voice_event(self, guild_id: int, state: VoiceState) -> None:
        self.touch_guild(guild_id)  # GUILD_CREATE lists who is connected
        member = self.members[guild_id].get(int(state.user_id))
        event = msgspec.structs.replace(state, guild_id=Snowflake(guild_id))
        if member is not None:
            event = msgspec.structs.replace(event, member=member)
        self.emit("VOICE_STATE_UPDATE", event, guild_id=guild_id)
