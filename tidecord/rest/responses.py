"""Reading what Discord answered: rate-limit headers, 429 bodies, errors; garbage tolerated.

A header or a ``retry_after`` that is not a finite number is treated as absent,
never as a crash: a broken proxy must cost the call a clear error at worst.
"""

from __future__ import annotations

import math
import socket
from collections.abc import Mapping
from typing import Any, Final, TypeVar

import aiohttp
import msgspec
import yarl
from multidict import CIMultiDict, CIMultiDictProxy

from .errors import DiscordServerError, Forbidden, HTTPException, InvalidResponse, NotFound
from .route import Route

__all__ = [
    "RateLimitInfo",
    "decode_body",
    "error_for",
    "is_dns_failure",
    "json_or_text",
    "number",
    "rate_limit_info",
    "told_by_template",
]

_JSON_DECODER: Final = msgspec.json.Decoder()
T = TypeVar("T")


def decode_body(decoder: msgspec.json.Decoder[T], data: bytes | None) -> T:
    """A 2xx body decoded into what the call returns; :class:`InvalidResponse` if it is not."""
    what = getattr(decoder.type, "__name__", str(decoder.type))
    if not data:
        raise InvalidResponse(what, "the body is empty")
    try:
        return decoder.decode(data)
    except (msgspec.DecodeError, RecursionError) as exc:  # ValidationError included
        raise InvalidResponse(what, str(exc)[:200]) from None


def number(value: Any) -> float | None:
    """``value`` as a finite float >= 0, or None (absent, garbage, NaN, negative)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return out if math.isfinite(out) and out >= 0 else None


def json_or_text(data: bytes, content_type: str | None) -> Any:
    """A body as JSON when it says so and parses, else as text."""
    if content_type is not None and content_type.startswith("application/json"):
        try:
            return _JSON_DECODER.decode(data)
        except (msgspec.DecodeError, RecursionError):
            pass
    return data.decode("utf-8", "replace")


class RateLimitInfo:
    """What a 429 says: how long to wait, and whether every call must (global)."""

    __slots__ = ("is_global", "retry_after", "scope")

    def __init__(self, retry_after: float, is_global: bool, scope: str) -> None:
        self.retry_after = retry_after
        self.is_global = is_global
        self.scope = scope


def rate_limit_info(body: Any, headers: Mapping[str, str]) -> RateLimitInfo | None:
    """The wait a 429 asks for; None when neither body nor headers give a usable one."""
    retry_after = number(body.get("retry_after")) if isinstance(body, dict) else None
    if retry_after is None:
        retry_after = number(headers.get("Retry-After"))
    if retry_after is None:
        return None
    is_global = (isinstance(body, dict) and body.get("global") is True) or headers.get(
        "X-RateLimit-Global") == "true"
    return RateLimitInfo(retry_after, is_global, headers.get("X-RateLimit-Scope", "user"))


def error_for(route: Route, status: int, reason: str, body: Any,
              headers: Mapping[str, str] | None = None) -> HTTPException:
    """The typed error for a failed call (``headers``: the answer's)."""
    kind: type[HTTPException] = HTTPException
    if status == 403:
        kind = Forbidden
    elif status == 404:
        kind = NotFound
    elif status >= 500:
        kind = DiscordServerError
    return kind(status, body, method=route.method, route=route.template, reason=reason,
                headers=headers)


def told_by_template(exc: aiohttp.ClientResponseError, api_url: str,
                     route: Route) -> aiohttp.ClientResponseError:
    """``exc`` (an answer aiohttp could not parse), naming the call by its route's
    template, with no request headers: its URL may hold a webhook's or an interaction's
    token, its headers the bot's."""
    url = yarl.URL(api_url.rstrip("/") + route.template, encoded=True)
    info = aiohttp.RequestInfo(url, route.method, CIMultiDictProxy(CIMultiDict()), url)
    return type(exc)(info, (), status=exc.status, message=exc.message)


def is_dns_failure(exc: BaseException) -> bool:
    """Whether connecting failed because the host name did not resolve."""
    return isinstance(exc, aiohttp.ClientConnectorError) and isinstance(
        exc.os_error, socket.gaierror)
