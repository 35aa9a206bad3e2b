"""A bare gateway client (aiohttp WebSocket) for checking the sandbox's gateway rules."""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import zstandard

from tidecord.sandbox import Sandbox


class RawGateway:
    """Speaks the gateway frame by frame; decompresses zlib-stream / zstd-stream."""

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse,
                 compress: str | None) -> None:
        self.session = session
        self.ws = ws
        self.compress = compress
        self._zlib = zlib.decompressobj()
        self._zlib_buffer = bytearray()
        self._zstd = zstandard.ZstdDecompressor().decompressobj()
        self.raw_sizes: list[int] = []

    @classmethod
    async def connect(cls, sb: Sandbox, compress: str | None = None,
                      query: str | None = None) -> RawGateway:
        session = aiohttp.ClientSession()
        url = sb.gateway_url + (query if query is not None else "?v=10&encoding=json")
        if compress:
            url += f"&compress={compress}"
        ws = await session.ws_connect(url)
        return cls(session, ws, compress)

    async def close(self, code: int = 4000) -> None:
        # 4000 by default, as a client that will reconnect: 1000 would end the session.
        await self.ws.close(code=code)
        await self.session.close()

    async def __aenter__(self) -> RawGateway:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def send(self, payload: Any) -> None:
        await self.ws.send_str(payload if isinstance(payload, str) else json.dumps(payload))

    async def recv(self, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The next gateway message; raises ConnectionError with the close code on close."""
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.CLOSING):
                raise ConnectionError(self.ws.close_code)
            if msg.type == aiohttp.WSMsgType.TEXT:
                return json.loads(msg.data)
            data: bytes = msg.data
            self.raw_sizes.append(len(data))
            if self.compress == "zstd-stream":
                return json.loads(self._zstd.decompress(data))
            if self.compress == "zlib-stream":
                self._zlib_buffer.extend(data)
                if not data.endswith(b"\x00\x00\xff\xff"):
                    continue
                text = self._zlib.decompress(bytes(self._zlib_buffer))
                self._zlib_buffer.clear()
                return json.loads(text)
            return json.loads(zlib.decompress(data))

    async def recv_until(self, event: str, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """Skip messages until a dispatch named ``event``."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.recv(timeout)
                if frame.get("t") == event:
                    return frame

    async def closed_with(self, timeout: float = 5.0) -> int | None:  # noqa: ASYNC109
        """Read until the server closes; the close code."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await self.recv(timeout)
        except ConnectionError as exc:
            return exc.args[0]

    async def identify(self, token: str, intents: int = 513, **extra: Any) -> dict[str, Any]:
        """Hello, identify; returns READY's frame."""
        hello = await self.recv()
        assert hello["op"] == 10
        await self.send({"op": 2, "d": {
            "token": token, "intents": intents,
            "properties": {"os": "linux", "browser": "raw", "device": "raw"}, **extra}})
        return await self.recv_until("READY")


def identify_payload(token: str, intents: int = 513, **extra: Any) -> dict[str, Any]:
    """An op 2 frame."""
    return {"op": 2, "d": {"token": token, "intents": intents,
                           "properties": {"os": "linux", "browser": "raw", "device": "raw"},
                           **extra}}


_MARKER = "TEST_ACT_DONE"


async def frames_during(sb: Sandbox, intents: int, act: Callable[[], Awaitable[Any]],
                        quiet: float = 0.3) -> list[dict[str, Any]]:
    """Identify with ``intents``; the GUILD_CREATE, then every frame that came while
    ``act()`` ran and until the gateway has been quiet for ``quiet`` seconds.

    A marker dispatch sent after ``act()`` (and left out) is waited for first: what
    ``act()`` caused is before it on the connection, so a busy machine's pause between
    two of those frames cannot end the wait early (CI once lost frames that way)."""
    gw = await RawGateway.connect(sb)
    try:
        await gw.identify(sb.token, intents)
        seen = [await gw.recv_until("GUILD_CREATE")]
        await act()
        sb.hub.inject_dispatch(_MARKER, b"{}")
        while (frame := await gw.recv(timeout=10)).get("t") != _MARKER:
            seen.append(frame)
        try:
            while True:
                seen.append(await gw.recv(timeout=quiet))
        except TimeoutError:
            pass
        return seen
    finally:
        await gw.close()
