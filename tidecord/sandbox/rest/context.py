"""What route handlers share: the sandbox behind the app, path ids, bodies, auth."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from aiohttp import BodyPartReader, web

from tidecord.models import Snowflake, decoder

from ..state import StateError
from .errors import APIError, form_error, validation_error

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = [
    "SANDBOX",
    "UploadedFile",
    "read_body",
    "sandbox_of",
    "snowflake",
    "state_error",
]

T = TypeVar("T")
SANDBOX: web.AppKey[Any] = web.AppKey("sandbox", object)


def sandbox_of(request: web.Request) -> Sandbox:
    """The sandbox serving this request."""
    sb: Sandbox = request.app[SANDBOX]
    return sb


def snowflake(request: web.Request, name: str) -> Snowflake:
    """A path parameter as a snowflake; 50035 when it is not one (as Discord)."""
    raw = request.match_info[name]
    if not raw.isdigit() or len(raw) > 20:
        raise form_error({name: ("NUMBER_TYPE_COERCE", f'Value "{raw}" is not snowflake.')})
    return Snowflake(int(raw))


def state_error(exc: StateError) -> APIError:
    """A state refusal as the API error it stands for."""
    return APIError(exc.status, exc.code, exc.message)


class UploadedFile(msgspec.Struct):
    """A ``files[n]`` part of a multipart body."""

    index: int
    filename: str
    content_type: str
    data: bytes


async def read_body(request: web.Request, type_: type[T]) -> tuple[T, list[UploadedFile]]:
    """Decode a JSON body (or multipart ``payload_json`` with ``files[n]``) into ``type_``."""
    files: list[UploadedFile] = []
    try:
        if request.content_type.startswith("multipart/"):
            payload = b"{}"
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader):
                    continue
                name = part.name or ""
                data = await part.read(decode=False)
                if name == "payload_json":
                    payload = bytes(data)
                elif name.startswith("files[") or name.startswith("file"):
                    index = int(name[6:-1]) if name.startswith("files[") and name[6:-1].isdigit() \
                        else len(files)
                    files.append(UploadedFile(
                        index=index, filename=part.filename or f"file{index}",
                        content_type=part.headers.get("Content-Type", "application/octet-stream"),
                        data=bytes(data),
                    ))
            raw = payload
        else:
            raw = await request.read()
            if not raw:
                raw = b"{}"
        return decoder(type_).decode(raw), files
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise validation_error(exc) from None
    except (ValueError, AssertionError):
        raise APIError(400, 50109, "The request body contains invalid JSON.") from None
