"""The application's own emojis, as discord.py's ``Client.fetch_application_emojis()``,
``fetch_application_emoji()`` and ``create_application_emoji()``: emojis any guild may
show, owned by the application rather than a guild. Mixed into :class:`tidecord.Client`.

>>> # emoji = await client.create_application_emoji(name="tide", image=png_bytes)
>>> # await channel.send(f"{emoji}")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from .models import decode
from .models.emoji import Emoji, bind_emoji
from .rest.payloads import image_data

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["ApplicationEmojisMixin"]


class _Items(msgspec.Struct):
    items: list[Emoji]


class ApplicationEmojisMixin:
    """``client.fetch_application_emojis``, ``fetch_application_emoji``,
    ``create_application_emoji``."""

    _connection: State
    http: RESTClient

    if TYPE_CHECKING:
        def _application_id(self) -> int: ...

    def _bind(self, emoji: Emoji) -> Emoji:
        # guild_id 0: owned by the application (``Emoji.is_application_owned()``).
        return bind_emoji(emoji, self._connection, 0)

    async def fetch_application_emojis(self) -> list[Emoji]:
        """Every emoji the application owns, oldest first."""
        data = await self.http.get_application_emojis(self._application_id())
        return [self._bind(e) for e in decode(data or b'{"items": []}', _Items).items]

    async def fetch_application_emoji(self, emoji_id: int, /) -> Emoji:
        """One of the application's emojis (``NotFound`` 10014 if it has none such)."""
        data = await self.http.get_application_emoji(self._application_id(), emoji_id)
        return self._bind(decode(data or b"{}", Emoji))

    async def create_application_emoji(self, *, name: str, image: bytes) -> Emoji:
        """Make an application emoji from PNG, JPEG or GIF (animated) bytes of at most
        256 KiB; its name (2 to 32 letters, digits or ``_``) must be new to the
        application."""
        fields = {"name": name, "image": image_data(image)}
        data = await self.http.create_application_emoji(self._application_id(), fields)
        return self._bind(decode(data or b"{}", Emoji))
