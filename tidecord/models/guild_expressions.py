"""A guild's expressions: its custom emojis and stickers, and how many it may have."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Snowflake, decode
from .emoji import Emoji, bind_emoji
from .sticker import GuildSticker, bind_sticker

__all__ = ["GuildExpressions"]


class GuildExpressions:
    """The emoji and sticker calls of discord.py's ``Guild`` (mixed into
    :class:`~tidecord.Guild`); making or deleting one needs Manage (or Create)
    Expressions."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        emojis: list[Emoji]
        features: list[str]
        premium_tier: int

    def get_emoji(self, emoji_id: int, /) -> Emoji | None:
        """One of the guild's custom emojis."""
        return next((e for e in self.emojis if e.id == emoji_id), None)

    async def fetch_emojis(self) -> list[Emoji]:
        """GET the guild's custom emojis (each with its maker, given Manage Expressions)."""
        data = await self._state.http.list_emojis(self.id)
        return [bind_emoji(e, self._state, self.id)
                for e in (decode(data, list[Emoji]) if data else [])]

    async def fetch_emoji(self, emoji_id: int, /) -> Emoji:
        """GET one custom emoji of the guild (``NotFound`` if there is none)."""
        data = await self._state.http.get_emoji(self.id, emoji_id)
        return bind_emoji(decode(data, Emoji), self._state, self.id)

    async def create_custom_emoji(self, *, name: str, image: bytes, roles: Any = None,
                                  reason: str | None = None) -> Emoji:
        """Make a custom emoji from PNG, JPEG, GIF (animated) or WebP bytes of at most
        256 KiB; ``roles``: only they may use it. Needs Create Expressions."""
        from ..rest.payloads import image_data  # rest imports the models

        fields: dict[str, Any] = {"name": name, "image": image_data(image)}
        if roles:
            fields["roles"] = [str(getattr(r, "id", r)) for r in roles]
        data = await self._state.http.create_emoji(self.id, fields, reason=reason)
        return bind_emoji(decode(data, Emoji), self._state, self.id)

    async def delete_emoji(self, emoji: Any, /, *, reason: str | None = None) -> None:
        """Delete one of the guild's custom emojis (Manage Expressions)."""
        await self._state.http.delete_emoji(self.id, int(getattr(emoji, "id", emoji)),
                                            reason=reason)

    @property
    def emoji_limit(self) -> int:
        """How many static (and as many animated) custom emojis the guild may have."""
        more = 200 if "MORE_EMOJI" in (self.features or []) else 50
        return max(more, (50, 100, 150, 250)[min(int(self.premium_tier or 0), 3)])

    @property
    def sticker_limit(self) -> int:
        """How many stickers the guild may have (5, more with boosts)."""
        more = 60 if "MORE_STICKERS" in (self.features or []) else 0
        return max(more, (5, 15, 30, 60)[min(int(self.premium_tier or 0), 3)])

    async def fetch_stickers(self) -> list[GuildSticker]:
        """GET the guild's stickers."""
        data = await self._state.http.list_stickers(self.id)
        return [bind_sticker(s, self._state)
                for s in (decode(data, list[GuildSticker]) if data else [])]

    async def fetch_sticker(self, sticker_id: int, /) -> GuildSticker:
        """GET one sticker of the guild (``NotFound`` if there is none)."""
        data = await self._state.http.get_guild_sticker(self.id, sticker_id)
        return bind_sticker(decode(data, GuildSticker), self._state)

    async def create_sticker(self, *, name: str, description: str = "", emoji: str,
                             file: Any, reason: str | None = None) -> GuildSticker:
        """Make a sticker from a PNG, APNG, GIF or Lottie JSON ``File`` of at most
        512 KiB; ``emoji`` is the expression it stands for. Needs Create Expressions.

        >>> # await guild.create_sticker(name="wave", emoji="👋", file=File("wave.png"))
        """
        fields = {"name": name, "description": description or "", "tags": emoji}
        data = await self._state.http.create_sticker(self.id, fields, file, reason=reason)
        return bind_sticker(decode(data, GuildSticker), self._state)

    async def delete_sticker(self, sticker: Any, /, *, reason: str | None = None) -> None:
        """Delete one of the guild's stickers (anything with an ``id``)."""
        await self._state.http.delete_sticker(self.id, sticker.id, reason=reason)
