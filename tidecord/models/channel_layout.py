"""A channel's place in its guild: what a category holds, making channels in one,
moving a channel among the others, and cloning one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .base import UNSET, UnsetType
from .channel_overwrites import _MISSING
from .forum import forum_options
from .overwrite import ChannelOverwrite

if TYPE_CHECKING:
    from .channel import Channel

__all__ = ["ChannelLayout"]


def _sorting_bucket(kind: int) -> int:
    """The group a channel is ordered in, as Discord's client orders them: voice and
    stage together, categories apart, everything else with text."""
    return 2 if kind in (2, 13) else 4 if kind == 4 else 0


# What a clone copies of each kind beside name, overwrites and category (wire names).
_TEXT_SETTINGS: Final = ("topic", "nsfw", "default_auto_archive_duration")
_VOICE_SETTINGS: Final = ("bitrate", "user_limit", "rate_limit_per_user", "nsfw",
                          "video_quality_mode", "rtc_region")
_CLONED: Final = {0: (*_TEXT_SETTINGS, "rate_limit_per_user"), 5: _TEXT_SETTINGS,
                  2: _VOICE_SETTINGS, 13: _VOICE_SETTINGS,
                  15: (*_TEXT_SETTINGS, "rate_limit_per_user", "available_tags"),
                  16: (*_TEXT_SETTINGS, "rate_limit_per_user", "available_tags")}


class ChannelLayout:
    """The category and ordering calls of discord.py's ``CategoryChannel`` and
    ``GuildChannel`` (mixed into :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        type: int
        guild_id: int | UnsetType
        name: str | UnsetType | None
        parent_id: int | UnsetType | None

        @property
        def guild(self) -> Any: ...
        def _raw_overwrites(self) -> list[ChannelOverwrite]: ...

    # -- what a channel holds, from the cache, as discord.py's ------------------
    def _children(self, *types: int) -> list[Channel]:
        guild = self.guild
        found = [c for c in guild.channels.values() if c.parent_id == self.id
                 and (not types or c.type in types)] if guild is not None and isinstance(
                     guild.channels, dict) else []
        found.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
        return found

    @property
    def channels(self) -> list[Channel]:
        """A category's channels as discord.py orders them: text and announcement
        channels first, then the rest (voice, stage, forum), each by position."""
        found = self._children()
        found.sort(key=lambda c: c.type not in (0, 5))  # stable: position order kept
        return found

    @property
    def text_channels(self) -> list[Channel]:
        """A category's text and announcement channels, by position."""
        return self._children(0, 5)

    @property
    def voice_channels(self) -> list[Channel]:
        """A category's voice channels, by position."""
        return self._children(2)

    @property
    def stage_channels(self) -> list[Channel]:
        """A category's stage channels, by position."""
        return self._children(13)

    @property
    def forums(self) -> list[Channel]:
        """A category's forum (and media) channels, by position."""
        return self._children(15, 16)

    async def create_text_channel(self, name: str, **options: Any) -> Channel:
        """A text channel in this category (options as ``Guild.create_text_channel``)."""
        return await self.guild.create_text_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_voice_channel(self, name: str, **options: Any) -> Channel:
        """A voice channel in this category (options as ``Guild.create_voice_channel``)."""
        return await self.guild.create_voice_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_stage_channel(self, name: str, **options: Any) -> Channel:
        """A stage channel in this category (options as ``Guild.create_stage_channel``)."""
        return await self.guild.create_stage_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_forum(self, name: str, **options: Any) -> Channel:
        """A forum in this category (options as ``Guild.create_forum``)."""
        return await self.guild.create_forum(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def move(self, *, beginning: bool = False, end: bool = False, before: Any = None,
                   after: Any = None, offset: int = 0, category: Any = _MISSING,
                   sync_permissions: bool = False, reason: str | None = None) -> None:
        """Move the channel among its kind (text-like, voice-like, categories) in its
        category, or into ``category`` (``None``: out of any), as discord.py's: to the
        ``beginning`` or ``end``, ``before`` or ``after`` a channel, then ``offset``
        places further; ``sync_permissions`` takes the new category's overwrites."""
        if sum(bool(x) for x in (beginning, end, before, after)) > 1:
            raise TypeError("Only one of [before, after, end, beginning] can be used.")
        guild = self.guild
        if guild is None or not isinstance(guild.channels, dict):
            raise TypeError("only a cached guild channel can be moved")
        bucket = _sorting_bucket(self.type)
        # The channels it is placed among: those of its new category (or of its own,
        # when it leaves every category, as discord.py places it).
        parent = self.parent_id if category is _MISSING or category is None \
            else category.id
        mates = sorted((c for c in guild.channels.values()
                        if _sorting_bucket(c.type) == bucket and c.parent_id == parent
                        and c.id != self.id), key=lambda c: (c.position, c.id))
        if beginning:
            index: int | None = 0
        elif end:
            index = len(mates)
        elif before is not None:
            index = next((i for i, c in enumerate(mates) if c.id == before.id), None)
        elif after is not None:
            index = next((i + 1 for i, c in enumerate(mates) if c.id == after.id), None)
        else:
            index = None
        if index is None:
            raise ValueError("Could not resolve appropriate move position")
        mates.insert(max(index + offset, 0), self)
        await self._renumber(mates, category, sync_permissions, reason)

    async def _renumber(self, mates: list[Any], category: Any, sync_permissions: bool,
                        reason: str | None) -> None:
        """Number ``mates`` (this channel among them) from 0 in one bulk move, this one
        into ``category`` if given."""
        body: list[dict[str, Any]] = []
        for place, channel in enumerate(mates):
            entry: dict[str, Any] = {"id": str(channel.id), "position": place}
            if category is not _MISSING and channel.id == self.id:
                entry["parent_id"] = None if category is None else str(category.id)
                entry["lock_permissions"] = sync_permissions
            body.append(entry)
        await self._state.http.move_channels(self.guild_id, body, reason=reason)

    async def _place(self, position: int, category: Any = _MISSING,
                     sync_permissions: bool = False, reason: str | None = None) -> None:
        """``edit(position=)`` as discord.py does it: the channel is put before the first
        of its kind (across the guild) at ``position`` or after, and every channel of
        its kind is numbered again from 0 in one bulk move, so no two share a place
        (a lone PATCH of the position left the moved channel tied with the one already
        there, and the older of the two listed first)."""
        if position < 0:
            raise ValueError("Channel position cannot be less than 0.")
        guild = self.guild
        if guild is None or not isinstance(guild.channels, dict):
            raise TypeError("only a cached guild channel can be moved")
        bucket = _sorting_bucket(self.type)
        mates = sorted((c for c in guild.channels.values()
                        if _sorting_bucket(c.type) == bucket and c.id != self.id),
                       key=lambda c: c.position if isinstance(c.position, int) else 0)
        index = next((i for i, c in enumerate(mates) if c.position >= position), len(mates))
        mates.insert(index, self)
        await self._renumber(mates, category, sync_permissions, reason)

    async def clone(self, *, name: str | None = None, category: Any = None,
                    reason: str | None = None) -> Channel:
        """A new channel made like this one, as discord.py's: its kind, name (or
        ``name``), overwrites, category (or ``category``; a category keeps none) and the
        settings of its kind (topic, slowmode, NSFW, bitrate...). Discord puts it last."""
        if self._state is UNSET or not self.guild_id:
            raise TypeError("only a guild channel of a client can be cloned")
        kind = int(self.type)
        fields: dict[str, Any] = {"name": name or self.name, "type": kind,
                                  "permission_overwrites": self._raw_overwrites()}
        if kind != 4:
            parent = category.id if category is not None else self.parent_id
            if isinstance(parent, int):
                fields["parent_id"] = parent
        for key in _CLONED.get(kind, ("nsfw",)):
            value = getattr(self, key)
            if not isinstance(value, UnsetType) and value is not None:
                fields[key] = value
        # A forum's tags as the wire has them, as discord.py's clone sends them.
        data = await self._state.http.create_channel(self.guild_id,
                                                     forum_options(fields, None),
                                                     reason=reason)
        return self._state.created_channel(data)  # type: ignore[no-any-return]
