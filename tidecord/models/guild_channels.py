"""A guild's channels as a guild sees them: the cached ones, by kind and category,
and those fetched and made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Snowflake, UnsetType, decode
from .channel import Channel, category_id, channel_fields

__all__ = ["GuildChannels"]


class GuildChannels:
    """The channel calls of discord.py's ``Guild`` (mixed into :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        channels: list[Channel] | UnsetType
        threads: list[Channel] | UnsetType
        system_channel_id: Snowflake | None
        rules_channel_id: Snowflake | None
        public_updates_channel_id: Snowflake | None
        afk_channel_id: Snowflake | None

    def get_channel(self, channel_id: int, /) -> Channel | None:
        """A cached channel of this guild."""
        return self.channels.get(channel_id) if isinstance(self.channels, dict) else None

    def get_thread(self, thread_id: int, /) -> Channel | None:
        """A cached thread of this guild."""
        return self.threads.get(thread_id) if isinstance(self.threads, dict) else None

    def get_channel_or_thread(self, channel_id: int, /) -> Channel | None:
        """A cached channel or thread."""
        return self.get_channel(channel_id) or self.get_thread(channel_id)

    @property
    def system_channel(self) -> Channel | None:
        """Where Discord posts join messages."""
        return self.get_channel(self.system_channel_id) if self.system_channel_id else None

    @property
    def rules_channel(self) -> Channel | None:
        """A community guild's rules channel."""
        return self.get_channel(self.rules_channel_id) if self.rules_channel_id else None

    @property
    def public_updates_channel(self) -> Channel | None:
        """Where Discord sends a community guild's moderator notices."""
        cid = self.public_updates_channel_id
        return self.get_channel(cid) if cid else None

    @property
    def afk_channel(self) -> Channel | None:
        """The voice channel idle members are moved to."""
        return self.get_channel(self.afk_channel_id) if self.afk_channel_id else None

    @property
    def stage_channels(self) -> list[Channel]:
        """Stage channels, by position."""
        return self._of_type(13)

    @property
    def forums(self) -> list[Channel]:
        """Forum and media channels, by position."""
        return self._of_type(15, 16)

    def by_category(self) -> list[tuple[Channel | None, list[Channel]]]:
        """Each category with its channels, by position; channels in no category first,
        under ``None``, as discord.py's."""
        channels: Any = self.channels.values() if isinstance(self.channels, dict) else ()
        groups: dict[int | None, list[Channel]] = {}
        for channel in channels:
            if channel.type == 4:
                groups.setdefault(channel.id, [])
            else:
                groups.setdefault(channel.parent_id or None, []).append(channel)

        def place(c: Channel) -> tuple[int, int, int]:
            # Within a category, text-like channels come before voice-like ones.
            bucket = 1 if c.type in (2, 13) else 0
            return (bucket, c.position if isinstance(c.position, int) else 0, c.id)

        out: list[tuple[Channel | None, list[Channel]]] = []
        for cid in sorted(groups, key=lambda k: (-1, -1, -1) if k is None else place(
                self.get_channel(k) or Channel(id=k, type=4))):
            out.append((self.get_channel(cid) if cid is not None else None,
                        sorted(groups[cid], key=place)))
        return out

    def _of_type(self, *types: int) -> list[Channel]:
        channels = self.channels if isinstance(self.channels, dict | list) else ()
        found = [c for c in channels if c.type in types]
        found.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
        return found

    @property
    def text_channels(self) -> list[Channel]:
        """Text and announcement channels, by position."""
        return self._of_type(0, 5)

    @property
    def voice_channels(self) -> list[Channel]:
        """Voice channels, by position."""
        return self._of_type(2)

    @property
    def categories(self) -> list[Channel]:
        """Categories, by position."""
        return self._of_type(4)

    async def active_threads(self) -> list[Channel]:
        """GET every active thread of the guild the bot can see (fresh, not the cache)."""
        threads: list[Channel] = self._state.threads_from(
            await self._state.http.active_threads(self.id))
        return threads

    async def fetch_channels(self) -> list[Channel]:
        """GET the guild's channels (not its threads), bound like the cache's."""
        data = await self._state.http.get_guild_channels(self.id)
        channels = decode(data, list[Channel]) if data else []
        for channel in channels:
            channel._state = self._state
        return channels

    async def fetch_channel(self, channel_id: int, /) -> Channel:
        """GET a channel or thread of this guild; ``InvalidData`` if it is another
        guild's or a DM (as discord.py)."""
        from ..rest.errors import InvalidData  # models do not import the REST layer

        channel: Channel = await self._state.fetch_channel(channel_id)
        if isinstance(channel.guild_id, UnsetType):
            raise InvalidData(f"channel {channel_id} is a private channel, not this guild's")
        if channel.guild_id != self.id:
            raise InvalidData(f"channel {channel_id} belongs to another guild")
        return channel

    async def create_text_channel(self, name: str, *, reason: str | None = None,
                                  category: Any = None, news: bool = False,
                                  **options: Any) -> Channel:
        """Create a text channel (``news=True``: an announcement channel), as
        discord.py's: ``category``, ``overwrites`` (a role or member to a
        :class:`PermissionOverwrite`), ``topic``, ``slowmode_delay``, ``nsfw``,
        ``position``, ``default_auto_archive_duration``..."""
        return await self._create_channel(name, 5 if news else 0, category, reason, options)

    async def create_voice_channel(self, name: str, *, reason: str | None = None,
                                   category: Any = None, **options: Any) -> Channel:
        """Create a voice channel: ``bitrate``, ``user_limit``, ``rtc_region``,
        ``video_quality_mode``, ``overwrites``, ``position``... as discord.py's."""
        return await self._create_channel(name, 2, category, reason, options)

    async def create_stage_channel(self, name: str, *, reason: str | None = None,
                                   category: Any = None, **options: Any) -> Channel:
        """Create a stage channel (options as :meth:`create_voice_channel`)."""
        return await self._create_channel(name, 13, category, reason, options)

    async def create_forum(self, name: str, *, reason: str | None = None,
                           category: Any = None, media: bool = False,
                           **options: Any) -> Channel:
        """Create a forum (``media=True``: a media channel): ``topic``, ``slowmode_delay``,
        ``default_thread_slowmode_delay``, ``default_auto_archive_duration``,
        ``overwrites``, ``nsfw``, ``position``... as discord.py's."""
        return await self._create_channel(name, 16 if media else 15, category, reason, options)

    create_forum_channel = create_forum

    async def create_category(self, name: str, *, reason: str | None = None,
                              **options: Any) -> Channel:
        """Create a category: ``overwrites`` and ``position``, as discord.py's."""
        return await self._create_channel(name, 4, None, reason, options)

    create_category_channel = create_category

    async def _create_channel(self, name: str, kind: int, category: Any, reason: str | None,
                              options: dict[str, Any]) -> Channel:
        fields = channel_fields(options)
        fields.update(name=name, type=kind)
        if category is not None:
            fields["parent_id"] = category_id(category)
        data = await self._state.http.create_channel(self.id, fields, reason=reason)
        return self._state.created_channel(data)  # type: ignore[no-any-return]
