"""The application's own emojis: ``/applications/{application_id}/emojis``."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["ApplicationEmojiEndpoints"]

_EMOJIS = "/applications/{application_id}/emojis"
_EMOJI = _EMOJIS + "/{emoji_id}"


class ApplicationEmojiEndpoints(HTTPClient):
    """List, fetch, make, rename and delete application emojis (a base of
    :class:`RESTClient`)."""

    async def get_application_emojis(self, application_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _EMOJIS, application_id=application_id))

    async def get_application_emoji(self, application_id: int, emoji_id: int) -> bytes | None:
        route = Route("GET", _EMOJI, application_id=application_id, emoji_id=emoji_id)
        return await self.request_raw(route)

    async def create_application_emoji(self, application_id: int,
                                       fields: dict[str, Any]) -> bytes | None:
        route = Route("POST", _EMOJIS, application_id=application_id)
        return await self.request_raw(route, json=fields)

    async def edit_application_emoji(self, application_id: int, emoji_id: int,
                                     fields: dict[str, Any]) -> bytes | None:
        route = Route("PATCH", _EMOJI, application_id=application_id, emoji_id=emoji_id)
        return await self.request_raw(route, json=fields)

    async def delete_application_emoji(self, application_id: int, emoji_id: int) -> None:
        route = Route("DELETE", _EMOJI, application_id=application_id, emoji_id=emoji_id)
        await self.request_raw(route)
