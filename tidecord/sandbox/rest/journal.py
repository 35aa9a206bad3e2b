"""The bot's failed and rate-limited REST calls: the chat page's developer console.

Every ``/api`` call answered with an error (4xx, 5xx) or a 429 is recorded, and so is
a call that used up its rate-limit bucket when the bucket resets a second or more
later (a library that reads the headers then waits without ever seeing a 429: the
bot goes quiet, and this says why). The last :data:`KEPT` records stay readable
(``sb.rest_log.records``, ``GET /_sandbox/rest-log``; ``sb.rest_log.totals`` counts
every record by kind) and each goes to the chat
page's feed as ``SANDBOX_REST_LOG``; the page shows it as a small system line in the
channel the call was about. No token is recorded: routes are kept as templates
(``/webhooks/{webhook_id}/{token}``), never as the path that was called.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web

from tidecord.models import Snowflake

from ..snowflakes import SnowflakeFactory, iso_timestamp
from .context import SANDBOX

if TYPE_CHECKING:
    from ..feed import Feed
    from ..interactions import Interactions
    from ..state import State
    from .ratelimit import RateLimits

__all__ = ["KEPT", "RestCall", "RestLog", "rest_log_middleware"]

log = logging.getLogger("tidecord.sandbox.rest")
KEPT = 500
# A bucket that empties with less than this left to wait costs the bot nothing visible.
LONG_WAIT = 1.0
_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Set on a response by the fault injector (faults.py): not Discord's doing.
INJECTED = web.ResponseKey("tidecord_sandbox_injected_fault", bool)


class RestCall(msgspec.Struct, kw_only=True):
    """One REST call worth telling the developer about.

    ``kind``: ``"error"`` (4xx/5xx), ``"rate_limited"`` (429) or ``"bucket_exhausted"``
    (the call used the bucket's last request; the next one waits ``retry_after`` s).
    """

    id: Snowflake
    timestamp: str
    kind: str
    method: str
    route: str
    status: int
    summary: str
    code: int | None = None
    message: str | None = None
    retry_after: float | None = None
    scope: str | None = None
    injected: bool = False
    authorized: bool = True
    channel_id: Snowflake | None = None
    guild_id: Snowflake | None = None


class RestLog:
    """Records the bot's failed and rate-limited calls and streams them to the feed."""

    def __init__(self, state: State, feed: Feed, limits: RateLimits,
                 interactions: Interactions) -> None:
        self._state = state
        self._feed = feed
        self._limits = limits
        self._interactions = interactions
        # Another worker than the state's: ids sort with messages by time, and asking
        # for them does not change the ids the state gives messages.
        self._ids = SnowflakeFactory(worker=2)
        self.records: deque[RestCall] = deque(maxlen=KEPT)
        # Every record ever made, by kind: ``records`` keeps only the last KEPT.
        self.totals: Counter[str] = Counter()

    def for_channel(self, channel_id: int | None) -> list[RestCall]:
        """Records about one channel (``None``: those about no channel), oldest first."""
        return [r for r in self.records if r.channel_id == channel_id]

    def observe(self, request: web.Request, response: web.StreamResponse) -> RestCall | None:
        """Record the call if it failed, was limited, or emptied a slow bucket."""
        status = response.status
        remaining = response.headers.get("X-RateLimit-Remaining")
        if status < 400 and remaining != "0":
            return None
        method, route = request.method, _template(request)
        body = _json_body(response) if status >= 400 else {}
        retry_after = _number(body.get("retry_after"))
        if status == 429:
            kind = "rate_limited"
            scope = response.headers.get("X-RateLimit-Scope")
            where = " (global limit)" if body.get("global") else ""
            summary = (f"rate limited on {method} {route}{where}, "
                       f"retry after {_seconds(retry_after)}")
        elif status >= 400:
            kind, scope = "error", None
            summary = _error_summary(status, body, method, route)
        else:
            wait = _number(response.headers.get("X-RateLimit-Reset-After"))
            if wait is None or wait < LONG_WAIT:
                return None
            kind, scope, retry_after = "bucket_exhausted", "user", wait
            limit, per = self._limits.for_route(f"{method} {route}")
            summary = (f"used up its {limit} request{'s' if limit != 1 else ''} per "
                       f"{_seconds(per)} on {method} {route}: the next one waits "
                       f"{_seconds(wait)}")
        injected = bool(response.get(INJECTED, False))
        if injected:
            summary += " (injected by the sandbox)"
        channel_id = self._channel_of(request)
        guild = request.match_info.get("guild_id")
        guild_id = int(guild) if guild and guild.isdigit() else self._guild_of(channel_id)
        now = self._state.clock.time_ms()
        call = RestCall(
            id=self._ids.at(now), timestamp=iso_timestamp(now), kind=kind, method=method,
            route=route, status=status, summary=summary, code=_code(body),
            message=_text(body.get("message")), retry_after=retry_after, scope=scope,
            injected=injected, authorized=status != 401,
            channel_id=Snowflake(channel_id) if channel_id is not None else None,
            guild_id=Snowflake(guild_id) if guild_id is not None else None,
        )
        self.records.append(call)
        self.totals[kind] += 1
        self._feed.publish("SANDBOX_REST_LOG", call)
        return call

    def _guild_of(self, channel_id: int | None) -> int | None:
        channel = self._state.channels.get(channel_id) if channel_id is not None else None
        return self._state.guild_id_of(channel) if channel is not None else None

    def _channel_of(self, request: web.Request) -> int | None:
        """The channel a call was about: from its path, or its interaction's channel."""
        match = request.match_info
        raw = match.get("channel_id")
        if raw is not None:
            return int(raw) if raw.isdigit() else None
        token = match.get("token")
        if token is None:
            return None
        record = self._interactions.by_token.get(token)
        return record.channel_id if record is not None else None


@web.middleware
async def rest_log_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost ``/api`` middleware: shows every answer to the REST log (and, when
    the sandbox records requests, every request to its recorder)."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    recorder = request.app[SANDBOX].requests
    response = await (recorder.serve(request, handler) if recorder.on else handler(request))
    try:
        request.app[SANDBOX].rest_log.observe(request, response)
    except Exception:  # the console must never cost the bot its answer
        # The route, not the path: a webhook's or an interaction's path holds its token.
        log.exception("could not record %s %s in the REST log", request.method,
                      _template(request))
    return response


def _template(request: web.Request) -> str:
    if request.match_info.http_exception is not None:
        # No route matched: the path has no template, and may hold anything (a token).
        return "(unknown route)"
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else "(unknown route)"
    return canonical[len(_PREFIX):] if canonical.startswith(_PREFIX) else canonical


def _json_body(response: web.StreamResponse) -> dict[str, Any]:
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or not body:
        return {}
    try:
        data = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):  # injected garbage, nested past the limit
        return {}
    return data if isinstance(data, dict) else {}


def _error_summary(status: int, body: dict[str, Any], method: str, route: str) -> str:
    """"403 Missing Permissions (50013) on POST /channels/{channel_id}/messages"."""
    message = _text(body.get("message")) or ""
    # Discord's generic messages already start with the status ("404: Not Found").
    if message.startswith(f"{status}:"):
        message = message[len(str(status)) + 1:].strip()
    code = _code(body)
    label = f"{status} {message}".strip()
    if code:
        label += f" ({code})"
    return f"{label} on {method} {route}"


def _code(body: dict[str, Any]) -> int | None:
    code = body.get("code")
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _seconds(value: float | None) -> str:
    """4.8 s, 0.25 s, 5 s."""
    if value is None:
        return "a moment"
    text = f"{value:.2f}" if value < 1 else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") + " s"
