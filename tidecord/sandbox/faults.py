"""Faults to inject: gateway drops, op 7/9, black holes, tampered frames, and REST failures.

REST faults are consumed one per API request, in arrival order. Each is one of:

- a status (5xx, or 429 with its scope, ``retry_after`` and with or without ``Via``),
  answered instead of handling the request, or, with ``after_write=True``, after the
  request was applied (a write that happened although the client saw an error);
- a reset: the TCP connection dropped, before or after the request was applied;
- a slow answer: the request waits ``seconds`` before it is handled;
- a raw answer: any status, body and headers (malformed responses for fuzzing).
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections import deque
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .rest.errors import json_response
from .rest.journal import INJECTED
from .rest.ratelimit import too_many

if TYPE_CHECKING:
    from tidecord.models import Guild

    from .gateway import GatewayHub

__all__ = ["FaultAPI", "Faults", "RestFault"]

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}
# More pending failures than any test needs; the bound keeps a typo from eating memory.
MAX_PENDING = 10_000
_SCOPES = ("user", "global", "shared")


@dataclasses.dataclass(frozen=True)
class RestFault:
    """One injected REST failure (see the module docstring)."""

    kind: str  # "status", "reset", "slow" or "raw"
    status: int = 500
    retry_after: float = 0.05
    after_write: bool = False
    scope: str = "user"
    via: bool = True
    seconds: float = 0.0
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    def response(self, request: web.Request) -> web.StreamResponse:
        """The answer this fault gives (a reset aborts the connection first), marked as
        injected for the REST log: Discord did not do this."""
        response = self._response(request)
        response[INJECTED] = True
        return response

    def _response(self, request: web.Request) -> web.StreamResponse:
        if self.kind == "reset":
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)  # never reaches the client
        if self.kind == "raw":
            return web.Response(status=self.status, body=self.body, headers=dict(self.headers))
        if self.status == 429:
            response = too_many(self.retry_after, scope=self.scope)
            if not self.via:
                del response.headers["Via"]
            return response
        reason = _REASONS.get(self.status, "Server Error")
        return json_response({"message": f"{self.status}: {reason}", "code": 0},
                             status=self.status)


class Faults:
    """Pending REST faults, consumed one per API request in arrival order."""

    def __init__(self) -> None:
        self._pending: deque[RestFault] = deque()

    def _add(self, n: int, fault: RestFault) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or not (
                0 <= n <= MAX_PENDING - len(self._pending)):
            raise ValueError(f"n (count) must be between 0 and {MAX_PENDING} pending in all, "
                             f"not {n!r}")
        self._pending.extend([fault] * n)

    def fail_next_rest(self, n: int = 1, status: int = 500, retry_after: float = 0.05, *,
                       after_write: bool = False, scope: str = "user", via: bool = True) -> None:
        """Answer the next ``n`` REST calls with ``status`` (a 5xx, or 429)."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError("status must be 429 or a 5xx")
        if not math.isfinite(retry_after) or retry_after < 0:
            raise ValueError(f"retry_after must be a finite number >= 0, not {retry_after!r}")
        if scope not in _SCOPES:
            raise ValueError(f"scope must be one of {_SCOPES}, not {scope!r}")
        if after_write and status == 429:
            raise ValueError("after_write: a 429 means the request was not applied")
        self._add(n, RestFault("status", status=status, retry_after=retry_after,
                               after_write=after_write, scope=scope, via=via))

    def reset_next_rest(self, n: int = 1, *, after_write: bool = False) -> None:
        """Drop the connection of the next ``n`` REST calls (after applying them, if asked)."""
        self._add(n, RestFault("reset", after_write=after_write))

    def slow_next_rest(self, n: int = 1, seconds: float = 1.0) -> None:
        """Hold the next ``n`` REST calls ``seconds`` before handling them."""
        if not math.isfinite(seconds) or not 0 <= seconds <= 600:
            raise ValueError(f"seconds must be between 0 and 600, not {seconds!r}")
        self._add(n, RestFault("slow", seconds=seconds))

    def answer_next_rest(self, n: int = 1, status: int = 200, body: bytes = b"",
                         headers: dict[str, str] | None = None) -> None:
        """Answer the next ``n`` REST calls with exactly this status, body and headers."""
        if not 100 <= status <= 599:
            raise ValueError(f"status must be between 100 and 599, not {status!r}")
        pairs = tuple((headers or {}).items())
        if not all(isinstance(part, str) and "\r" not in part and "\n" not in part
                   for pair in pairs for part in pair):
            raise ValueError("headers must be names and values of one line of text each")
        self._add(n, RestFault("raw", status=status, body=bytes(body), headers=pairs))

    @property
    def pending(self) -> int:
        """How many injected failures are left."""
        return len(self._pending)

    def clear(self) -> None:
        """Forget pending failures."""
        self._pending.clear()

    def take(self) -> RestFault | None:
        """The fault for this request, if one is pending."""
        return self._pending.popleft() if self._pending else None

    async def before(self, fault: RestFault, request: web.Request) -> web.StreamResponse | None:
        """Apply ``fault`` before the request is handled: its answer, or None to go on."""
        if fault.kind == "slow":
            await asyncio.sleep(fault.seconds)
            return None
        if fault.after_write:
            return None
        return fault.response(request)


class FaultAPI:
    """The sandbox's fault methods (mixed into :class:`Sandbox`)."""

    faults: Faults

    if TYPE_CHECKING:
        @property
        def hub(self) -> GatewayHub: ...

        @property
        def guild(self) -> Guild: ...

        def guild_named(self, name: str) -> Guild: ...

    async def drop_connections(self, code: int | None = None, *, shard: int | None = None) -> int:
        """Drop every gateway connection, or shard ``shard``'s only (no close frame, or
        ``code``); sessions stay."""
        return self.hub.drop_connections(code, shard)

    async def send_reconnect(self, *, shard: int | None = None) -> int:
        """Send op 7 (Reconnect) to every connection, or shard ``shard``'s only."""
        return self.hub.send_reconnect(shard)

    async def inject_dispatch(self, event: str, payload: bytes) -> int:
        """Send a dispatch with the raw ``d`` bytes given, e.g. a malformed one."""
        return self.hub.inject_dispatch(event, payload)

    async def inject_frame(self, frame: bytes, *, compress: bool = True) -> int:
        """Send raw bytes as one gateway message (they need not be JSON); with
        ``compress=False`` they bypass the transport compression (a corrupt stream)."""
        return self.hub.inject_frame(frame, compress=compress)

    async def invalidate_session(self, resumable: bool = False, *,
                                 shard: int | None = None) -> int:
        """Send op 9 (Invalid Session) with ``d = resumable`` to every connection, or
        shard ``shard``'s only."""
        return self.hub.invalidate_sessions(resumable, shard)

    async def black_hole(self, *, shard: int | None = None) -> int:
        """Make every live connection (or shard ``shard``'s) a black hole: nothing more
        is delivered (it stays in the session, for a resume) and nothing the client
        sends is read, no heartbeat ACK either, until the client closes it. Returns how
        many."""
        return self.hub.black_hole(shard)

    def tamper_next(self, kind: str, payload: bytes, count: int = 1) -> None:
        """The next ``count`` HELLO (op 10) or READY frames carry ``payload`` as their ``d``."""
        self.hub.tamper_next(kind, payload, count)

    async def guild_outage(self, guild: int | str | None = None) -> int:
        """A guild (its id or name; the first one by default) goes down: the bot gets
        GUILD_DELETE with ``unavailable`` true and hears nothing of it until
        :meth:`end_guild_outage`. Returns how many sessions were told."""
        return self.hub.guild_outage(self._guild_id(guild))

    async def end_guild_outage(self, guild: int | str | None = None) -> int:
        """The guild is back: GUILD_CREATE (``unavailable`` false) to every session."""
        return self.hub.guild_back(self._guild_id(guild))

    def _guild_id(self, guild: int | str | None) -> int:
        if guild is None:
            return int(self.guild.id)
        if isinstance(guild, str) and not guild.isdigit():
            return int(self.guild_named(guild).id)
        return int(self.hub.state.guild(int(guild)).id)

    def stall_heartbeat_acks(self, stalled: bool = True) -> None:
        """Stop (or resume) answering heartbeats with op 11."""
        self.hub.acks_stalled = stalled

    def fail_next_rest(self, n: int = 1, status: int = 500, retry_after: float = 0.05,
                       **options: Any) -> None:
        """Answer the next ``n`` REST calls with ``status`` (5xx or 429); options:
        ``after_write`` (apply the request, then fail), ``scope`` and ``via`` (429s)."""
        self.faults.fail_next_rest(n, status, retry_after, **options)

    def reset_next_rest(self, n: int = 1, *, after_write: bool = False) -> None:
        """Drop the TCP connection of the next ``n`` REST calls (after applying them, if asked)."""
        self.faults.reset_next_rest(n, after_write=after_write)

    def slow_next_rest(self, n: int = 1, seconds: float = 1.0) -> None:
        """Hold each of the next ``n`` REST calls ``seconds`` before handling it."""
        self.faults.slow_next_rest(n, seconds)

    def answer_next_rest(self, n: int = 1, status: int = 200, body: bytes = b"",
                         headers: dict[str, str] | None = None) -> None:
        """Answer the next ``n`` REST calls with this raw status, body and headers."""
        self.faults.answer_next_rest(n, status, body, headers)
