"""The application's own emojis (``/applications/{id}/emojis``): any guild may show them.
Listed as ``{"items": [...]}``, named uniquely, up to 2,000, each with its uploader."""

from __future__ import annotations

from typing import Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Emoji, UnsetType

from .context import own_application, read_body, sandbox_of, snowflake
from .emojis import name_errors, read_image
from .errors import APIError, FormError, empty_response, form_error, json_response

__all__ = ["ROUTES"]

MAX_EMOJIS: Final = 2000
# Discord's answer to a second emoji of one name (unverified code).
_TAKEN: Final[FormError] = ("APPLICATION_EMOJI_NAME_ALREADY_TAKEN",
                            "An emoji with that name already exists for this application.")


class _Create(msgspec.Struct, kw_only=True):
    name: str | None = None
    image: str | None = None


class _Edit(msgspec.Struct, kw_only=True):
    name: str | UnsetType = UNSET


def _find(request: web.Request) -> Emoji:
    emoji = own_application(request).app_emojis.get(snowflake(request, "emoji_id"))
    if emoji is None:
        raise APIError(404, 10014, "Unknown Emoji")
    return emoji


def _taken(request: web.Request, name: str, but: int | None = None) -> bool:
    emojis = own_application(request).app_emojis.values()
    return any(e.name == name and e.id != but for e in emojis)


async def list_emojis(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/emojis: ``{"items": [...]}``, oldest first."""
    state = own_application(request)
    return json_response({"items": list(state.app_emojis.values())})


async def get_emoji(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/emojis/{emoji_id}."""
    return json_response(_find(request))


async def create_emoji(request: web.Request) -> web.Response:
    """POST /applications/{application_id}/emojis: a unique name and a data URI image."""
    state = own_application(request)
    body, _ = await read_body(request, _Create)
    errors = name_errors(body.name)
    animated = read_image(body.image, errors)
    if not errors and _taken(request, str(body.name)):
        errors["name"] = _TAKEN
    if errors:
        raise form_error(errors)
    if len(state.app_emojis) >= MAX_EMOJIS:  # unverified code
        raise APIError(400, 30008, f"Maximum number of emojis reached ({MAX_EMOJIS})")
    emoji = Emoji(id=state.new_id(), name=body.name, role_ids=[], user=state.bot_user,
                  require_colons=True, managed=False, animated=animated, available=True)
    state.app_emojis[int(emoji.id or 0)] = emoji
    sandbox_of(request).images.keep(str(body.image), str(emoji.id))  # served by id
    return json_response(emoji, status=201)


async def modify_emoji(request: web.Request) -> web.Response:
    """PATCH /applications/{application_id}/emojis/{emoji_id}: its name only."""
    state = own_application(request)
    emoji = _find(request)
    body, _ = await read_body(request, _Edit)
    if body.name is not UNSET:
        errors = name_errors(body.name)
        if not errors and _taken(request, body.name, but=emoji.id):
            errors["name"] = _TAKEN
        if errors:
            raise form_error(errors)
        emoji = msgspec.structs.replace(emoji, name=body.name)
        state.app_emojis[int(emoji.id or 0)] = emoji
    return json_response(emoji)


async def delete_emoji(request: web.Request) -> web.Response:
    """DELETE /applications/{application_id}/emojis/{emoji_id}."""
    emoji = _find(request)
    del own_application(request).app_emojis[int(emoji.id or 0)]
    return empty_response()


_E = "/applications/{application_id}/emojis"
ROUTES = [
    ("GET", _E, list_emojis),
    ("POST", _E, create_emoji),
    ("GET", _E + "/{emoji_id}", get_emoji),
    ("PATCH", _E + "/{emoji_id}", modify_emoji),
    ("DELETE", _E + "/{emoji_id}", delete_emoji),
]
