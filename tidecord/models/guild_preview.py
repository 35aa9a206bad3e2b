"""A guild's preview (``Client.fetch_guild_preview``): what Discord shows of a guild to a
member, or to anyone when the guild is discoverable."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from .asset import CDN_URL, Asset
from .base import UNSET, Model, Snowflake, decode, snowflake_time
from .emoji import Emoji, bind_emoji
from .sticker import GuildSticker, bind_sticker

__all__ = ["GuildPreview", "bind_guild_preview"]


def _image(path: str, guild_id: int, key: str | None, size: int) -> Asset | None:
    if key is None:
        return None
    ext = "gif" if key.startswith("a_") else "png"
    return Asset(f"{CDN_URL}/{path}/{guild_id}/{key}.{ext}?size={size}", key)


class GuildPreview(Model, kw_only=True, eq=False):
    """A guild's name, images, features, approximate counts, emojis and stickers.
    Equal to another preview of the same guild (by ``id``), as discord.py's.

    >>> # preview = await client.fetch_guild_preview(guild_id)
    >>> # print(preview.name, preview.approximate_member_count)
    """

    id: Snowflake
    name: str
    description: str | None = None
    features: list[str] = []
    approximate_member_count: int = 0
    approximate_presence_count: int = 0
    emojis: tuple[Emoji, ...] = ()
    stickers: tuple[GuildSticker, ...] = ()
    icon_key: str | None = msgspec.field(default=None, name="icon")
    splash_key: str | None = msgspec.field(default=None, name="splash")
    discovery_splash_key: str | None = msgspec.field(default=None, name="discovery_splash")
    _state: Any = UNSET

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return (f"<GuildPreview id={self.id} name={self.name!r} features={self.features} "
                f"description={self.description!r}>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GuildPreview) and other.id == self.id

    def __hash__(self) -> int:
        return self.id >> 22

    @property
    def created_at(self) -> datetime.datetime:
        """When the guild was made (from its id)."""
        return snowflake_time(self.id)

    @property
    def icon(self) -> Asset | None:
        """The guild's icon, if it has one."""
        return _image("icons", self.id, self.icon_key, 1024)

    @property
    def splash(self) -> Asset | None:
        """The guild's invite splash, if it has one."""
        return _image("splashes", self.id, self.splash_key, 2048)

    @property
    def discovery_splash(self) -> Asset | None:
        """The guild's discovery splash, if it has one."""
        return _image("discovery-splashes", self.id, self.discovery_splash_key, 2048)


def bind_guild_preview(state: Any, data: bytes | None) -> GuildPreview:
    """The preview in ``data``, its emojis and stickers bound to ``state``."""
    preview = decode(data or b"{}", GuildPreview)
    preview._state = state
    for emoji in preview.emojis:
        bind_emoji(emoji, state, preview.id)
    for sticker in preview.stickers:
        bind_sticker(sticker, state)
    return preview
