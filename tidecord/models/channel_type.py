"""What kind a channel is: :class:`ChannelType`, and the kinds grouped as the
client asks about them."""

from __future__ import annotations

import enum

from .base import NamedEnum, TryValue

__all__ = ["TEXT_TYPES", "THREAD_TYPES", "ChannelType", "VideoQualityMode"]


class ChannelType(TryValue, enum.IntEnum):
    """The ``type`` of a channel, in discord.py's names (Discord's are aliases)."""

    text = 0
    private = 1
    voice = 2
    group = 3
    category = 4
    news = 5
    news_thread = 10
    public_thread = 11
    private_thread = 12
    stage_voice = 13
    directory = 14
    forum = 15
    media = 16

    def __str__(self) -> str:
        return self.name  # as discord.py's: str(channel.type) == "text"

    # Discord's names
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GROUP_DM = 3
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_STAGE_VOICE = 13
    GUILD_DIRECTORY = 14
    GUILD_FORUM = 15
    GUILD_MEDIA = 16


THREAD_TYPES = frozenset({10, 11, 12})


TEXT_TYPES = frozenset({0, 1, 2, 3, 5, 10, 11, 12, 13})



class VideoQualityMode(NamedEnum):
    """A voice channel's camera video quality: ``auto`` (Discord picks) or ``full`` (720p)."""

    auto = 1
    full = 2
