"""Soundboard sounds: Discord's defaults (``/soundboard-default-sounds``) and a
guild's own (``/guilds/{guild_id}/soundboard-sounds``); and Discord's premium sticker
packs (``/sticker-packs``), the other expressions Discord itself provides."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["SoundboardEndpoints"]

_SOUNDS = "/guilds/{guild_id}/soundboard-sounds"
_SOUND = _SOUNDS + "/{sound_id}"


class SoundboardEndpoints(HTTPClient):
    """List, fetch, upload, edit and delete soundboard sounds; list and fetch sticker
    packs (a base of :class:`RESTClient`)."""

    async def list_premium_sticker_packs(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/sticker-packs"))

    async def get_sticker_pack(self, pack_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", "/sticker-packs/{pack_id}", pack_id=pack_id))

    async def get_soundboard_default_sounds(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/soundboard-default-sounds"))

    async def get_soundboard_sounds(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _SOUNDS, guild_id=guild_id))

    async def get_soundboard_sound(self, guild_id: int, sound_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _SOUND, guild_id=guild_id,
                                            sound_id=sound_id))

    async def create_soundboard_sound(self, guild_id: int, fields: dict[str, Any],
                                      reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("POST", _SOUNDS, guild_id=guild_id), json=fields,
                                      reason=reason)

    async def edit_soundboard_sound(self, guild_id: int, sound_id: int, fields: dict[str, Any],
                                    reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _SOUND, guild_id=guild_id, sound_id=sound_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_soundboard_sound(self, guild_id: int, sound_id: int,
                                      reason: str | None = None) -> None:
        route = Route("DELETE", _SOUND, guild_id=guild_id, sound_id=sound_id)
        await self.request_raw(route, reason=reason)

    async def send_soundboard_sound(self, channel_id: int, sound_id: int,
                                    source_guild_id: int | None = None) -> None:
        """Play a sound in the voice channel the bot is connected to (``source_guild_id``
        names the guild of another guild's sound)."""
        body: dict[str, Any] = {"sound_id": str(sound_id)}
        if source_guild_id is not None:
            body["source_guild_id"] = str(source_guild_id)
        route = Route("POST", "/channels/{channel_id}/send-soundboard-sound",
                      channel_id=channel_id)
        await self.request_raw(route, json=body)
