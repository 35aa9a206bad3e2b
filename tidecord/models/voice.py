"""Who is in which voice channel: the voice state, as Discord sends it and bots read it.

The client keeps one per member connected to voice (GUILD_CREATE's ``voice_states``
and VOICE_STATE_UPDATE, with the voice states intent); ``member.voice`` and a voice
channel's ``members`` read them. The sandbox keeps the same objects for its people.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .base import UNSET, Model, Snowflake, UnsetType
from .member import Member

__all__ = ["GuildVoice", "VoiceState"]


class VoiceState(Model, kw_only=True):
    """A user's connection to voice in a guild: the channel, and who muted whom.

    ``mute`` and ``deaf`` are the server's (a moderator's); ``self_mute`` and
    ``self_deaf`` the person's own. ``suppress`` is a stage audience member's lack of
    leave to speak.
    """

    user_id: Snowflake
    # None: the user left voice (VOICE_STATE_UPDATE of a disconnect).
    channel_id: Snowflake | None = None
    # Absent in GUILD_CREATE's list, whose guild is the one around it; null (or absent)
    # in a call's state, which belongs to no guild.
    guild_id: Snowflake | UnsetType | None = UNSET
    member: Member | UnsetType = UNSET
    session_id: str | None = None
    deaf: bool = False
    mute: bool = False
    self_deaf: bool = False
    self_mute: bool = False
    # Optional in the payload, and sent as null by some clients.
    self_stream: bool | None = False
    self_video: bool = False
    suppress: bool = False
    request_to_speak_timestamp: str | None = None
    _state: Any = UNSET

    @property
    def channel(self) -> Any:
        """The voice or stage channel the user is in (``None`` once they left, or when
        the channel is not cached)."""
        if self.channel_id is None or self._state is UNSET:
            return None
        return self._state.cache.channels.get(self.channel_id)

    @property
    def afk(self) -> bool:
        """Whether the user is in the guild's AFK channel.

        discord.py 2.7.1 fills its ``afk`` from ``suppress`` instead; this is what its
        documentation says the attribute means.
        """
        if self.channel_id is None or self._state is UNSET or not self.guild_id:
            return False
        guild = self._state.cache.guilds.get(self.guild_id)
        return guild is not None and guild.afk_channel_id == self.channel_id

    @property
    def requested_to_speak_at(self) -> datetime.datetime | None:
        """When the user asked to speak on a stage, if they are waiting to."""
        stamp = self.request_to_speak_timestamp
        return datetime.datetime.fromisoformat(stamp) if stamp else None

    def __repr__(self) -> str:
        return (f"<VoiceState self_mute={self.self_mute!r} self_deaf={self.self_deaf!r} "
                f"self_stream={bool(self.self_stream)!r} suppress={self.suppress!r} "
                f"requested_to_speak_at={self.requested_to_speak_at!r} "
                f"channel={self.channel!r}>")


class GuildVoice:
    """discord.py's ``Guild.change_voice_state`` (mixed into :class:`~tidecord.Guild`):
    the bot's own voice connection, over the gateway (op 4)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def change_voice_state(self, *, channel: Any, self_mute: bool = False,
                                 self_deaf: bool = False) -> None:
        """Connect the bot to ``channel`` (a voice or stage channel of this guild), move
        it there, or with ``None`` disconnect it; Discord answers with the bot's
        VOICE_STATE_UPDATE. No audio flows: that takes a voice connection.

        >>> # await guild.change_voice_state(channel=lounge, self_deaf=True)
        """
        shard = self._state.shard_for(self.id)
        await shard.send(4, {"guild_id": str(self.id),
                             "channel_id": None if channel is None else str(channel.id),
                             "self_mute": self_mute, "self_deaf": self_deaf})
