"""The live feed: every dispatch as ``{"t": EVENT, "d": payload}`` over a WebSocket.

The chat page listens at ``/_sandbox/feed``. Besides gateway events it carries
sandbox-only ones (names start with ``SANDBOX_``), such as the bot's answer to an
interaction, ephemeral ones included. Interaction tokens are left out. When the
sandbox stops, every stream is closed with 1001 (going away), so the page can say
that the sandbox stopped rather than that the connection dropped.
"""

from __future__ import annotations

import asyncio
import contextlib

import msgspec
from aiohttp import WSCloseCode, WSMsgType, web

from tidecord.models import encode

from .dispatch import Dispatch
from .state import State

__all__ = ["Feed"]

MAX_BACKLOG = 10_000


class Feed:
    """Fans dispatches out to the chat page's WebSockets."""

    def __init__(self, state: State) -> None:
        self._queues: set[asyncio.Queue[bytes | None]] = set()
        self._stopping = False
        self._unsubscribe = state.subscribe(self._on_dispatch)

    def _on_dispatch(self, dispatch: Dispatch) -> None:
        if not self._queues:
            return
        payload = dispatch.payload(True)
        if dispatch.event == "INTERACTION_CREATE":
            payload = _without_token(payload)
        self.publish_raw(dispatch.event, payload)

    def publish(self, event: str, data: object) -> None:
        """Send a sandbox-only event to every listener."""
        if self._queues:
            self.publish_raw(event, encode(data))

    def publish_raw(self, event: str, payload: bytes) -> None:
        """Send an already encoded payload to every listener."""
        frame = b'{"t":"%s","d":%s}' % (event.encode(), payload)
        for queue in self._queues:
            if queue.qsize() < MAX_BACKLOG:  # a stuck page must not eat memory
                queue.put_nowait(frame)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """GET /_sandbox/feed: stream until the page goes away."""
        ws = web.WebSocketResponse(heartbeat=20.0)
        await ws.prepare(request)
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._queues.add(queue)
        reader = asyncio.create_task(self._drain(ws, queue), name="sandbox-feed-reader")
        try:
            while True:
                frame = await queue.get()
                if frame is None or ws.closed:
                    break
                await ws.send_frame(frame, WSMsgType.TEXT)
        except ConnectionError:
            pass
        finally:
            self._queues.discard(queue)
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
            if self._stopping:
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"Sandbox stopped.")
            else:
                await ws.close()
        return ws

    @staticmethod
    async def _drain(ws: web.WebSocketResponse, queue: asyncio.Queue[bytes | None]) -> None:
        # The page sends nothing we need; reading notices when it leaves.
        async for _ in ws:
            pass
        queue.put_nowait(None)

    def drop(self) -> int:
        """End every current stream but keep listening: pages reconnect. Returns how many."""
        queues = list(self._queues)
        for queue in queues:
            queue.put_nowait(None)
        return len(queues)

    def close(self) -> None:
        """End every feed stream (1001: the sandbox stops) and stop listening for good."""
        self._stopping = True
        self._unsubscribe()
        for queue in self._queues:
            queue.put_nowait(None)


def _without_token(payload: bytes) -> bytes:
    data = msgspec.json.decode(payload)
    data.pop("token", None)
    return msgspec.json.encode(data)
