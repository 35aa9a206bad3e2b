"""The bot's application (what discord.py asks for at login)."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import to_builtins

from .context import read_body, sandbox_of
from .errors import json_response

__all__ = ["ROUTES"]


async def get_application(request: web.Request) -> web.Response:
    """GET /oauth2/applications/@me, GET /applications/@me."""
    state = sandbox_of(request).state
    data: dict[str, Any] = to_builtins(msgspec.structs.replace(
        state.application, approximate_guild_count=len(state.guilds),
        approximate_user_install_count=0,
        integration_types_config={"0": {}},
    ))
    # Fields of the full (private) application object beyond the shared model.
    data.update({"type": None, "flags_new": str(state.application.flags),
                 "role_connections_verification_url": None,
                 "approximate_user_authorization_count": 0, "explicit_content_filter": 0,
                 "eligible_oauth2_scopes": ["bot", "applications.commands"]})
    return json_response(data)


class _ApplicationEdit(msgspec.Struct, kw_only=True):
    interactions_endpoint_url: str | msgspec.UnsetType | None = msgspec.UNSET
    description: str | msgspec.UnsetType = msgspec.UNSET


async def edit_application(request: web.Request) -> web.Response:
    """PATCH /applications/@me: the endpoint URL (checked as Discord does) and description."""
    sb = sandbox_of(request)
    body, _ = await read_body(request, _ApplicationEdit)
    if not isinstance(body.interactions_endpoint_url, msgspec.UnsetType):
        await sb.set_interactions_endpoint(body.interactions_endpoint_url or None)
    if isinstance(body.description, str):
        sb.state.application = msgspec.structs.replace(sb.state.application,
                                                       description=body.description)
    return await get_application(request)


ROUTES = [
    ("GET", "/oauth2/applications/@me", get_application),
    ("GET", "/applications/@me", get_application),
    ("PATCH", "/applications/@me", edit_application),
]
