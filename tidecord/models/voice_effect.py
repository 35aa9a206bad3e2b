"""Voice channel effects: a soundboard sound or an emoji reaction someone sent in a voice
channel the bot is connected to (VOICE_CHANNEL_EFFECT_SEND, with the voice states
intent), read as discord.py's ``on_voice_channel_effect(effect)``; and
``voice_channel.send_sound(sound)``, the bot playing one itself.

>>> # await voice_channel.send_sound(guild.soundboard_sounds[0])
>>> # async def on_voice_channel_effect(effect): print(effect.user, effect.sound)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from .base import DISCORD_EPOCH_MS, UNSET, Model, OpenEnum, Snowflake, enum_of, snowflake_time
from .emoji import PartialEmoji
from .soundboard import BaseSoundboardSound, SoundboardDefaultSound

__all__ = ["ChannelVoice", "VoiceChannelEffect", "VoiceChannelEffectAnimation",
           "VoiceChannelEffectAnimationType", "VoiceChannelEffectSend",
           "VoiceChannelSoundEffect"]


class VoiceChannelEffectAnimationType(OpenEnum):
    """How an effect's emoji is animated: the fun one is a Nitro subscriber's."""

    premium = 0
    basic = 1


class VoiceChannelEffectAnimation(NamedTuple):
    """An effect's emoji animation: its id and kind."""

    id: int
    type: Any  # VoiceChannelEffectAnimationType, or an int Discord added later


class VoiceChannelSoundEffect(BaseSoundboardSound, gc=False, kw_only=True):
    """The sound an effect played: its id and volume (a default sound's id is small)."""

    def __repr__(self) -> str:
        return f"<VoiceChannelSoundEffect id={self.id} volume={self.volume}>"

    def is_default(self) -> bool:
        """Whether it is one of Discord's own sounds (whose ids are no snowflakes)."""
        return self.id < DISCORD_EPOCH_MS

    @property
    def created_at(self) -> datetime.datetime | None:
        """When the sound was uploaded; None for a default sound."""
        return None if self.is_default() else snowflake_time(self.id)


class VoiceChannelEffectSend(Model, kw_only=True):
    """VOICE_CHANNEL_EFFECT_SEND as Discord sends it (a sound's id may be a number)."""

    channel_id: Snowflake
    guild_id: Snowflake
    user_id: Snowflake
    emoji: PartialEmoji | None = None
    animation_type: int | None = None
    animation_id: int | None = None
    sound_id: Snowflake | None = None
    sound_volume: float | None = None


class VoiceChannelEffect:
    """An effect sent in a voice channel: who sent it (the cached member, else None),
    its emoji and animation, and the sound it played (None for an emoji reaction)."""

    __slots__ = ("animation", "channel", "emoji", "sound", "user")

    def __init__(self, event: VoiceChannelEffectSend, guild: Any, state: Any) -> None:
        self.channel: Any = guild.get_channel(event.channel_id)
        self.user: Any = guild.get_member(event.user_id)
        self.emoji: PartialEmoji | None = event.emoji
        self.animation: VoiceChannelEffectAnimation | None = None
        if event.animation_id is not None:
            kind = enum_of(VoiceChannelEffectAnimationType, event.animation_type)
            self.animation = VoiceChannelEffectAnimation(id=event.animation_id, type=kind)
        self.sound: VoiceChannelSoundEffect | None = None
        if event.sound_id is not None:
            self.sound = VoiceChannelSoundEffect(id=event.sound_id,
                                                 volume=event.sound_volume or 0.0)
            self.sound._state = state

    def is_sound(self) -> bool:
        """Whether the effect played a sound."""
        return self.sound is not None

    def __repr__(self) -> str:
        return (f"<VoiceChannelEffect channel={self.channel!r} user={self.user!r} "
                f"animation={self.animation!r} emoji={self.emoji!r} sound={self.sound!r}>")


class ChannelVoice:
    """discord.py's ``VoiceChannel.send_sound`` and ``connect`` (mixed into
    :class:`~tidecord.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        guild_id: Any

    async def send_sound(self, sound: Any, /) -> None:
        """Play a soundboard sound here, where the bot is connected to voice (not
        deafened, server-muted or suppressed). Needs Speak and Use Soundboard, and Use
        External Sounds for another guild's sound.

        >>> # await voice_channel.send_sound(guild.soundboard_sounds[0])
        """
        source = None
        if not isinstance(sound, SoundboardDefaultSound):
            own = getattr(sound, "guild_id", UNSET)
            if own is not UNSET and own != self.guild_id:
                source = int(own)
        await self._state.http.send_soundboard_sound(self.id, sound.id, source)

    async def connect(self, *, timeout: float = 30.0, reconnect: bool = True,  # noqa: ASYNC109
                      cls: Any = None, self_deaf: bool = False,
                      self_mute: bool = False) -> Any:
        """tidecord has no voice connections (no audio is sent or received), so this
        raises ``RuntimeError``, as discord.py's does without its voice libraries. To be
        in the channel, say to play soundboard sounds, join it over the gateway:
        ``await channel.guild.change_voice_state(channel=channel)``."""
        raise RuntimeError(
            "tidecord has no voice connections; to join the channel without audio (e.g. "
            "for send_sound) use: await channel.guild.change_voice_state(channel=channel)")
