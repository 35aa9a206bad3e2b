"""Interactions delivered over HTTP, signed, to an application's interactions endpoint URL.

When the application has an ``interactions_endpoint_url``, Discord stops sending
INTERACTION_CREATE on the gateway and POSTs each interaction to that URL, signed
with the application's Ed25519 key (``X-Signature-Ed25519`` over
``X-Signature-Timestamp`` + body; the public half is the application's
``verify_key``). The reply's body is the first answer (or a 202 when the bot
answered through the callback route). Setting the URL is refused unless the
endpoint answers a PING with a PONG and refuses a badly signed request with 401.

The sandbox's signing key is derived from its bot token, so a world's
``verify_key`` is the same on every run. Only loopback URLs are accepted here.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Final

import aiohttp
import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tidecord.models import encode

from .rest.errors import APIError

if TYPE_CHECKING:
    from .interactions import InteractionRecord
    from .server import Sandbox

__all__ = ["EndpointSender"]

log = logging.getLogger("tidecord.sandbox")

_LOOPBACK: Final = frozenset({"127.0.0.1", "::1", "localhost"})
TIMEOUT = 3.0
_INVALID_URL = APIError(400, 50035, "Invalid Form Body", {"interactions_endpoint_url": {
    "_errors": [{"code": "APPLICATION_INTERACTIONS_ENDPOINT_URL_INVALID",
                 "message": "The specified interactions endpoint url could not be verified."}]}})


class EndpointSender:
    """Signs and POSTs interactions to the endpoint; owns its HTTP session and tasks."""

    def __init__(self, sb: Sandbox) -> None:
        self._sb = sb
        seed = hashlib.sha256(b"tidecord sandbox interactions key\0" + sb.token.encode())
        self._key = Ed25519PrivateKey.from_private_bytes(seed.digest())
        self.public_key = self._key.public_key().public_bytes_raw().hex()
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        # A fault to set: seconds between reading an endpoint's reply and acting on it.
        # Discord's are not instant, and a webhook call made meanwhile meets 10015.
        self.reply_lag = 0.0

    def sign(self, timestamp: str, body: bytes) -> str:
        """The hex signature Discord would send for ``timestamp`` + ``body``."""
        return self._key.sign(timestamp.encode() + body).hex()

    async def post(self, url: str, body: bytes, *, signature: str | None = None,
                   timestamp: str | None = None) -> tuple[int, str, bytes]:
        """POST ``body`` (signed, unless a signature is given) -> (status, type, body)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT))
        stamp = timestamp if timestamp is not None else str(int(time.time()))
        headers = {"Content-Type": "application/json", "User-Agent": "Discord-Interactions/1.0",
                   "X-Signature-Timestamp": stamp,
                   "X-Signature-Ed25519": signature or self.sign(stamp, body)}
        async with self._session.post(url, data=body, headers=headers,
                                      allow_redirects=False) as response:
            return response.status, response.content_type, await response.read()

    async def check_url(self, url: str) -> None:
        """Refuse (50035) a URL that is not loopback, or whose endpoint does not answer
        a PING with PONG and a badly signed request with 401 (Discord's two checks)."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or parsed.hostname not in _LOOPBACK:
            raise _INVALID_URL
        ping = encode({"id": str(self._sb.state.new_id()), "type": 1, "version": 1,
                       "application_id": str(self._sb.state.application.id),
                       "token": f"ping-{self._sb.state.new_id()}"})
        try:
            status, kind, data = await self.post(url, ping)
            pong = msgspec.json.decode(data) if kind == "application/json" else None
            bad, _, _ = await self.post(url, ping, signature="0" * 128)
        except (aiohttp.ClientError, OSError, TimeoutError, msgspec.DecodeError):
            raise _INVALID_URL from None
        if status != 200 or not isinstance(pong, dict) or pong.get("type") != 1 or bad != 401:
            raise _INVALID_URL

    def deliver(self, record: InteractionRecord) -> None:
        """POST ``record``'s interaction in an owned task; apply the reply's answer."""
        task = asyncio.get_running_loop().create_task(
            self._deliver(record), name=f"sandbox:deliver-interaction-{record.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, record: InteractionRecord) -> None:
        from .rest.interactions import answer

        url = self._sb.state.application.interactions_endpoint_url
        if not isinstance(url, str):
            return
        record.delivering = True
        try:
            status, kind, data = await self.post(url, encode(record.interaction))
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            record.delivery_error = f"the endpoint could not be reached: {exc}"
            log.warning("interaction %s: %s", record.id, record.delivery_error)
            return
        finally:
            record.delivering = False
        if status == 202:
            return  # the bot answers (or answered) through the callback route
        if status != 200 or kind != "application/json":
            record.delivery_error = f"the endpoint answered {status} ({kind or 'no body'})"
            log.warning("interaction %s: %s", record.id, record.delivery_error)
            return
        if self.reply_lag > 0:
            await asyncio.sleep(self.reply_lag)
        try:
            reply = msgspec.json.decode(data)
            if not isinstance(reply, dict) or not isinstance(reply.get("type"), int):
                raise ValueError("no interaction response type")
            answer(self._sb, record, reply["type"], reply.get("data"), [])
        except (APIError, ValueError, msgspec.DecodeError) as exc:
            record.delivery_error = f"the endpoint's answer was refused: {exc}"
            log.warning("interaction %s: %s", record.id, record.delivery_error)

    async def close(self) -> None:
        """Cancel deliveries in flight and close the session."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
