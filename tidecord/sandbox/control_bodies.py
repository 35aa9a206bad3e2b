"""How the control API reads its requests and answers: JSON bodies, the numbers
and channel they name, and errors as ``{"error": message, "code": discord_code}``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import msgspec
from aiohttp import web

from .rest.errors import APIError, json_response
from .state import StateError

__all__ = ["Handler", "Route", "error_response", "guarded", "named_channel", "number",
           "read_json"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
N = TypeVar("N", int, float)
#: A control route: (method, path under ``/_sandbox``, handler).
Route = tuple[str, str, Handler]


def error_response(message: str, code: int = 0, status: int = 400) -> web.Response:
    """A control API error: ``{"error": message, "code": code}`` with ``status``."""
    return json_response({"error": message, "code": code}, status=status)


def guarded(handler: Handler) -> Handler:
    """``handler`` answering its StateError, APIError and bad input as control errors."""
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except StateError as exc:
            return error_response(exc.message, exc.code, exc.status)
        except APIError as exc:
            return error_response(exc.message, exc.code, exc.status)
        except (KeyError, ValueError, TypeError, OverflowError, msgspec.DecodeError,
                msgspec.ValidationError) as exc:
            return error_response(f"bad request: {exc}")
    return wrapped


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request's JSON object (``{}`` for an empty body)."""
    raw = await request.read()
    data = msgspec.json.decode(raw) if raw else {}
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def named_channel(d: dict[str, Any]) -> Any:
    """The channel a control body names (``channel`` or ``channel_id``)."""
    return d.get("channel", d.get("channel_id"))


def number(d: dict[str, Any], key: str, kind: type[N], default: N | None = None) -> N:
    """``d[key]`` as an int or float; a ValueError naming ``key`` when it is not one."""
    raw = d.get(key, default)
    if raw is None:
        raise ValueError(f"{key} is required")
    try:
        return kind(raw)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{key} must be a number, not {raw!r:.40}") from None
