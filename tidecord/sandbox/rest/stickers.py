"""Guild stickers: listed by anyone in the guild, uploaded (a multipart form with one
file) with Create Expressions, changed and deleted with Manage Expressions (or by
their maker with Create Expressions); ``GET /stickers/{id}`` finds any of them, and
Discord's own (in ``sticker_packs.py``'s packs)."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, GuildSticker, Permissions, Snowflake, StickerItem, UnsetType

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
    too_long,
)
from .sticker_packs import standard_sticker

__all__ = ["ROUTES", "sticker_items"]

CREATE: Final[int] = Permissions.create_expressions
MANAGE: Final[int] = Permissions.manage_expressions
MAX_FILE_BYTES: Final = 512 * 1024
#: Stickers a guild may have by boost tier; MORE_STICKERS lifts it to 60.
LIMITS: Final = (5, 15, 30, 60)
#: Stickers one message may carry.
MAX_PER_MESSAGE: Final = 3
_KEYS: Final = ("name", "tags", "description")
_PNG: Final = b"\x89PNG\r\n\x1a\n"


class _Edit(msgspec.Struct, kw_only=True):
    name: Any = UNSET
    description: Any = UNSET
    tags: Any = UNSET


def _perms(request: web.Request, gid: int) -> int:
    state = sandbox_of(request).state
    return state.permissions_in_guild(gid, state.bot_user.id)


def _unknown() -> APIError:
    return APIError(404, 10060, "Unknown Sticker")


def _find(request: web.Request, gid: int) -> GuildSticker:
    sid = snowflake(request, "sticker_id")
    for sticker in sandbox_of(request).state.guild(gid).stickers:
        if sticker.id == sid:
            return sticker
    raise _unknown()


def _may_change(request: web.Request, gid: int, sticker: GuildSticker) -> None:
    perms = _perms(request, gid)
    own = sticker.user is not None and sticker.user.id == sandbox_of(request).state.bot_user.id
    if not (perms & MANAGE or (own and perms & CREATE)):
        raise APIError(403, 50013, "Missing Permissions")


def _length(name: str, value: Any, least: int, most: int,
            empty: bool = False) -> dict[str, FormError]:
    """A text field's error: ``least`` to ``most`` characters (or none, if ``empty``)."""
    if not isinstance(value, str):
        return {name: REQUIRED}
    if (empty and value == "") or least <= len(value) <= most:
        return {}
    return {name: bad_length(least, most)}


def _text_errors(body: dict[str, Any], *, creating: bool) -> dict[str, FormError]:
    errors: dict[str, FormError] = {}
    if creating or "name" in body:
        errors.update(_length("name", body.get("name"), 2, 30))
    if creating or "tags" in body:
        errors.update(_length("tags", body.get("tags"), 1, 200))  # the spec: 1 to 200
    if body.get("description") is not None:
        errors.update(_length("description", body["description"], 2, 100, empty=True))
    return errors


_CONTENT_TYPES: Final = {1: "image/png", 2: "image/png", 3: "application/json", 4: "image/gif"}


def _format_of(data: bytes) -> int | None:
    """The sticker format of an upload (PNG 1, APNG 2, Lottie 3, GIF 4), None if none."""
    if data.startswith(_PNG):
        return 2 if b"acTL" in data[:4096] else 1
    if data.startswith(b"GIF8"):
        return 4
    try:
        lottie = msgspec.json.decode(data)
    except msgspec.DecodeError:
        return None
    return 3 if isinstance(lottie, dict) else None


async def _form(request: web.Request) -> tuple[dict[str, Any], bytes | None]:
    """The upload's text fields and its ``file`` (None if it has none).

    The text fields may come in ``payload_json`` as on Discord's other multipart
    routes (interactions.py sends them so); a form field of the same name wins."""
    if not request.content_type.startswith("multipart/"):
        return {}, None
    form = await request.post()
    upload = form.get("file")
    data = upload.file.read() if isinstance(upload, web.FileField) else None
    fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "payload_json"}
    payload: Any = form.get("payload_json")
    if isinstance(payload, web.FileField):  # a part with a filename: read all the same
        payload = payload.file.read()
    if payload is not None:  # text, or bytes where the part said application/json
        try:
            sent = msgspec.json.decode(payload)
        except msgspec.DecodeError:
            raise APIError(400, 50109, "The request body contains invalid JSON.") from None
        if isinstance(sent, dict):
            fields = {**{k: v for k, v in sent.items() if k in _KEYS}, **fields}
    return fields, data


async def list_stickers(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/stickers."""
    gid = request_guild(request)
    return json_response(sandbox_of(request).state.guild(gid).stickers)


async def get_guild_sticker(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/stickers/{sticker_id}."""
    gid = request_guild(request)
    return json_response(_find(request, gid))


async def get_sticker(request: web.Request) -> web.Response:
    """GET /stickers/{sticker_id}: one of Discord's stickers, or a sticker of any guild
    (no maker: that is for the guild's managers)."""
    sid = snowflake(request, "sticker_id")
    standard = standard_sticker(sid)
    if standard is not None:
        return json_response(standard)
    for guild in sandbox_of(request).state.guilds.values():
        for sticker in guild.stickers:
            if sticker.id == sid:
                return json_response(msgspec.structs.replace(sticker, user_data=UNSET))
    raise _unknown()


async def create_sticker(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/stickers: name, description, tags and a file."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    if not _perms(request, gid) & (CREATE | MANAGE):
        raise APIError(403, 50013, "Missing Permissions")
    fields, data = await _form(request)
    errors = _text_errors(fields, creating=True)
    kind = _format_of(data) if data is not None else None
    if data is None:
        errors["file"] = REQUIRED
    elif len(data) > MAX_FILE_BYTES:
        errors["file"] = ("BINARY_TYPE_MAX_SIZE", "File cannot be larger than 512.0 kb.")
    if errors:
        raise form_error(errors)
    if kind is None:
        raise APIError(400, 50046, "Invalid Asset")
    guild = sb.state.guild(gid)
    limit = max(60 if "MORE_STICKERS" in guild.features else 0,
                LIMITS[min(guild.premium_tier, 3)])
    if len(guild.stickers) >= limit:
        raise APIError(400, 30039, f"Maximum number of stickers reached ({limit})")
    sticker = GuildSticker(id=sb.state.new_id(), name=fields["name"],
                           description=fields.get("description") or "", emoji=fields["tags"],
                           format_type=kind, available=True, guild_id=Snowflake(gid),
                           user_data=sb.state.bot_user)
    sb.state.set_stickers(gid, [*guild.stickers, sticker])
    assert data is not None  # else refused above
    sb.images.put(str(sticker.id), _CONTENT_TYPES[kind], data)  # the CDN serves it by id
    audit.record(request, gid, audit.Action.STICKER_CREATE, sticker.id,
                 audit.changes(None, sticker, _KEYS))
    return json_response(sticker)


async def modify_sticker(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/stickers/{sticker_id}: its name, description and tags."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    sticker = _find(request, gid)
    _may_change(request, gid, sticker)
    body, _ = await read_body(request, _Edit)
    sent = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not UNSET}
    errors = _text_errors(sent, creating=False)
    if errors:
        raise form_error(errors)
    changes: dict[str, Any] = {}
    if "name" in sent:
        changes["name"] = sent["name"]
    if "tags" in sent:
        changes["emoji"] = sent["tags"]
    if "description" in sent:
        changes["description"] = sent["description"] or ""
    edited = msgspec.structs.replace(sticker, **changes)
    sb.state.set_stickers(gid, [edited if s.id == sticker.id else s
                                for s in sb.state.guild(gid).stickers])
    found = audit.changes(sticker, edited, _KEYS)
    if found:
        audit.record(request, gid, audit.Action.STICKER_UPDATE, sticker.id, found)
    return json_response(edited)


async def delete_sticker(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/stickers/{sticker_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    sticker = _find(request, gid)
    _may_change(request, gid, sticker)
    sb.state.set_stickers(gid, [s for s in sb.state.guild(gid).stickers if s.id != sticker.id])
    audit.record(request, gid, audit.Action.STICKER_DELETE, sticker.id,
                 audit.changes(sticker, None, _KEYS))
    return empty_response()


def sticker_items(guilds: Any, guild_id: int | None,
                  sticker_ids: list[Snowflake] | None) -> list[StickerItem] | UnsetType:
    """What a message sent with ``sticker_ids`` shows: each sticker's id, name and
    format. Only stickers of the channel's guild, at most three; else 50035 or 50081."""
    if not sticker_ids:
        return UNSET
    if len(sticker_ids) > MAX_PER_MESSAGE:
        raise form_error({"sticker_ids": too_long(MAX_PER_MESSAGE)})
    own = {int(s.id): s for s in guilds[guild_id].stickers} if guild_id is not None else {}
    items = []
    for sid in sticker_ids:
        sticker = own.get(int(sid))
        if sticker is None or not sticker.available:
            raise APIError(400, 50081, "Invalid sticker sent")
        items.append(StickerItem(id=Snowflake(sticker.id), name=sticker.name,
                                 format_type=sticker.format_type))
    return items


_S = "/guilds/{guild_id}/stickers"
ROUTES = [
    ("GET", _S, list_stickers),
    ("POST", _S, create_sticker),
    ("GET", _S + "/{sticker_id}", get_guild_sticker),
    ("PATCH", _S + "/{sticker_id}", modify_sticker),
    ("DELETE", _S + "/{sticker_id}", delete_sticker),
    ("GET", "/stickers/{sticker_id}", get_sticker),
]
