"""What route handlers share: the sandbox behind the app, path ids, bodies, auth."""

from __future__ import annotations

import datetime
import warnings
from typing import TYPE_CHECKING, Any, Final, TypeVar

import msgspec
from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.multipart import BadContentDispositionHeader

from tidecord.models import Snowflake, decoder

from ..state import State, StateError
from .errors import APIError, form_error, validation_error
from .nulls import json_nulls_left_out

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = [
    "SANDBOX",
    "UploadedFile",
    "own_application",
    "query_bool",
    "query_limit",
    "read_body",
    "request_guild",
    "sandbox_of",
    "snowflake",
    "state_error",
    "thread_param",
]

T = TypeVar("T")
SANDBOX: web.AppKey[Any] = web.AppKey("sandbox", object)


def sandbox_of(request: web.Request) -> Sandbox:
    """The sandbox serving this request."""
    sb: Sandbox = request.app[SANDBOX]
    return sb


def own_application(request: web.Request) -> State:
    """The sandbox's state, once the path's ``application_id`` is the bot's own
    application (else 403 20012, as Discord answers)."""
    state = sandbox_of(request).state
    if snowflake(request, "application_id") != state.application.id:
        raise APIError(403, 20012,
                       "You are not authorized to perform this action on this application")
    return state


def request_guild(request: web.Request, need: int = 0) -> int:
    """The id of the path's guild (10004 if unknown); 50013 unless the bot holds
    ``need`` there."""
    state = sandbox_of(request).state
    gid = int(state.guild(snowflake(request, "guild_id")).id)
    if need and state.permissions_in_guild(gid, state.bot_user.id) & need != need:
        raise APIError(403, 50013, "Missing Permissions")
    return gid


def query_limit(request: web.Request, default: int, most: int, least: int = 1) -> int:
    """A list route's ``limit``: ``least`` to ``most``, else 50035 as Discord answers."""
    raw = request.query.get("limit", str(default))
    try:
        limit = int(raw)
    except ValueError:
        raise form_error({"limit": ("NUMBER_TYPE_COERCE", "Value is not int.")}) from None
    if not least <= limit <= most:
        raise form_error({"limit": ("NUMBER_TYPE_MAX" if limit > most else "NUMBER_TYPE_MIN",
                                    f"int value should be <= {most} and >= {least}.")})
    return limit


def query_id(request: web.Request, name: str, *, empty_is_absent: bool = True) -> int | None:
    """A snowflake query parameter (None when absent, or empty if ``empty_is_absent``);
    50035 if not one (not all digits, or more than 20 of them)."""
    raw = request.query.get(name)
    if raw is None or (raw == "" and empty_is_absent):
        return None
    if not raw.isdigit() or len(raw) > 20:
        raise form_error({name: ("NUMBER_TYPE_COERCE", f'Value "{raw}" is not snowflake.')})
    return int(raw)


def thread_param(request: web.Request) -> int | None:
    """A webhook route's ``thread_id`` (None when absent; an empty one is no snowflake)."""
    return query_id(request, "thread_id", empty_is_absent=False)


_TRUE: Final = frozenset({"true", "1"})
_FALSE: Final = frozenset({"false", "0"})


def query_bool(request: web.Request, name: str, default: bool = False) -> bool:
    """A boolean query parameter (``true``/``false``, ``1``/``0``: discord.py sends
    both); 50035 BOOLEAN_TYPE_COERCE for anything else, as Discord answers."""
    raw = request.query.get(name)
    if raw is None:
        return default
    if raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise form_error({name: ("BOOLEAN_TYPE_COERCE", f'Value "{raw}" is not a valid boolean.')})


def query_time(request: web.Request, name: str) -> float | None:
    """A date-time query parameter (ISO 8601) as Unix milliseconds; 50035 if unreadable."""
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        when = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise form_error({name: ("DATE_TIME_TYPE_COERCE",  # the code is a guess
                                 "Could not interpret the value as a date-time.")}) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.timestamp() * 1000


def snowflake(request: web.Request, name: str) -> Snowflake:
    """A path parameter as a snowflake; 50035 when it is not one (as Discord)."""
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 20:
        raise form_error({name: ("NUMBER_TYPE_COERCE", f'Value "{raw}" is not snowflake.')})
    return Snowflake(int(raw))


def state_error(exc: StateError) -> APIError:
    """A state refusal as the API error it stands for."""
    if exc.errors:
        return form_error(exc.errors)
    return APIError(exc.status, exc.code, exc.message)


class UploadedFile(msgspec.Struct):
    """A ``files[n]`` part of a multipart body."""

    index: int
    filename: str
    content_type: str
    data: bytes


def _bad_part(why: str) -> APIError:
    return APIError(400, 50035, f"Invalid Form Body: {why}")


async def _multipart(request: web.Request) -> tuple[bytes, list[UploadedFile]]:
    """``payload_json`` and the files of a multipart body; a part it cannot read is
    refused (400), never dropped: a file must not vanish without a word."""
    files: list[UploadedFile] = []
    payload = b"{}"
    try:
        reader = await request.multipart()
        while True:
            with warnings.catch_warnings():
                # aiohttp warns and answers None for a header it cannot parse.
                warnings.simplefilter("ignore", BadContentDispositionHeader)
                part = await reader.next()
                name = part.name if isinstance(part, BodyPartReader) else None
                filename = part.filename if isinstance(part, BodyPartReader) else None
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                raise _bad_part("nested multipart bodies are not supported")
            if name is None:
                raise _bad_part("a part without a readable Content-Disposition name")
            data = bytes(await part.read(decode=False))
            if name == "payload_json":
                payload = data
            elif name.startswith("file"):
                digits = name[6:-1] if name.startswith("files[") and name.endswith("]") else ""
                index = int(digits) if digits.isdigit() and len(digits) < 4 else len(files)
                files.append(UploadedFile(
                    index=index, filename=filename or f"file{index}",
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    data=data,
                ))
            elif filename is not None:
                raise _bad_part(f"a file in a part named {name[:40]!r}, not files[n]")
    except HttpProcessingError:
        # A NUL, CR or LF inside a part's headers: a malformed body, not a server error.
        raise _bad_part("a part's headers are malformed") from None
    return payload, files


async def read_body(request: web.Request, type_: type[T]) -> tuple[T, list[UploadedFile]]:
    """Decode a JSON body (or multipart ``payload_json`` with ``files[n]``) into ``type_``."""
    files: list[UploadedFile] = []
    raw = b""
    try:
        if request.content_type.startswith("multipart/"):
            raw, files = await _multipart(request)
        elif request.content_type == "application/x-www-form-urlencoded":
            # Discord's spec takes a form too (``content=hi``): its values are text,
            # read as numbers and booleans where the body has them, as JSON's are.
            raw = msgspec.json.encode(dict((await request.post()).items()))
        else:
            raw = await request.read()
            if not raw:
                raw = b"{}"
        return decoder(type_).decode(json_nulls_left_out(raw, type_)), files
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise validation_error(exc, raw) from None
    except (ValueError, AssertionError):
        raise APIError(400, 50109, "The request body contains invalid JSON.") from None
