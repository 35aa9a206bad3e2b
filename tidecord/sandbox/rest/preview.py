"""GET /guilds/{guild_id}/preview: a guild's name, images, features, counts, emojis and
stickers, as Discord shows it to a member or, for a discoverable guild, to anyone."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import UNSET

from .context import sandbox_of, snowflake
from .errors import APIError, json_response

__all__ = ["ROUTES"]


async def get_preview(request: web.Request) -> web.Response:
    """The preview of a guild the bot is in or that is discoverable; else 10004, as
    Discord answers (it does not say the guild exists)."""
    state = sandbox_of(request).state
    gid = snowflake(request, "guild_id")
    guild = state.guilds.get(gid)
    if guild is None or (state.bot_user.id not in state.members.get(gid, {})
                         and "DISCOVERABLE" not in guild.features):
        raise APIError(404, 10004, "Unknown Guild")
    data: dict[str, Any] = {
        "id": guild.id, "name": guild.name, "icon": guild.icon_hash,
        "description": guild.description, "home_header": None, "splash": guild.splash_hash,
        "discovery_splash": guild.discovery_splash_hash, "features": guild.features,
        "approximate_member_count": len(state.members[gid]),
        "approximate_presence_count": len(state.guild_presences(gid)),
        # Who made each emoji and sticker is for the guild's managers, not a preview.
        "emojis": [msgspec.structs.replace(e, user=UNSET) for e in guild.emojis],
        "stickers": [msgspec.structs.replace(s, user_data=UNSET) for s in guild.stickers],
    }
    return json_response(data)


ROUTES = [("GET", "/guilds/{guild_id}/preview", get_preview)]
