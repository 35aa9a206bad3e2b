"""A guild's emojis and stickers, and stickers by id."""

from __future__ import annotations

from typing import Any

from .files import File
from .http import HTTPClient
from .route import _GUILD, Route

__all__ = ["ExpressionEndpoints"]


class ExpressionEndpoints(HTTPClient):
    """List, fetch, create, edit and delete a guild's emojis and stickers (a base of
    :class:`RESTClient`)."""

    async def list_emojis(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/emojis", guild_id=guild_id))

    async def get_emoji(self, guild_id: int, emoji_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/emojis/{emoji_id}",
                                            guild_id=guild_id, emoji_id=emoji_id))

    async def create_emoji(self, guild_id: int, fields: dict[str, Any],
                           reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("POST", _GUILD + "/emojis", guild_id=guild_id),
                                      json=fields, reason=reason)

    async def edit_emoji(self, guild_id: int, emoji_id: int, fields: dict[str, Any],
                         reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/emojis/{emoji_id}", guild_id=guild_id,
                      emoji_id=emoji_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_emoji(self, guild_id: int, emoji_id: int,
                           reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/emojis/{emoji_id}", guild_id=guild_id,
                      emoji_id=emoji_id)
        await self.request_raw(route, reason=reason)

    # -- stickers ---------------------------------------------------------------
    async def get_sticker(self, sticker_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", "/stickers/{sticker_id}",
                                            sticker_id=sticker_id))

    async def list_stickers(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/stickers", guild_id=guild_id))

    async def get_guild_sticker(self, guild_id: int, sticker_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/stickers/{sticker_id}",
                                            guild_id=guild_id, sticker_id=sticker_id))

    async def create_sticker(self, guild_id: int, fields: dict[str, str], file: File,
                             reason: str | None = None) -> bytes | None:
        """A multipart body of form fields and one ``file`` part (no payload_json)."""
        route = Route("POST", _GUILD + "/stickers", guild_id=guild_id)
        return await self.request_raw(route, json=fields, files=[file], form_fields=True,
                                      reason=reason)

    async def edit_sticker(self, guild_id: int, sticker_id: int, fields: dict[str, Any],
                           reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/stickers/{sticker_id}", guild_id=guild_id,
                      sticker_id=sticker_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_sticker(self, guild_id: int, sticker_id: int,
                             reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/stickers/{sticker_id}", guild_id=guild_id,
                      sticker_id=sticker_id)
        await self.request_raw(route, reason=reason)
