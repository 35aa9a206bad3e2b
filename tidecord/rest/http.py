"""The REST transport: one aiohttp session, per-route buckets, the global limiter, retries."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import quote

import aiohttp
import msgspec

from .. import __version__
from ..models import encode
from .counters import RESTCounters
from .errors import (
    ClientClosed,
    DiscordServerError,
    Forbidden,
    HTTPException,
    LoginFailure,
    NotFound,
    RateLimited,
)
from .files import File, build_form
from .ratelimit import Bucket, GlobalLimiter
from .route import Route
from .secret import Secret, hide

__all__ = ["DEFAULT_API_URL", "HTTPClient"]

log = logging.getLogger("tidecord.rest")

DEFAULT_API_URL: Final = "https://discord.com/api/v10"
_RETRY_STATUS: Final = frozenset({500, 502, 503, 504})
_JSON_DECODER: Final = msgspec.json.Decoder()


def _json_or_text(data: bytes, content_type: str | None) -> Any:
    if content_type is not None and content_type.startswith("application/json"):
        try:
            return _JSON_DECODER.decode(data)
        except msgspec.DecodeError:
            pass
    return data.decode("utf-8", "replace")


class HTTPClient(RESTCounters):
    """Sends REST calls without earning 429s, retrying what Discord asks to retry.

    ``max_ratelimit_timeout`` caps how long one call may wait for a rate limit
    (``None``: as long as it takes); beyond it :class:`RateLimited` is raised.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        max_ratelimit_timeout: float | None = None,
        global_rate: int = 50,
        max_retries: int = 5,
        connector: aiohttp.BaseConnector | None = None,
    ) -> None:
        super().__init__()
        self.api_url = api_url.rstrip("/")
        self.max_ratelimit_timeout = max_ratelimit_timeout
        self.max_retries = max_retries
        self._connector = connector
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._token: str | None = None
        self._hashes: dict[str, str] = {}
        self._buckets: dict[str, Bucket] = {}
        self._global = GlobalLimiter(global_rate)
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
            self._session = aiohttp.ClientSession(connector=self._connector)
        return self._session

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
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _bucket_for(self, route: Route) -> tuple[str, Bucket]:
        key = f"{self._hashes.get(route.key, route.key)}|{route.major}"
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 4096:
                for stale in [k for k, b in self._buckets.items() if b.idle]:
                    del self._buckets[stale]
            bucket = self._buckets[key] = Bucket(route.key)
        return key, bucket

    def _learn_hash(self, route: Route, bucket: Bucket, bucket_hash: str) -> None:
        if self._hashes.get(route.key) != bucket_hash:
            self._hashes[route.key] = bucket_hash
            self._buckets.setdefault(f"{bucket_hash}|{route.major}", bucket)

    async def request(
        self,
        route: Route,
        *,
        json: Any = None,
        files: list[File] | None = None,
        reason: str | None = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
    ) -> Any:
        """Make one call; returns the decoded JSON (or ``None`` for 204)."""
        data = await self.request_raw(
            route, json=json, files=files, reason=reason, params=params, auth=auth
        )
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
    ) -> bytes | None:
        """Make one call; returns the raw body bytes (``None`` for an empty body).

        Callers decode straight into the model they expect.
        """
        headers = dict(self._headers)
        if not auth:
            headers.pop("Authorization", None)
        if reason:
            headers["X-Audit-Log-Reason"] = quote(reason, safe="/ ")
        body: bytes | None = None
        make_form: Callable[[], aiohttp.FormData] | None = None
        if files:
            payload = encode(json if json is not None else {})
            contents = [await f.read() for f in files]

            def make_form() -> aiohttp.FormData:
                return build_form(payload, files, contents)

        elif json is not None:
            body = encode(json)
            headers["Content-Type"] = "application/json"
        url = self.api_url + route.path
        max_wait = self.max_ratelimit_timeout
        _, bucket = self._bucket_for(route)
        attempt = 0
        delay = 0.0
        while True:
            if delay:
                # Back off with the bucket released, so other calls can use it.
                await asyncio.sleep(delay)
                delay = 0.0
            attempt += 1
            began = time.monotonic()
            await bucket.acquire(max_wait)
            try:
                if not route.global_exempt:
                    await self._global.acquire(max_wait)
                self._waited(route.key, began)
                try:
                    resp = await self.session.request(
                        route.method,
                        url,
                        data=make_form() if make_form is not None else body,
                        headers=headers,
                        params=params,
                    )
                except (aiohttp.ClientConnectionError, OSError) as exc:
                    self._count(route.key, 0)
                    if attempt >= self.max_retries:
                        raise
                    log.warning("%s: connection error (%s), retrying", route.key,
                                type(exc).__name__)
                    delay = self._backoff(attempt)
                    continue
                self.requests_made += 1
                async with resp:
                    data = await resp.read()
                    status = resp.status
                    self._count(route.key, status)
                    h = resp.headers
                    bucket_hash = h.get("X-RateLimit-Bucket")
                    if bucket_hash is not None:
                        self._learn_hash(route, bucket, bucket_hash)
                    limit = h.get("X-RateLimit-Limit")
                    if limit is not None and status != 429:
                        bucket.update(
                            int(limit),
                            int(h.get("X-RateLimit-Remaining", "0")),
                            float(h.get("X-RateLimit-Reset-After", "0")),
                        )
                    if 200 <= status < 300:
                        return data or None
                    content_type = h.get("Content-Type")
                    if status == 429:
                        await self._on_429(route, bucket, data, content_type, h, max_wait)
                        continue
                    body_obj = _json_or_text(data, content_type)
                    if status in _RETRY_STATUS and attempt < self.max_retries:
                        log.warning("%s: %d, retrying", route.key, status)
                        delay = self._backoff(attempt)
                        continue
                    raise self._error(route, status, resp.reason or "", body_obj)
            finally:
                bucket.release()

    async def _on_429(
        self,
        route: Route,
        bucket: Bucket,
        data: bytes,
        content_type: str | None,
        headers: Any,
        max_wait: float | None,
    ) -> None:
        self.ratelimited += 1
        body = _json_or_text(data, content_type)
        if not isinstance(body, dict) or "Via" not in headers:
            # Not Discord's API answering but its proxy: waiting will not help.
            raise HTTPException(429, body, method=route.method, route=route.template,
                                reason="Too Many Requests")
        retry_after: float = float(body.get("retry_after", headers.get("Retry-After", 1)))
        is_global = bool(body.get("global")) or headers.get("X-RateLimit-Global") == "true"
        scope = headers.get("X-RateLimit-Scope", "user")
        self._count_429("global" if is_global else scope)
        log.warning(
            "429 on %s (scope %s, global %s): waiting %.2f s", route.key, scope, is_global,
            retry_after,
        )
        if max_wait is not None and retry_after > max_wait:
            raise RateLimited(retry_after)
        if is_global:
            self._global.block(retry_after)
        else:
            bucket.block(retry_after)

    @staticmethod
    def _backoff(attempt: int) -> float:
        # 0.25, 0.5, 1, 2 s ... with jitter, so retries from many calls spread out.
        return min(8.0, 0.25 * 2.0 ** (attempt - 1)) * (0.5 + random.random())

    @staticmethod
    def _error(route: Route, status: int, reason: str, body: Any) -> HTTPException:
        kind: type[HTTPException] = HTTPException
        if status == 403:
            kind = Forbidden
        elif status == 404:
            kind = NotFound
        elif status >= 500:
            kind = DiscordServerError
        return kind(status, body, method=route.method, route=route.template, reason=reason)

    async def login(self, token: str) -> bytes:
        """Check ``token`` with GET /users/@me; returns the raw user."""
        self._closed = False
        self.set_token(token)
        try:
            data = await self.request_raw(Route("GET", "/users/@me"))
        except HTTPException as exc:
            self.set_token(None)
            if exc.status == 401:
                raise LoginFailure("Improper token has been passed.") from None
            raise
        assert data is not None
        return data
