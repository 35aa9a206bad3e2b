"""The gateway's WebSocket: whole messages in a queue that the shard's read loop drains.

By default the socket is picows's: its parser hands over each frame from inside the
read callback, and the frame goes straight into a deque, with no future, no message
object and no ``await`` per message while the read loop has a backlog (0.5 to 4.6 us
a message less than aiohttp's ``receive()`` in alternating loopback rounds, see
BENCHMARKS.md). A client given a proxy, its own aiohttp connector or session, or an
``http_trace`` keeps aiohttp for the gateway too, so what it set up there applies;
both sockets look the same to the shard.

The queue holds one item per WebSocket message: ``bytes`` for a binary message,
:class:`Text` for a text one, and ``None`` once the connection is over (then
:attr:`close_code` says how it ended).
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging
import socket
from collections import deque
from collections.abc import Callable
from typing import Any, Final

import aiohttp
import picows

__all__ = ["CONNECT_ERRORS", "GatewaySocket", "Text", "open_socket"]

log = logging.getLogger("tidecord.gateway")

# What a failed connection attempt raises (the shard backs off and tries again).
CONNECT_ERRORS: Final = (aiohttp.ClientError, picows.WSError, OSError, TimeoutError)
# The gateway sends whole guilds in one message: no size limit but memory.
_MAX_FRAME: Final = 1 << 30
# Stop reading the socket once this many bytes came in since the read loop last
# found the queue empty: a backlog (a guild storm, handlers slower than a firehose)
# then waits in the kernel, not in this process's memory (aiohttp keeps about
# 128 KiB). The read loop empties the queue and reading resumes.
_PAUSE_AFTER: Final = 256 * 1024
# The kernel's receive buffer (Linux doubles the figure): 8 MB/s at a 100 ms round trip.
_RECEIVE_BUFFER: Final = 384 * 1024
_CLOSE_TIMEOUT: Final = 2.0
_HANDSHAKE_TIMEOUT: Final = 30.0
_BINARY: Final = picows.WSMsgType.BINARY
_TEXT: Final = picows.WSMsgType.TEXT
_CONTINUATION: Final = picows.WSMsgType.CONTINUATION
_CLOSE: Final = picows.WSMsgType.CLOSE
_NO_STATUS: Final = 1005  # a close frame without a code (RFC 6455 7.1.5)
_ABNORMAL: Final = 1006  # no close frame at all


class _PicowsLog(logging.LoggerAdapter[logging.Logger]):
    """picows's log lines, under ``tidecord.gateway.socket``, its INFO ones as DEBUG:
    picows says at INFO each connect (with buffer sizes) and each disconnect, while
    what a bot's owner needs at INFO (connected, resumed, reconnecting) the shard says.
    An adapter, not a logger, also keeps picows from making a child logger per socket.
    """

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        super().log(logging.DEBUG if level == logging.INFO else level, msg, *args, **kwargs)


_PICOWS_LOG: Final = _PicowsLog(logging.getLogger("tidecord.gateway.socket"))


class Text(bytes):
    """A text message's UTF-8 bytes (the queue tells it from binary by its type)."""

    __slots__ = ()


class GatewaySocket(abc.ABC):
    """One WebSocket connection, as the shard sees it.

    ``queue`` fills as messages arrive; :meth:`wait` returns once it has something
    (a message, or ``None`` for the end). Gateway sends are small and already paced
    by the shard's limiter.
    """

    queue: deque[bytes | None]
    close_code: int | None

    @property
    @abc.abstractmethod
    def closed(self) -> bool:
        """Whether the connection is closing or over (nothing more can be sent)."""

    @abc.abstractmethod
    async def wait(self) -> None:
        """Return once :attr:`queue` is not empty."""

    @abc.abstractmethod
    def resume_reading(self) -> None:
        """The read loop has emptied the queue: reading may go on if it was paused."""

    @abc.abstractmethod
    async def send_bytes(self, data: bytes) -> None:
        """Send one binary message (``ConnectionResetError`` once closed)."""

    @abc.abstractmethod
    async def close(self, code: int = 1000) -> None:
        """Send a close frame, give the server a moment to answer, then disconnect."""

    @abc.abstractmethod
    def abort(self) -> None:
        """Drop the connection now, without a close frame."""


class PicowsSocket(GatewaySocket, picows.WSListener):
    """The default socket: picows calls :meth:`on_ws_frame` for every frame."""

    def __init__(self) -> None:
        self.queue = deque()
        self.close_code = None
        self._transport: picows.WSTransport | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._parts: list[bytes] = []  # a fragmented message so far
        self._parts_text = False
        self._paused = False
        self._pending = 0  # bytes pushed since the queue was last found empty
        self._ended = False

    # -- picows's callbacks ---------------------------------------------------
    def on_ws_connected(self, transport: picows.WSTransport) -> None:
        self._transport = transport
        # picows doubles its read buffer whenever a read fills it, and never shrinks
        # it: with the kernel's buffer autotuned to megabytes, a guild storm's backlog
        # grew it to 4 MB and more, kept for the connection's life. A fixed kernel
        # buffer bounds each read, so the buffer stays small.
        sock = transport.underlying_transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RECEIVE_BUFFER)

    def on_ws_frame(self, transport: picows.WSTransport, frame: picows.WSFrame) -> None:
        kind = frame.msg_type
        if kind is _BINARY and frame.fin:  # nearly every message: _push, inlined
            self.queue.append(frame.get_payload_as_bytes())
            if self._waiter is not None:
                self._wake()
            self._pending += frame.payload_size
            if self._pending >= _PAUSE_AFTER and not self._paused:
                self._pause()
        elif kind is _TEXT or kind is _BINARY or kind is _CONTINUATION:
            self._fragment(kind, frame)
        elif kind is _CLOSE:
            code: int = frame.get_close_code().value
            self.close_code = code or _NO_STATUS
            # Answer the close (the handshake picows leaves to us), then hang up.
            if not transport.is_close_frame_sent:
                transport.send_close(code or 1000)  # type: ignore[arg-type]
            transport.disconnect()
        # PING is answered by picows; PONG needs nothing.

    def on_ws_disconnected(self, transport: picows.WSTransport) -> None:
        if self.close_code is None:
            self.close_code = _ABNORMAL
        self._ended = True
        self._push(None)

    # -- the shard's side -----------------------------------------------------
    @property
    def closed(self) -> bool:
        transport = self._transport
        return self._ended or transport is None or transport.is_close_frame_sent

    async def wait(self) -> None:
        if self.queue:
            return
        waiter = self._waiter = asyncio.get_running_loop().create_future()
        try:
            await waiter
        finally:
            self._waiter = None

    def resume_reading(self) -> None:
        self._pending = 0
        if self._paused:
            self._paused = False
            if self._transport is not None and not self._ended:
                self._transport.underlying_transport.resume_reading()

    async def send_bytes(self, data: bytes) -> None:
        transport = self._transport
        if transport is None or self.closed:
            raise ConnectionResetError("the gateway connection is closed")
        transport.send(_BINARY, data)

    async def close(self, code: int = 1000) -> None:
        transport = self._transport
        if transport is None or self._ended:
            return
        if not transport.is_close_frame_sent:
            transport.send_close(code)  # type: ignore[arg-type]  # any code 1000-4999
        self.resume_reading()  # the server's answer must be read
        # Errors here were the connection's, and were seen (or not) as it ended.
        with contextlib.suppress(TimeoutError, picows.WSError, OSError):
            async with asyncio.timeout(_CLOSE_TIMEOUT):
                await transport.wait_disconnected()
        if not self._ended:
            transport.disconnect(graceful=False)
            with contextlib.suppress(picows.WSError, OSError):
                await transport.wait_disconnected()

    def abort(self) -> None:
        if self._transport is not None and not self._ended:
            self._transport.disconnect(graceful=False)

    # -- inside ---------------------------------------------------------------
    def _push(self, item: bytes | None) -> None:
        self.queue.append(item)
        if self._waiter is not None:
            self._wake()
        if item is not None:
            self._pending += len(item)
            if self._pending >= _PAUSE_AFTER and not self._paused:
                self._pause()

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None  # the next frames need not look again
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _pause(self) -> None:
        self._paused = True
        assert self._transport is not None
        self._transport.underlying_transport.pause_reading()

    def _fragment(self, kind: picows.WSMsgType, frame: picows.WSFrame) -> None:
        if kind is not _CONTINUATION:
            self._parts.clear()
            self._parts_text = kind is _TEXT
        self._parts.append(frame.get_payload_as_bytes())
        if frame.fin:
            data = b"".join(self._parts)
            self._parts.clear()
            self._push(Text(data) if self._parts_text else data)


class AiohttpSocket(GatewaySocket):
    """aiohttp's WebSocket behind the same queue, for a client on its own session."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.queue = deque()
        self.close_code = None
        self._ws = ws

    @property
    def closed(self) -> bool:
        return self._ws.closed

    async def wait(self) -> None:
        if self.queue:
            return
        msg = await self._ws.receive()
        kind = msg.type
        if kind is aiohttp.WSMsgType.BINARY:
            self.queue.append(msg.data)
        elif kind is aiohttp.WSMsgType.TEXT:
            self.queue.append(Text(msg.data.encode()))
        elif kind in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING,
                      aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            code = self._ws.close_code
            self.close_code = _ABNORMAL if code is None or kind is aiohttp.WSMsgType.ERROR \
                else code
            self.queue.append(None)

    def resume_reading(self) -> None:
        pass  # aiohttp pauses and resumes reading by its own queue's size

    async def send_bytes(self, data: bytes) -> None:
        if self._ws.closed:
            raise ConnectionResetError("the gateway connection is closed")
        await self._ws.send_bytes(data)

    async def close(self, code: int = 1000) -> None:
        if not self._ws.closed:
            await self._ws.close(code=code)

    def abort(self) -> None:
        if self._ws.closed:
            return
        conn = getattr(self._ws, "_response", None)
        connection = getattr(conn, "connection", None)
        transport = getattr(connection, "transport", None)
        if transport is not None:
            transport.abort()


async def open_socket(url: str, session: Callable[[], aiohttp.ClientSession] | None
                      ) -> GatewaySocket:
    """Connect to the gateway: through ``session()`` when given, else with picows."""
    if session is not None:
        ws = await session().ws_connect(
            url, compress=0, max_msg_size=0, autoping=True,
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=_CLOSE_TIMEOUT),
        )
        return AiohttpSocket(ws)
    async with asyncio.timeout(_HANDSHAKE_TIMEOUT):  # the TCP and TLS connect too
        _, listener = await picows.ws_connect(
            PicowsSocket, url,
            websocket_handshake_timeout=_HANDSHAKE_TIMEOUT,
            max_frame_size=_MAX_FRAME,
            enable_auto_pong=True,
            # asyncio's own transports: the path every other library here is tested on.
            use_aiofastnet=False,
            logger_name=_PICOWS_LOG,
        )
    assert isinstance(listener, PicowsSocket)
    return listener
