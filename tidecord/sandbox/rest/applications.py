"""The bot's application (what discord.py asks for at login)."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import to_builtins

from .context import sandbox_of
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


ROUTES = [
    ("GET", "/oauth2/applications/@me", get_application),
    ("GET", "/applications/@me", get_application),
]
