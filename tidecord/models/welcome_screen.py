"""A Community guild's welcome screen: a description and up to five channels shown to
newcomers, as discord.py's ``WelcomeScreen`` and ``WelcomeChannel`` show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import UNSET, Model, Snowflake, UnsetType, decode
from .emoji import Emoji

__all__ = ["GuildWelcomeScreen", "WelcomeChannel", "WelcomeChannelData", "WelcomeScreen",
           "WelcomeScreenData"]

#: The feature a guild shows while its welcome screen is on.
ENABLED_FEATURE = "WELCOME_SCREEN_ENABLED"


class WelcomeChannelData(Model, gc=False, kw_only=True):
    """One channel of the screen as Discord sends it."""

    channel_id: Snowflake
    description: str
    emoji_id: Snowflake | None = None
    emoji_name: str | None = None


class WelcomeScreenData(Model, gc=False, kw_only=True):
    """The screen as Discord sends it (shared with the sandbox)."""

    description: str | None = None
    welcome_channels: list[WelcomeChannelData] = []


class WelcomeChannel:
    """A channel the welcome screen points newcomers to, with a line and an emoji (a
    custom :class:`~tidecord.Emoji`, a unicode ``str`` or None).

    >>> # WelcomeChannel(channel=rules, description="Read these first", emoji="📜")
    """

    __slots__ = ("channel", "description", "emoji")

    def __init__(self, *, channel: Any, description: str, emoji: Any = None) -> None:
        self.channel = channel
        self.description = description
        self.emoji = emoji

    def __repr__(self) -> str:
        return (f"<WelcomeChannel channel={self.channel!r} description={self.description!r} "
                f"emoji={self.emoji!r}>")

    def to_dict(self) -> dict[str, Any]:
        """The channel as Discord takes it."""
        if isinstance(self.emoji, Emoji):
            emoji_id = str(self.emoji.id) if self.emoji.id else None
            emoji_name: str | None = self.emoji.name
        else:
            emoji_id, emoji_name = None, self.emoji
        return {"channel_id": str(self.channel.id), "description": self.description,
                "emoji_id": emoji_id, "emoji_name": emoji_name}

    @classmethod
    def _from_data(cls, data: WelcomeChannelData, guild: Any) -> WelcomeChannel:
        emoji: Any = data.emoji_name
        if data.emoji_id:
            # A custom emoji the guild no longer has reads as None, as in discord.py.
            emoji = next((e for e in guild.emojis if e.id == data.emoji_id), None)
        return cls(channel=guild.get_channel(data.channel_id), description=data.description,
                   emoji=emoji)


class WelcomeScreen:
    """A guild's welcome screen: ``description``, ``welcome_channels`` and whether it
    is ``enabled`` (read from the guild's features, as last heard)."""

    __slots__ = ("_guild", "description", "welcome_channels")

    def __init__(self, *, data: WelcomeScreenData, guild: Any) -> None:
        self._guild = guild
        self.description = data.description
        self.welcome_channels = [WelcomeChannel._from_data(c, guild)
                                 for c in data.welcome_channels]

    def __repr__(self) -> str:
        return (f"<WelcomeScreen description={self.description!r} "
                f"welcome_channels={self.welcome_channels!r} enabled={self.enabled}>")

    @property
    def enabled(self) -> bool:
        """Whether newcomers see it (the guild's ``WELCOME_SCREEN_ENABLED`` feature)."""
        return ENABLED_FEATURE in self._guild.features

    async def edit(self, *, description: str | UnsetType = UNSET,
                   welcome_channels: list[WelcomeChannel] | UnsetType = UNSET,
                   enabled: bool | UnsetType = UNSET,
                   reason: str | None = None) -> WelcomeScreen:
        """Change it (Manage Server); returns the screen as Discord answers."""
        screen: WelcomeScreen = await self._guild.edit_welcome_screen(
            description=description, welcome_channels=welcome_channels, enabled=enabled,
            reason=reason)
        return screen


class GuildWelcomeScreen:
    """The welcome-screen calls of discord.py's ``Guild`` (mixed into
    :class:`~tidecord.Guild`); the guild must be a Community guild."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def welcome_screen(self) -> WelcomeScreen:
        """GET the screen (needs Manage Server while it is off)."""
        data = await self._state.http.get_welcome_screen(self.id)
        return WelcomeScreen(data=decode(data or b"{}", WelcomeScreenData), guild=self)

    async def edit_welcome_screen(self, *, description: str | UnsetType = UNSET,
                                  welcome_channels: list[WelcomeChannel] | UnsetType = UNSET,
                                  enabled: bool | UnsetType = UNSET,
                                  reason: str | None = None) -> WelcomeScreen:
        """Change the screen without fetching it first (Manage Server)."""
        fields: dict[str, Any] = {}
        if not isinstance(welcome_channels, UnsetType):
            if not all(isinstance(c, WelcomeChannel) for c in welcome_channels):
                raise TypeError("welcome_channels parameter must be a list of WelcomeChannel")
            fields["welcome_channels"] = [c.to_dict() for c in welcome_channels]
        if not isinstance(description, UnsetType):
            fields["description"] = description
        if not isinstance(enabled, UnsetType):
            fields["enabled"] = enabled
        data = await self._state.http.edit_welcome_screen(self.id, fields, reason=reason)
        return WelcomeScreen(data=decode(data or b"{}", WelcomeScreenData), guild=self)
