"""Typed errors, shaped like discord.py's so ``except discord.Forbidden`` keeps working."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from multidict import CIMultiDict, CIMultiDictProxy

__all__ = [
    "ClientException",
    "DiscordException",
    "DiscordServerError",
    "ErrorResponse",
    "Forbidden",
    "HTTPException",
    "InvalidData",
    "InvalidResponse",
    "LoginFailure",
    "NotFound",
    "RESTTimeout",
    "RateLimited",
]


class DiscordException(Exception):
    """Base of every tidecord error."""


class ClientException(DiscordException):
    """The library was used in a way it cannot serve."""


class InvalidData(ClientException):
    """Discord answered with something the call cannot use (discord.py's name): a
    channel of another guild, say."""


class ClientClosed(ClientException):
    """A request was made after (or while) the client closed."""


class LoginFailure(ClientException):
    """The token was refused: ``code`` is 401 (REST) or 4004 (the gateway's close code)."""

    def __init__(self, message: str = "Improper token has been passed.", *,
                 code: int = 401) -> None:
        self.code = code
        super().__init__(message)


class RateLimited(DiscordException):
    """Waiting for the rate limits would take longer than the call may wait.

    That is ``max_ratelimit_timeout`` (the most one call waits for rate limits, queueing
    behind other calls included) or what is left of its ``rest_timeout``.
    ``retry_after`` is how long the wait would have been, when it is known; ``route``
    the call's route (its template: no token). ``str()`` is discord.py's sentence, which
    bots show as it is.
    """

    def __init__(self, retry_after: float, *, route: str = "") -> None:
        self.retry_after = retry_after
        self.route = route
        super().__init__(f"Too many requests. Retry in {retry_after:.2f} seconds.")


class InvalidResponse(DiscordException, ValueError):
    """A successful answer whose body is not what the call returns (empty, not JSON, or
    of another shape): a broken proxy or server. Also a ValueError."""

    def __init__(self, what: str, detail: str) -> None:
        self.what = what
        super().__init__(f"the answer is not a valid {what}: {detail}")


class RESTTimeout(DiscordException, TimeoutError):
    """A REST call did not finish within its deadline (``rest_timeout``, every retry and
    wait included) or a read stalled past ``rest_read_timeout``.

    Also a :class:`TimeoutError` (``except asyncio.TimeoutError`` catches it, as with
    discord.py). When the call was not idempotent it may still have been applied.
    """

    def __init__(self, route: str, seconds: float, *, reason: str = "deadline") -> None:
        self.route = route
        self.timeout = seconds
        super().__init__(f"{route}: no answer within the {reason} of {seconds:g} s")


def _flatten(errors: dict[str, Any], prefix: str = "") -> list[str]:
    """Turn Discord's error tree into ``In field.sub: message`` lines, as discord.py
    words them: a refused field's messages on one line (what else lies under it
    unsaid), anything that is not a field, such as a list of ``_errors`` at the top,
    said as it came."""
    lines: list[str] = []
    for key, value in errors.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if not isinstance(value, dict):
            lines.append(f"In {path}: {value}")
        elif "_errors" in value:
            leaf = value["_errors"]
            said = " ".join(str(item.get("message", "")) for item in leaf
                            if isinstance(item, dict)) if isinstance(leaf, list) else str(leaf)
            lines.append(f"In {path}: {said}")
        else:
            lines.extend(_flatten(value, path))
    return lines


class ErrorResponse:
    """The answer a failed call got, as much of discord.py's ``exc.response`` (its
    aiohttp response) as error handlers read: ``status``, ``reason``, ``headers``
    (``Retry-After``, ``X-RateLimit-*``...) and ``method``. The body is the error's
    ``text``; there is no ``url``, which for a webhook or an interaction holds a token.
    """

    __slots__ = ("headers", "method", "reason", "status")

    def __init__(self, status: int, reason: str, headers: Mapping[str, str],
                 method: str) -> None:
        self.status = status
        self.reason = reason
        self.headers = CIMultiDictProxy(CIMultiDict(headers))
        self.method = method

    def __repr__(self) -> str:
        said = " ".join(part for part in (self.method, str(self.status), self.reason) if part)
        return f"<ErrorResponse {said}>"


class HTTPException(DiscordException):
    """A REST call failed.

    ``status`` is the HTTP status, ``code`` Discord's JSON error code (0 when the
    body had none), ``text`` its message, ``errors`` the raw error tree of a 50035,
    ``response`` the answer (:class:`ErrorResponse`). ``method`` and ``route`` name the
    call by its template, never by its URL, so an interaction or webhook token cannot
    leak into logs.

    Made by hand as discord.py's is, ``HTTPException(response, message)`` (a test
    double of a response: anything with ``status`` and ``reason``; a message or
    Discord's JSON body), it reads its status from the response and keeps it as
    ``response``.
    """

    def __init__(
        self,
        response: int | Any,
        message: Any,
        *,
        method: str = "",
        route: str = "",
        reason: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if isinstance(response, int):
            status = response
            self.response: Any = ErrorResponse(status, reason, headers or {}, method)
        else:
            status = response.status
            reason = getattr(response, "reason", reason)
            self.response = response
        self.status: int = status
        self.method = method
        self.route = route
        self.errors: dict[str, Any] = {}
        if isinstance(message, dict):
            code = message.get("code", 0)
            self.code = code if isinstance(code, int) else 0
            said = message.get("message")
            base = "" if said is None else str(said)
            errors = message.get("errors")
            if isinstance(errors, dict):
                self.errors = errors
                lines = _flatten(errors)
                if lines:
                    base = base + "\n" + "\n".join(lines) if base else "\n".join(lines)
            self.text = base
        else:
            self.code = 0
            self.text = str(message or "")
        # discord.py's words, its "(error code: 0)" included when Discord gave none.
        head = f"{f'{status} {reason}'.strip()} (error code: {self.code})"
        text = f"{head}: {self.text}" if self.text else head
        super().__init__(text)


class Forbidden(HTTPException):
    """403: missing access or permissions."""


class NotFound(HTTPException):
    """404: the object does not exist (unknown channel, message, ...)."""


class DiscordServerError(HTTPException):
    """5xx that persisted through every retry."""
