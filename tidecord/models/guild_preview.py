"""A guild's preview (``Client.fetch_guild_preview``): what Discord shows of a guild to a
member, or to anyone when the guild is discoverable."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from .asset import Asset, guild_icon_asset, guild_image_asset
from .base import UNSET, Model, Snowflake, decode, snowflake_time
from .emoji import Emoji, bind_emoji
from .sticker import GuildSticker, bind_sticker

__all__ = ["GuildPreview", "bind_guild_preview"]


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
        return None if self.icon_key is None else guild_icon_asset(self.id, self.icon_key)

    @property
    def splash(self) -> Asset | None:
        """The guild's invite splash, if it has one."""
        key = self.splash_key
        return None if key is None else guild_image_asset(self.id, key, "splashes")

    @property
    def discovery_splash(self) -> Asset | None:
        """The guild's discovery splash, if it has one."""
        key = self.discovery_splash_key
        return None if key is None else guild_image_asset(self.id, key, "discovery-splashes")


def bind_guild_preview(state: Any, data: bytes | None) -> GuildPreview:
    """The preview in ``data``, its emojis and stickers bound to ``state``."""
    preview = decode(data or b"{}", GuildPreview)
    preview._state = state
    for emoji in preview.emojis:
        bind_emoji(emoji, state, preview.id)
    for sticker in preview.stickers:
        bind_sticker(sticker, state)
    return preview
