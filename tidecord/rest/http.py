"""The REST transport: one aiohttp session, per-route buckets, the global limiter, retries.

Every call has a deadline (``timeout``: its waits, attempts and retries together)
and each read a stall limit (``read_timeout``); past either it raises
:class:`RESTTimeout`. A call that may already have been applied (the request
went out, then the connection broke, a read stalled, or a 5xx came back) is
retried only when repeating it cannot apply it twice: GET, PUT, PATCH, DELETE, and
calls that say so (a message sent with a nonce Discord enforces).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, Final
from urllib.parse import quote

import aiohttp
import msgspec
import yarl

from .. import __version__
from ..models import encode
from . import eager_writes
from .budget import MAX_BLOCK, WaitBudget
from .clock import ServerClock
from .counters import RESTCounters
from .errors import ClientClosed, HTTPException, LoginFailure, RateLimited, RESTTimeout
from .files import File, build_fields_form, build_form
from .global_limit import GlobalLimiter
from .ratelimit import Bucket, SharedLimits
from .responses import (
    error_for,
    is_dns_failure,
    json_or_text,
    number,
    rate_limit_info,
    told_by_template,
)
from .route import Route
from .secret import Secret, hide

__all__ = ["DEFAULT_API_URL", "HTTPClient", "api_url_from_env"]

log = logging.getLogger("tidecord.rest")

DEFAULT_API_URL: Final = "https://discord.com/api/v10"


def api_url_from_env() -> str:
    """``$TIDECORD_API_URL`` (a sandbox's, as ``tidecord run`` sets it), else Discord's."""
    return os.environ.get("TIDECORD_API_URL") or DEFAULT_API_URL


# 524: Cloudflare's "a timeout occurred" in front of Discord (discord.py retries it too).
_RETRY_STATUS: Final = frozenset({500, 502, 503, 504, 524})
_JSON_DECODER: Final = msgspec.json.Decoder()
# Failures after which the request may have reached Discord (and been applied).
_MAYBE_SENT: Final = (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, OSError,
                      TimeoutError)


class _Retry(Exception):
    """Internal: this attempt failed in a way worth another. ``limited``: a 429, after
    which the limiters (or ``wait``, when this call alone must wait: a sub-limit) hold
    the next attempt back exactly as long as Discord asked; else the usual backoff."""

    def __init__(self, wait: float = 0.0, *, limited: bool = False) -> None:
        super().__init__()
        self.wait = wait
        self.limited = limited


class HTTPClient(RESTCounters):
    """Sends REST calls without earning 429s, retrying what is safe to retry.

    ``timeout`` (s, default 60) bounds each call from start to finish, rate-limit
    waits and retries included; ``read_timeout`` (default 30) bounds each wait for
    the server's bytes. Past either: :class:`RESTTimeout`. ``max_ratelimit_timeout``
    (default None: up to the deadline) bounds the time one call spends waiting for
    rate limits, queueing behind other calls included; past it: :class:`RateLimited`.
    ``session``: an ``aiohttp.ClientSession`` to send through, which stays the
    caller's to close (a webhook made with ``session=``).
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        max_ratelimit_timeout: float | None = None,
        timeout: float | None = 60.0,
        read_timeout: float | None = 30.0,
        global_rate: int = 50,
        max_retries: int = 5,
        connector: aiohttp.BaseConnector | None = None,
        session: aiohttp.ClientSession | None = None,
        proxy: str | None = None,
        proxy_auth: aiohttp.BasicAuth | None = None,
        trace_configs: Sequence[aiohttp.TraceConfig] = (),
    ) -> None:
        for name, value in (("timeout", timeout), ("read_timeout", read_timeout),
                            ("max_ratelimit_timeout", max_ratelimit_timeout)):
            if value is not None and (number(value) is None or value <= 0):
                raise ValueError(f"{name} must be a number of seconds > 0 or None, not {value!r}")
        super().__init__()
        self.api_url = api_url.rstrip("/")
        self.max_ratelimit_timeout = max_ratelimit_timeout
        self.timeout = timeout
        self.read_timeout = read_timeout
        self.max_retries = max_retries
        self._connector = connector
        # discord.py's proxy, proxy_auth and http_trace: for the session this client makes.
        # The credentials ride in the proxy's URL (aiohttp 3.14 deprecates proxy_auth).
        if proxy is not None and proxy_auth is not None:
            proxy = str(yarl.URL(proxy).with_user(proxy_auth.login)
                        .with_password(proxy_auth.password))
        self._proxy = hide(proxy)  # with its password: '<hidden>' in vars()
        self._trace_configs = list(trace_configs)
        # A session handed in is the caller's: used as it is, never closed here.
        self._session: aiohttp.ClientSession | None = session
        self._own_session = session is None
        # The loop whose request bodies leave at once while this client is open (3.11).
        self._writes_on: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._logged_in = False
        self._token: str | None = None
        self._hashes: dict[str, str] = {}
        self._buckets: dict[str, Bucket] = {}
        self._global = GlobalLimiter(global_rate)
        self._clock = ServerClock()
        # Limits shared with the other processes of a cluster (None: this process alone).
        self.shared: SharedLimits | None = None
        self._headers: dict[str, str] = {
            "User-Agent": f"DiscordBot (https://github.com/tidecord/tidecord, {__version__})",
        }
        self.requests_made = 0
        self.ratelimited = 0  # 429s received (a test asserts we earn none)

    def __repr__(self) -> str:
        return f"<HTTPClient api_url={self.api_url!r}>"

    @property
    def session(self) -> aiohttp.ClientSession:
        """The shared session (REST and gateway); created on first use."""
        if self._closed:
            # A request still in flight when close() ran must not open a new session.
            raise ClientClosed("the client is closed")
        if self._session is None or self._session.closed:
            if not self._own_session:
                raise ClientClosed("the aiohttp session handed to this client is closed")
            self._session = aiohttp.ClientSession(
                connector=self._connector, proxy=self._proxy,
                trace_configs=self._trace_configs or None)
            if self._writes_on is None:
                self._writes_on = asyncio.get_running_loop()
                eager_writes.attach(self._writes_on)
        return self._session

    @property
    def custom_network(self) -> bool:
        """Whether the caller chose how to connect: a session, a connector, a proxy or a
        trace handed in (the gateway then goes through the same session)."""
        return (not self._own_session or self._connector is not None
                or self._proxy is not None or bool(self._trace_configs))

    @property
    def has_token(self) -> bool:
        """Whether calls go with a bot token."""
        return self._token is not None

    def set_token(self, token: str | None) -> None:
        """Use ``token`` for every call from now on."""
        self._token = hide(token)
        if token is None:
            self._headers.pop("Authorization", None)
        else:
            self._headers["Authorization"] = Secret(f"Bot {token}")

    async def close(self) -> None:
        """Close the session and its connections; requests fail until ``login``."""
        self._closed = True
        await self._let_go()

    async def _let_go(self) -> None:
        """Close our own session and its connections (the next request opens another)."""
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
        if self._writes_on is not None:
            eager_writes.detach(self._writes_on)
            self._writes_on = None

    def _bucket_for(self, route: Route) -> tuple[str, Bucket]:
        key = f"{self._hashes.get(route.key, route.key)}|{route.major}"
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 4096:
                for stale in [k for k, b in self._buckets.items() if b.idle]:
                    del self._buckets[stale]
            bucket = self._buckets[key] = Bucket(route.key)
        return key, bucket

    def _learn(self, route: Route, bucket: Bucket, status: int, h: Any,
               handled: float | None) -> None:
        bucket_hash = h.get("X-RateLimit-Bucket")
        if bucket_hash is not None and self._hashes.get(route.key) != bucket_hash:
            self._hashes[route.key] = bucket_hash
            self._buckets.setdefault(f"{bucket_hash}|{route.major}", bucket)
        limit = number(h.get("X-RateLimit-Limit"))
        if limit is None or limit < 1 or status == 429:
            return
        reset_after = number(h.get("X-RateLimit-Reset-After")) or 0.0
        if reset_after > MAX_BLOCK:
            # Not a window anyone means (Reset-After: 1e9): trusting it would close
            # this route for years. Learn nothing from these headers.
            log.warning("%s: ignored rate limit headers with a window of %.3g s",
                        route.key, reset_after)
            return
        remaining = int(number(h.get("X-RateLimit-Remaining")) or 0)
        reset_by = math.inf
        if handled is not None:
            now = time.monotonic()
            reset_by = self._clock.latest(handled + reset_after, now)
        bucket.update(int(limit), remaining, reset_after, reset_by)
        if self.shared is not None:
            self.shared.learn(_shared_key(route), int(limit), remaining, reset_after)

    async def request(
        self,
        route: Route,
        *,
        json: Any = None,
        files: list[File] | None = None,
        reason: str | None = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
    ) -> Any:
        """Make one call; returns the decoded JSON (or ``None`` for 204)."""
        data = await self.request_raw(route, json=json, files=files, reason=reason,
                                      params=params, auth=auth, idempotent=idempotent)
        return None if data is None else _JSON_DECODER.decode(data)

    async def request_raw(
        self,
        route: Route,
        *,
        json: Any = None,
        files: list[File] | None = None,
        reason: str | None = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        idempotent: bool | None = None,
        form_fields: bool = False,
    ) -> bytes | None:
        """Make one call; returns the raw body bytes (``None`` for an empty body).

        ``idempotent`` (default: by method) says whether repeating the call after it
        may have been applied is harmless. Callers decode straight into the model
        they expect. ``form_fields``: ``json``'s keys go as form fields beside one
        ``file`` part (the sticker upload), not as ``payload_json``.
        """
        headers = dict(self._headers)
        if not auth:
            headers.pop("Authorization", None)
        if reason:
            try:
                headers["X-Audit-Log-Reason"] = quote(reason, safe="/ ")
            except TypeError:  # named here, not as quote_from_bytes's "expected bytes"
                raise TypeError(f"reason must be str, not {type(reason).__name__}") from None
        body: bytes | None = None
        make_form: Callable[[], aiohttp.FormData] | None = None
        if files and form_fields:
            make_form = functools.partial(build_fields_form, json or {}, files[0],
                                          await files[0].read())
        elif files:
            contents = [await f.read() for f in files]
            # A partial, not a closure: a closure's cells would cost every call.
            make_form = functools.partial(build_form, encode(json if json is not None else {}),
                                          files, contents)
        elif json is not None:
            body = encode(json)
            headers["Content-Type"] = "application/json"
        call = _Call(route, self.api_url + route.path, headers, body, make_form, params,
                     route.idempotent if idempotent is None else idempotent,
                     WaitBudget(route.key, self.timeout, self.max_ratelimit_timeout))
        try:
            return await self._run(call)
        except RESTTimeout:
            raise
        except TimeoutError:
            raise self._timed_out(call) from None

    async def _run(self, call: _Call) -> bytes | None:
        route = call.route
        _, bucket = self._bucket_for(route)
        attempt = 0
        shared = self.shared
        while True:
            attempt += 1
            began = time.monotonic()
            await bucket.acquire(call.budget)
            acquired = False
            try:
                if shared is not None:
                    await shared.acquire(_shared_key(route), route.global_exempt, call.budget)
                    acquired = True
                elif not route.global_exempt:
                    await self._global.acquire(call.budget)
                    call.holds_global = True
                self._waited(route.key, began)
                try:
                    return await self._attempt(call, bucket, attempt)
                except _Retry as caught:
                    retry = caught
            finally:
                self._release_global(call)
                bucket.release()
                if acquired:
                    shared.release(_shared_key(route))  # type: ignore[union-attr]
            if retry.limited:
                # Discord said how long to wait: no backoff on top of it.
                if retry.wait:
                    await call.budget.sleep(retry.wait)
                continue
            # Back off with the bucket released, so other calls can use it.
            delay = self._backoff(attempt)
            if time.monotonic() + delay >= call.budget.deadline:
                raise self._timed_out(call)
            await asyncio.sleep(delay)

    async def _attempt(self, call: _Call, bucket: Bucket, attempt: int) -> bytes | None:
        route = call.route
        left = call.budget.deadline - time.monotonic()
        if left <= 0:
            raise self._timed_out(call)
        timeout = aiohttp.ClientTimeout(total=left if left != float("inf") else None,
                                        sock_read=self.read_timeout)
        last = attempt >= self.max_retries
        sent = time.monotonic()
        try:
            async with self.session.request(
                route.method, call.url, headers=call.headers, params=call.params,
                data=call.make_form() if call.make_form is not None else call.body,
                timeout=timeout,
            ) as resp:
                received = time.monotonic()
                self.requests_made += 1
                status, h, reason = resp.status, resp.headers, resp.reason or ""
                self._count(route.key, status)
                handled = self._handled_at(h, sent, received)
                # Before the body: a slow body must not keep other calls from the bucket.
                self._release_global(
                    call, math.inf if handled is None else self._clock.latest(handled, received))
                self._learn(route, bucket, status, h, handled)
                data = await resp.read()
        except aiohttp.ClientConnectorError as exc:
            self._count(route.key, 0)
            # Never reached the server: safe to retry, except a name that does not
            # resolve before we ever logged in (a typo or no network: final).
            if last or (is_dns_failure(exc) and not self._logged_in):
                raise
            log.warning("%s: cannot connect (%s), retrying", route.key, exc)
            raise _Retry() from None
        except aiohttp.ClientResponseError as exc:
            self._count(route.key, 0)
            raise told_by_template(exc, self.api_url, route) from None
        except _MAYBE_SENT as exc:
            self._count(route.key, 0)
            call.maybe_applied = True
            if self._closed:
                # close() cut this call's connection: it ends here, not in a retry.
                raise ClientClosed("the client is closed") from None
            if last or not call.idempotent:
                if isinstance(exc, TimeoutError):
                    raise self._timed_out(call, exc) from None
                raise
            log.warning("%s: %s, retrying", route.key, type(exc).__name__)
            raise _Retry() from None
        if 200 <= status < 300:
            return data or None
        content_type = h.get("Content-Type")
        body_obj = json_or_text(data, content_type)
        if status == 429:
            # The limiters now hold the next attempt back as asked (a sub-limit: only
            # this call waits). Like discord.py, a call gives up after max_retries
            # attempts: a route that keeps answering 429 is not waited on forever.
            wait = self._on_429(route, bucket, body_obj, h, call.budget)
            if last:
                raise error_for(route, status, reason, body_obj, h)
            raise _Retry(wait, limited=True)
        if status in _RETRY_STATUS:
            call.maybe_applied = True
            if call.idempotent and not last:
                log.warning("%s: %d, retrying", route.key, status)
                raise _Retry()
        elif status == 404 and route.method == "DELETE" and call.maybe_applied:
            return None  # an earlier attempt deleted it: done, as asked
        raise error_for(route, status, reason, body_obj, h)

    def _release_global(self, call: _Call, counted_by: float = math.inf) -> None:
        # Once answered (or failed), the server has counted the request if ever it will.
        if call.holds_global:
            call.holds_global = False
            self._global.release(counted_by)

    def _handled_at(self, h: Any, sent: float, received: float) -> float | None:
        """The server's time when it handled the request (its Reset less Reset-After),
        once :class:`ServerClock` agrees with it; None without both headers."""
        reset = number(h.get("X-RateLimit-Reset"))
        reset_after = number(h.get("X-RateLimit-Reset-After"))
        if reset is None or reset_after is None:
            return None
        handled = reset - reset_after
        return handled if self._clock.learn(handled, sent, received) else None

    def _on_429(self, route: Route, bucket: Bucket, body: Any, headers: Any,
                budget: WaitBudget) -> float:
        """Block what the 429 is about; returns how long this call alone must wait
        (0: the blocked bucket or global limit holds it back)."""
        self.ratelimited += 1
        info = rate_limit_info(body, headers) if "Via" in headers else None
        if not isinstance(body, dict) or info is None:
            # Not Discord's API answering (no Via: its proxy), or no usable wait.
            raise HTTPException(429, body, method=route.method, route=route.template,
                                reason="Too Many Requests", headers=headers)
        self._count_429("global" if info.is_global else info.scope)
        if info.retry_after > MAX_BLOCK:
            # Not a wait anyone means (retry_after: 1e9): refuse this call, block no other.
            raise RateLimited(info.retry_after, route=route.key)
        if not info.is_global and (number(headers.get("X-RateLimit-Remaining")) or 0) > 0:
            # A sub-limit (two renames of a channel per ten minutes): the bucket still
            # has room, so only calls like this one meet it. Closing the bucket would
            # hold back every other edit of the channel for as long.
            log.warning("429 on %s with the bucket not empty (a sub-limit, scope %s): "
                        "this call waits %.2f s", route.key, info.scope, info.retry_after)
            budget.check(info.retry_after)
            return info.retry_after
        log.warning("429 on %s (scope %s, global %s): waiting %.2f s", route.key, info.scope,
                    info.is_global, info.retry_after)
        if info.is_global:
            self._global.block(info.retry_after)
        else:
            bucket.block(info.retry_after)
        if self.shared is not None:
            self.shared.block(_shared_key(route), info.retry_after, info.is_global)
        budget.check(info.retry_after)
        return 0.0

    def _timed_out(self, call: _Call, exc: BaseException | None = None) -> RESTTimeout:
        if exc is not None and time.monotonic() < call.budget.deadline and self.read_timeout:
            return RESTTimeout(call.route.key, self.read_timeout, reason="read timeout")
        return RESTTimeout(call.route.key, self.timeout or 0.0)

    @staticmethod
    def _backoff(attempt: int) -> float:
        # 0.25, 0.5, 1, 2 s ... with jitter, so retries from many calls spread out.
        return min(8.0, 0.25 * 2.0 ** (attempt - 1)) * (0.5 + random.random())

    async def login(self, token: str) -> bytes:
        """Check ``token`` with GET /users/@me; returns the raw user."""
        self._closed = False
        self.set_token(token)
        try:
            data = await self.request_raw(Route("GET", "/users/@me"))
        except HTTPException as exc:
            self.set_token(None)
            if exc.status == 401:
                # Nothing more goes with this token: the connection opened to ask is let
                # go, so a program that ends on the refusal without closing its client
                # leaves no socket behind (a later login opens a new session).
                await self._let_go()
                raise LoginFailure("Improper token has been passed.") from None
            raise
        assert data is not None
        self._logged_in = True
        return data


def _shared_key(route: Route) -> str:
    # By route, not by learned bucket hash: every process names a bucket alike at once.
    return f"{route.key}|{route.major}"


class _Call:
    """One call's fixed parts, and what its attempts learned."""

    __slots__ = ("body", "budget", "headers", "holds_global", "idempotent", "make_form",
                 "maybe_applied", "params", "route", "url")

    def __init__(self, route: Route, url: str, headers: dict[str, str], body: bytes | None,
                 make_form: Callable[[], aiohttp.FormData] | None,
                 params: dict[str, Any] | None, idempotent: bool, budget: WaitBudget) -> None:
        self.route = route
        self.url = url
        self.headers = headers
        self.body = body
        self.make_form = make_form
        self.params = params
        self.idempotent = idempotent
        self.budget = budget
        self.maybe_applied = False
        # A slot of the global limiter, held from the grant until the answer.
        self.holds_global = False

