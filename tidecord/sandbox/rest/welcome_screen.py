"""A Community guild's welcome screen: read by anyone while it is on (else with Manage
Server), changed with Manage Server; turning it on or off changes the guild's
``WELCOME_SCREEN_ENABLED`` feature, which GUILD_UPDATE announces."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType
from tidecord.models.welcome_screen import (
    ENABLED_FEATURE,
    WelcomeChannelData,
    WelcomeScreenData,
)

from .context import read_body, request_guild, sandbox_of
from .errors import REQUIRED, APIError, FormError, bad_length, form_error, json_response, too_long

__all__ = ["ROUTES"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
#: Channels a screen may show at most.
MAX_CHANNELS: Final = 5


class _Channel(msgspec.Struct, kw_only=True):
    channel_id: Snowflake | None = None
    description: str | None = None
    emoji_id: Snowflake | None = None
    emoji_name: str | None = None


class _ScreenBody(msgspec.Struct, kw_only=True):
    description: str | UnsetType | None = UNSET
    welcome_channels: list[_Channel] | UnsetType | None = UNSET
    enabled: bool | UnsetType | None = UNSET


def _community_guild(request: web.Request, need: int = 0) -> int:
    """The path's guild; only a Community guild has a welcome screen (10069 else)."""
    gid = request_guild(request, need)
    if "COMMUNITY" not in sandbox_of(request).state.guild(gid).features:
        raise APIError(404, 10069, "Unknown Guild Welcome Screen")
    return gid


def _screen(request: web.Request, gid: int) -> WelcomeScreenData:
    return sandbox_of(request).state.welcome_screens.get(gid) or WelcomeScreenData()


async def get_welcome_screen(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/welcome-screen."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    if ENABLED_FEATURE not in state.guild(gid).features:
        gid = _community_guild(request, MANAGE_GUILD)
    return json_response(_screen(request, gid))


def _channel_errors(request: web.Request, gid: int,
                    channels: list[_Channel]) -> dict[str, FormError]:
    state = sandbox_of(request).state
    errors: dict[str, FormError] = {}
    if len(channels) > MAX_CHANNELS:
        errors["welcome_channels"] = too_long(MAX_CHANNELS)
    emoji_ids = {int(e.id) for e in state.guild(gid).emojis if e.id is not None}
    for n, channel in enumerate(channels):
        at = f"welcome_channels.{n}"
        if channel.channel_id is None:
            errors[f"{at}.channel_id"] = REQUIRED
        elif int(channel.channel_id) not in state.guild_channels[gid]:
            errors[f"{at}.channel_id"] = ("CHANNEL_INVALID", "Invalid channel")  # unverified
        if channel.description is None:
            errors[f"{at}.description"] = REQUIRED
        elif not 1 <= len(channel.description) <= 50:
            errors[f"{at}.description"] = bad_length(1, 50)
        if channel.emoji_id is not None and int(channel.emoji_id) not in emoji_ids:
            errors[f"{at}.emoji_id"] = ("EMOJI_INVALID", "Invalid emoji")  # unverified
    return errors


async def modify_welcome_screen(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/welcome-screen (Manage Server)."""
    state = sandbox_of(request).state
    gid = _community_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _ScreenBody)
    screen = _screen(request, gid)
    changes: dict[str, Any] = {}
    errors: dict[str, FormError] = {}
    if isinstance(body.description, str) or body.description is None:
        if body.description is not None and len(body.description) > 140:
            errors["description"] = too_long(140)
        changes["description"] = body.description
    if isinstance(body.welcome_channels, list):
        errors.update(_channel_errors(request, gid, body.welcome_channels))
        changes["welcome_channels"] = [
            WelcomeChannelData(channel_id=Snowflake(c.channel_id or 0),
                               description=c.description or "", emoji_id=c.emoji_id,
                               # A custom emoji is named by its id; the name is kept too.
                               emoji_name=c.emoji_name)
            for c in body.welcome_channels]
    if errors:
        raise form_error(errors)
    state.welcome_screens[gid] = msgspec.structs.replace(screen, **changes)
    if isinstance(body.enabled, bool):
        features = state.guild(gid).features
        if body.enabled != (ENABLED_FEATURE in features):
            turned = ([*features, ENABLED_FEATURE] if body.enabled
                      else [f for f in features if f != ENABLED_FEATURE])
            state.update_guild(gid, features=turned)
    return json_response(state.welcome_screens[gid])


ROUTES = [
    ("GET", "/guilds/{guild_id}/welcome-screen", get_welcome_screen),
    ("PATCH", "/guilds/{guild_id}/welcome-screen", modify_welcome_screen),
]
