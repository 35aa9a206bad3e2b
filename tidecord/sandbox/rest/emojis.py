"""Guild emojis: listed by anyone in the guild, made with Create Expressions, changed and
deleted with Manage Expressions (or by their maker with Create Expressions)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Emoji, Permissions, Snowflake, UnsetType

from ..cdn import IMAGE_DATA_URI
from . import audit
from .context import read_body, request_guild, sandbox_of, snowflake
from .errors import (
    REQUIRED,
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
)

__all__ = ["ROUTES", "name_errors", "read_image"]

CREATE: Final[int] = Permissions.create_expressions
MANAGE: Final[int] = Permissions.manage_expressions
# A guild without boosts: 50 static and 50 animated emojis; each image at most 256 KiB.
MAX_EACH: Final = 50
MAX_IMAGE_BYTES: Final = 256 * 1024
_NAME: Final = re.compile(r"^[A-Za-z0-9_]{2,32}$")
_KEYS: Final = ("name", "roles")


class _Create(msgspec.Struct, kw_only=True):
    name: str | None = None
    image: str | None = None
    roles: list[Snowflake] | None = None


class _Edit(msgspec.Struct, kw_only=True):
    name: str | UnsetType = UNSET
    roles: list[Snowflake] | UnsetType | None = UNSET


def _perms(request: web.Request, gid: int) -> int:
    state = sandbox_of(request).state
    return state.permissions_in_guild(gid, state.bot_user.id)


def _find(request: web.Request, gid: int) -> Emoji:
    eid = snowflake(request, "emoji_id")
    for emoji in sandbox_of(request).state.guild(gid).emojis:
        if emoji.id == eid:
            return emoji
    raise APIError(404, 10014, "Unknown Emoji")


def _may_change(request: web.Request, gid: int, emoji: Emoji) -> None:
    perms = _perms(request, gid)
    own = isinstance(emoji.user, msgspec.Struct) and \
        getattr(emoji.user, "id", None) == sandbox_of(request).state.bot_user.id
    if not (perms & MANAGE or (own and perms & CREATE)):
        raise APIError(403, 50013, "Missing Permissions")


def name_errors(name: Any) -> dict[str, FormError]:
    """An emoji's name: 2 to 32 letters, digits and underscores (a name left out or
    null is missing: BASE_TYPE_REQUIRED)."""
    if name is None or name is UNSET:
        return {"name": REQUIRED}
    if not isinstance(name, str) or not 2 <= len(name) <= 32:
        return {"name": bad_length(2, 32)}
    if _NAME.match(name) is None:
        return {"name": ("STRING_TYPE_REGEX",
                         "String value did not match validation regex.")}
    return {}


def read_image(image: str | None, errors: dict[str, FormError]) -> bool:
    """Whether the emoji image (a data URI of at most 256 KiB) is animated; what is
    wrong with it goes into ``errors``, as Discord names it."""
    if image is None:
        errors["image"] = REQUIRED
        return False
    found = IMAGE_DATA_URI.match(image)
    try:
        size = len(base64.b64decode(image.partition(",")[2], validate=False)) if found else 0
    except binascii.Error:
        found = None
    if found is None:
        errors["image"] = ("IMAGE_INVALID", "Invalid image data")
    elif size > MAX_IMAGE_BYTES:
        errors["image"] = ("BINARY_TYPE_MAX_SIZE", "File cannot be larger than 256.0 kb.")
    else:
        return found.group(1) == "gif"
    return False


def _roles_of(request: web.Request, gid: int, roles: list[Snowflake] | None) -> list[Snowflake]:
    known = sandbox_of(request).state.roles[gid]
    for index, rid in enumerate(roles or []):
        if int(rid) not in known:
            raise form_error({f"roles.{index}": ("ROLE_NOT_FOUND",  # unverified code
                                                 f"Role {rid} does not exist")})
    return list(roles or [])


async def list_emojis(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/emojis."""
    gid = request_guild(request)
    return json_response(sandbox_of(request).state.guild(gid).emojis)


async def get_emoji(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/emojis/{emoji_id}."""
    gid = request_guild(request)
    return json_response(_find(request, gid))


async def create_emoji(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/emojis: a name, a data URI image, optionally roles."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    if not _perms(request, gid) & (CREATE | MANAGE):
        raise APIError(403, 50013, "Missing Permissions")
    body, _ = await read_body(request, _Create)
    errors = name_errors(body.name)
    animated = read_image(body.image, errors)
    if errors:
        raise form_error(errors)
    roles = _roles_of(request, gid, body.roles)
    guild = sb.state.guild(gid)
    if sum(1 for e in guild.emojis if bool(e.animated) == animated) >= MAX_EACH:
        raise APIError(400, 30008, f"Maximum number of emojis reached ({MAX_EACH})")
    emoji = Emoji(id=sb.state.new_id(), name=body.name, role_ids=roles, user=sb.state.bot_user,
                  require_colons=True, managed=False, animated=animated, available=True)
    sb.state.set_emojis(gid, [*guild.emojis, emoji])
    sb.images.keep(str(body.image), str(emoji.id))  # the CDN serves emojis by id
    audit.record(request, gid, audit.Action.EMOJI_CREATE, int(emoji.id or 0),
                 audit.changes(None, emoji, ("name",)))
    return json_response(emoji, status=201)


async def modify_emoji(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/emojis/{emoji_id}: its name and roles."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    emoji = _find(request, gid)
    _may_change(request, gid, emoji)
    body, _ = await read_body(request, _Edit)
    changes: dict[str, Any] = {}
    if body.name is not UNSET:
        errors = name_errors(body.name)
        if errors:
            raise form_error(errors)
        changes["name"] = body.name
    if body.roles is not UNSET:
        changes["role_ids"] = _roles_of(request, gid, body.roles)
    edited = msgspec.structs.replace(emoji, **changes)
    sb.state.set_emojis(gid, [edited if e.id == emoji.id else e
                              for e in sb.state.guild(gid).emojis])
    found = audit.changes(emoji, edited, _KEYS)
    if found:
        audit.record(request, gid, audit.Action.EMOJI_UPDATE, int(emoji.id or 0), found)
    return json_response(edited)


async def delete_emoji(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/emojis/{emoji_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    emoji = _find(request, gid)
    _may_change(request, gid, emoji)
    sb.state.set_emojis(gid, [e for e in sb.state.guild(gid).emojis if e.id != emoji.id])
    audit.record(request, gid, audit.Action.EMOJI_DELETE, int(emoji.id or 0),
                 audit.changes(emoji, None, ("name",)))
    return empty_response()


_E = "/guilds/{guild_id}/emojis"
ROUTES = [
    ("GET", _E, list_emojis),
    ("POST", _E, create_emoji),
    ("GET", _E + "/{emoji_id}", get_emoji),
    ("PATCH", _E + "/{emoji_id}", modify_emoji),
    ("DELETE", _E + "/{emoji_id}", delete_emoji),
]
