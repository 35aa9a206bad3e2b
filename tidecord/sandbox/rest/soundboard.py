"""Soundboard sounds: Discord's defaults for anyone; a guild's listed by its members
(with their makers for those who may create or manage expressions), uploaded as a
base64 data URI of MP3 or Ogg with Create Expressions, changed and deleted with
Manage Expressions (or by their maker with Create Expressions)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake
from tidecord.models.soundboard import SoundboardSound
from tidecord.rest.payloads import audio_type

from ..state.soundboard import DEFAULT_SOUNDS
from . import audit
from .context import read_body, request_guild, sandbox_of, snowflake
from .errors import REQUIRED, APIError, FormError, bad_length, form_error, json_response
from .errors import empty_response as no_content

__all__ = ["MAX_SOUND_BYTES", "ROUTES"]

CREATE: Final[int] = Permissions.create_expressions
MANAGE: Final[int] = Permissions.manage_expressions
#: The docs' cap on a sound's file (they also say 5.2 seconds, which is not checked).
MAX_SOUND_BYTES: Final = 512 * 1024
_AUDIO_URI: Final = re.compile(r"^data:(audio/[\w.+-]+);base64,(.*)$", re.DOTALL)
_KEYS: Final = ("name", "volume", "emoji_id", "emoji_name")
_UNKNOWN_EMOJI: Final = ("UNKNOWN_EMOJI", "Unknown emoji")  # unverified code


class _Sound(msgspec.Struct, kw_only=True):
    name: Any = UNSET
    sound: Any = UNSET
    volume: Any = UNSET
    emoji_id: Snowflake | msgspec.UnsetType | None = UNSET
    emoji_name: Any = UNSET


def _perms(request: web.Request, gid: int) -> int:
    state = sandbox_of(request).state
    return state.permissions_in_guild(gid, state.bot_user.id)


def _shown(request: web.Request, gid: int, sound: SoundboardSound) -> SoundboardSound:
    """The sound as the bot may see it: its maker only with Create or Manage Expressions."""
    if _perms(request, gid) & (CREATE | MANAGE):
        return sound
    return msgspec.structs.replace(sound, user_data=UNSET)


def _find(request: web.Request, gid: int) -> SoundboardSound:
    return sandbox_of(request).state.soundboard_sound(gid, snowflake(request, "sound_id"))


def _may_change(request: web.Request, gid: int, sound: SoundboardSound) -> None:
    perms = _perms(request, gid)
    maker = sound.user
    own = maker is not None and maker.id == sandbox_of(request).state.bot_user.id
    if not (perms & MANAGE or (own and perms & CREATE)):
        raise APIError(403, 50013, "Missing Permissions")


def _field_errors(request: web.Request, body: _Sound, *, creating: bool) -> dict[str, FormError]:
    """What is wrong with a body's name, volume and emoji, as Discord words it."""
    errors: dict[str, FormError] = {}
    if creating or body.name is not UNSET:
        if not isinstance(body.name, str):
            errors["name"] = REQUIRED
        elif not 2 <= len(body.name) <= 32:
            errors["name"] = bad_length(2, 32)
    volume = body.volume
    if volume is not UNSET and volume is not None:
        if isinstance(volume, bool) or not isinstance(volume, int | float):
            errors["volume"] = ("NUMBER_TYPE_COERCE", f"Value \"{volume}\" is not double.")
        elif not 0 <= volume <= 1:
            errors["volume"] = ("NUMBER_TYPE_MAX" if volume > 1 else "NUMBER_TYPE_MIN",
                                "double value should be <= 1 and >= 0.")
    name = body.emoji_name
    if name is not UNSET and name is not None and (
            not isinstance(name, str) or not 1 <= len(name) <= 32):
        errors["emoji_name"] = bad_length(1, 32)
    if isinstance(body.emoji_id, int) and \
            sandbox_of(request).state.custom_emoji(int(body.emoji_id)) is None:
        errors["emoji_id"] = _UNKNOWN_EMOJI
    return errors


def _sound_errors(sound: Any) -> dict[str, FormError]:
    """What is wrong with an upload's ``sound``: a data URI of MP3 or Ogg bytes, at most
    512 KiB (codes as the sticker and emoji uploads word theirs; unverified)."""
    if not isinstance(sound, str):
        return {"sound": REQUIRED}
    found = _AUDIO_URI.match(sound)
    try:
        raw = base64.b64decode(found.group(2), validate=False) if found else b""
    except binascii.Error:
        raw = b""
    if found is None or found.group(1) not in ("audio/mpeg", "audio/ogg") \
            or audio_type(raw) is None:
        return {"sound": ("BINARY_TYPE_INVALID", "Invalid audio file. Must be MP3 or OGG.")}
    if len(raw) > MAX_SOUND_BYTES:
        return {"sound": ("BINARY_TYPE_MAX_SIZE", "File cannot be larger than 512.0 kb.")}
    return {}


def _emoji_changes(body: _Sound) -> dict[str, Any]:
    """A sound has one emoji: a new custom one drops the Unicode one, and back."""
    changes: dict[str, Any] = {}
    if body.emoji_id is not UNSET:
        changes["emoji_id"] = body.emoji_id
        if body.emoji_id is not None:
            changes["emoji_name"] = None
    if body.emoji_name is not UNSET:
        changes["emoji_name"] = body.emoji_name
        if body.emoji_name is not None and body.emoji_id in (UNSET, None):
            changes["emoji_id"] = None
    return changes


async def default_sounds(request: web.Request) -> web.Response:
    """GET /soundboard-default-sounds."""
    return json_response(list(DEFAULT_SOUNDS))


async def list_sounds(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/soundboard-sounds: ``{"items": [...]}``."""
    gid = request_guild(request)
    sounds = sandbox_of(request).state.soundboard_sounds(gid)
    return json_response({"items": [_shown(request, gid, s) for s in sounds]})


async def get_sound(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/soundboard-sounds/{sound_id}."""
    gid = request_guild(request)
    return json_response(_shown(request, gid, _find(request, gid)))


async def create_sound(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/soundboard-sounds: name, sound, volume, emoji."""
    sb = sandbox_of(request)
    gid = request_guild(request, CREATE)
    body, _ = await read_body(request, _Sound)
    errors = _field_errors(request, body, creating=True)
    errors.update(_sound_errors(body.sound))
    if errors:
        raise form_error(errors)
    emoji = _emoji_changes(body)
    sound = sb.state.add_soundboard_sound(
        gid, body.name, user_id=sb.state.bot_user.id,
        volume=1.0 if body.volume in (UNSET, None) else body.volume,
        emoji_id=emoji.get("emoji_id"), emoji_name=emoji.get("emoji_name"))
    sb.images.keep(str(body.sound), str(sound.id))  # the CDN serves it by id
    audit.record(request, gid, audit.Action.SOUNDBOARD_SOUND_CREATE, sound.id,
                 audit.changes(None, sound, _KEYS))
    return json_response(sound)


async def modify_sound(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/soundboard-sounds/{sound_id}: name, volume, emoji."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    sound = _find(request, gid)
    _may_change(request, gid, sound)
    body, _ = await read_body(request, _Sound)
    errors = _field_errors(request, body, creating=False)
    if errors:
        raise form_error(errors)
    changes = _emoji_changes(body)
    if body.name is not UNSET:
        changes["name"] = body.name
    if body.volume is not UNSET:
        changes["volume"] = 1.0 if body.volume is None else float(body.volume)
    edited = sb.state.update_soundboard_sound(gid, sound.id, **changes)
    found = audit.changes(sound, edited, _KEYS)
    if found:
        audit.record(request, gid, audit.Action.SOUNDBOARD_SOUND_UPDATE, sound.id, found)
    return json_response(edited)


async def delete_sound(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/soundboard-sounds/{sound_id}."""
    sb = sandbox_of(request)
    gid = request_guild(request)
    sound = _find(request, gid)
    _may_change(request, gid, sound)
    sb.state.delete_soundboard_sound(gid, sound.id)
    audit.record(request, gid, audit.Action.SOUNDBOARD_SOUND_DELETE, sound.id,
                 audit.changes(sound, None, _KEYS))
    return no_content()


_S = "/guilds/{guild_id}/soundboard-sounds"
ROUTES = [
    ("GET", "/soundboard-default-sounds", default_sounds),
    ("GET", _S, list_sounds),
    ("POST", _S, create_sound),
    ("GET", _S + "/{sound_id}", get_sound),
    ("PATCH", _S + "/{sound_id}", modify_sound),
    ("DELETE", _S + "/{sound_id}", delete_sound),
]
