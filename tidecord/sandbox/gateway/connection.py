"""One gateway WebSocket: hello, identify or resume, heartbeats, limits, close codes.

Everything sent goes through :meth:`Connection.send_frame`, which compresses at
once (the stream contexts need messages in order) and queues the wire bytes for
the writer task; closing is queued the same way, so a close follows what was
queued before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import WSMsgType, web

from tidecord.models import (
    Frame,
    Identify,
    RequestGuildMembers,
    Resume,
    UpdatePresence,
    decoder,
    encode,
)

from .compression import Compressor, PayloadZlib
from .soundboard import RequestSoundboardSounds
from .voice import UpdateVoiceState

if TYPE_CHECKING:
    from .hub import GatewayHub
    from .session import Session

__all__ = ["Connection", "GatewayClose"]

log = logging.getLogger("tidecord.sandbox.gateway")
MAX_FRAME = 4096
# Queued items (two per frame) a client may fall behind by before it is dropped.
MAX_BACKLOG = 200_000
_IDENTIFY: msgspec.json.Decoder[Identify] = decoder(Identify)
_RESUME: msgspec.json.Decoder[Resume] = decoder(Resume)
_REQUEST_MEMBERS: msgspec.json.Decoder[RequestGuildMembers] = decoder(RequestGuildMembers)
_PRESENCE: msgspec.json.Decoder[UpdatePresence] = decoder(UpdatePresence)
_REQUEST_SOUNDS: msgspec.json.Decoder[RequestSoundboardSounds] = decoder(
    RequestSoundboardSounds)
_VOICE_STATE: msgspec.json.Decoder[UpdateVoiceState] = decoder(UpdateVoiceState)
_FRAME: msgspec.json.Decoder[Frame] = decoder(Frame)
_ENDED = frozenset({WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED})
# Close codes whose session is over: invalid seq, session timed out.
SESSION_ENDING = frozenset({4007, 4009})


class GatewayClose(Exception):
    """Close the connection with a gateway close code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class _Close:
    __slots__ = ("code", "reason")

    def __init__(self, code: int, reason: str) -> None:
        self.code = code
        self.reason = reason


class Connection:
    """The server side of one client's gateway WebSocket."""

    def __init__(
        self, hub: GatewayHub, request: web.Request, ws: web.WebSocketResponse,
        compressor: Compressor,
    ) -> None:
        self.hub = hub
        self.request = request
        self.ws = ws
        self.compressor = compressor
        self.session: Session | None = None
        self.identified = False
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._last_heartbeat = time.monotonic()
        self._received: deque[float] = deque()
        self.closed = False
        self.close_code: int | None = None
        # The code the client closed with (None: we closed, or the TCP just ended).
        self.client_close_code: int | None = None
        # A black hole: nothing reaches the client, nothing it sends is read.
        self.black_holed = False

    # -- sending -------------------------------------------------------------------

    def send_frame(self, frame: bytes) -> None:
        """Compress and queue one gateway message (JSON bytes)."""
        if not self.closed and not self.black_holed:
            if self._queue.qsize() > MAX_BACKLOG:
                # A client that stopped reading: drop it, as Discord does, before
                # its backlog eats the sandbox's memory. Its session stays resumable.
                log.warning("dropping a gateway client that stopped reading")
                self.abort()
                return
            self._queue.put_nowait(self.compressor.compress(frame))
            # The opcode goes with the bytes: payload compression starts mid-stream.
            self._queue.put_nowait(_opcode(self.compressor))

    def send_raw(self, data: bytes) -> None:
        """Queue ``data`` as one binary message, past the compressor (a corrupt stream)."""
        if not self.closed and not self.black_holed:
            self._queue.put_nowait(data)
            self._queue.put_nowait(WSMsgType.BINARY)

    def send_op(self, op: int, d: Any) -> None:
        """Queue a non-dispatch frame."""
        self.send_frame(b'{"t":null,"s":null,"op":%d,"d":%s}' % (op, encode(d)))

    def send_wire_batch(self, wires: list[bytes], done: asyncio.Future[float]) -> None:
        """Queue already compressed messages; ``done`` gets the time the last one left."""
        self._queue.put_nowait((wires, done, _opcode(self.compressor)))

    def close(self, code: int, reason: str) -> None:
        """Close after what is already queued; later sends are dropped. A code after
        which Discord says to start a new session (4007, 4009) ends the session now, before
        the client can try to resume it."""
        if code in SESSION_ENDING and self.session is not None:
            self.hub.end_session(self.session)
        if self.black_holed:
            self.abort()  # a close frame would not get through a black hole either
        elif not self.closed:
            self.closed = True
            self.close_code = code
            self.hub.ledger.closed(code)
            self._queue.put_nowait(_Close(code, reason))
            self.hub.connection_closing()

    def black_hole(self) -> None:
        """Stop delivering anything (dispatches stay in the session for a resume) and
        stop reading: no heartbeat ACK, no answer, until the client closes."""
        self.black_holed = True

    def abort(self) -> None:
        """Drop the TCP connection without a close frame (a network failure)."""
        self.closed = True
        transport = self.request.transport
        if transport is not None:
            transport.abort()
        self.hub.connection_closing()

    def _release_batches(self) -> None:
        # A firehose waiting on this connection must end, not hang, when it closes.
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, tuple) and not item[1].done():
                item[1].set_result(time.perf_counter())

    async def _writer(self) -> None:
        while True:
            item = await self._queue.get()
            if isinstance(item, _Close):
                await self.ws.close(code=item.code, message=item.reason.encode())
                return
            if isinstance(item, tuple):
                wires, done, opcode = item
                try:
                    for wire in wires:
                        await self.ws.send_frame(wire, opcode)
                finally:
                    if not done.done():
                        done.set_result(time.perf_counter())
                continue
            await self.ws.send_frame(item, self._queue.get_nowait())

    # -- receiving -----------------------------------------------------------------

    async def run(self) -> None:
        """Serve the connection until it closes; owns its writer and heartbeat watch."""
        writer = asyncio.create_task(self._writer(), name="sandbox-gateway-writer")
        watch = asyncio.create_task(self._watch_heartbeats(), name="sandbox-gateway-heartbeat")
        try:
            hello = self.hub.take_tampered("HELLO")
            if hello is not None:
                self.send_frame(b'{"t":null,"s":null,"op":10,"d":%s}' % hello)
            else:
                self.send_op(10, {"heartbeat_interval": self.hub.heartbeat_interval})
            while True:
                msg = await self.ws.receive()
                if msg.type in _ENDED:
                    if msg.type is WSMsgType.CLOSE and not self.closed:
                        # The client's own close frame: its code says whether the session
                        # ends (a connection that just drops reads as 1000 to aiohttp too).
                        self.client_close_code = msg.data
                    break
                if self.closed or self.black_holed:
                    continue
                try:
                    self._receive(msg)
                except GatewayClose as close:
                    self.close(close.code, close.reason)
                except Exception:
                    # A sandbox bug must cost this client its connection, not the server.
                    log.exception("sandbox gateway failed on a client frame")
                    self.close(4000, "Unknown error.")
            # The client's close (or ours) is done: let a queued close frame go out.
            if self.closed and not writer.done():
                with contextlib.suppress(TimeoutError, ConnectionError):
                    async with asyncio.timeout(1.0):
                        await asyncio.shield(writer)
        finally:
            self.closed = True
            self._release_batches()
            for task in (writer, watch):
                task.cancel()
            for task in (writer, watch):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            self.hub.forget(self)

    def _receive(self, msg: Any) -> None:
        if msg.type == WSMsgType.TEXT:
            data: bytes = msg.data.encode()
        elif msg.type == WSMsgType.BINARY:
            data = msg.data
        else:
            return
        if len(data) > MAX_FRAME:
            raise GatewayClose(4002, "Error while decoding payload.")
        self._count_frame()
        try:
            frame = _FRAME.decode(data)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise GatewayClose(4002, "Error while decoding payload.") from None
        self._handle(frame)

    def _count_frame(self) -> None:
        limit, per = self.hub.send_limit
        now = time.monotonic()
        received = self._received
        received.append(now)
        while received and received[0] <= now - per:
            received.popleft()
        if len(received) > limit:
            raise GatewayClose(4008, "Rate limited.")

    def _handle(self, frame: Frame) -> None:
        op = frame.op
        if op == 1:
            self._heartbeat()
        elif op == 2:
            if self.identified:
                raise GatewayClose(4005, "Already authenticated.")
            self._identify(_decode(_IDENTIFY, frame.d))
        elif op == 6:
            if self.identified:
                raise GatewayClose(4005, "Already authenticated.")
            self.hub.resume(self, _decode(_RESUME, frame.d))
        elif op in (3, 4, 8, 31):
            if not self.identified:
                raise GatewayClose(4003, "Not authenticated.")
            if op == 8:
                self.hub.request_members(self, _decode(_REQUEST_MEMBERS, frame.d))
            elif op == 3 and self.session is not None:  # None: resumed elsewhere
                self.hub.presence.ask(self.session.shard_id, _decode(_PRESENCE, frame.d))
            elif op == 31:
                self.hub.request_soundboard(self, _decode(_REQUEST_SOUNDS, frame.d))
            elif op == 4 and self.session is not None:
                self.hub.update_voice_state(self, _decode(_VOICE_STATE, frame.d))
        else:
            raise GatewayClose(4001, "Unknown opcode.")

    def _heartbeat(self) -> None:
        self._last_heartbeat = time.monotonic()
        if not self.hub.acks_stalled:
            self.send_op(11, None)

    def _identify(self, identify: Identify) -> None:
        if identify.compress is True and self.compressor.name == "none":
            # Payload compression applies from READY on (transport compression wins).
            self.compressor = PayloadZlib()
        self.hub.identify(self, identify)

    async def _watch_heartbeats(self) -> None:
        # A client that stops heartbeating past the interval plus half of it (and a
        # second of slack for busy test machines) is a zombie: close it so its
        # session can be resumed elsewhere. Time the sandbox itself was held up does
        # not count: a bot tested in the sandbox's own process shares its loop, and a
        # stall there (a blocking handler, a long gc) holds up the bot's heartbeat and
        # this watch alike; the heartbeat, due first, reaches the sandbox only a few
        # loop turns after the watch wakes. Discord, on its own machines, is not
        # stalled by the bot.
        tick = self.hub.heartbeat_interval / 1000 / 4
        deadline = tick * 6 + 1.0
        held = 0.0  # seconds this watch woke late since the last heartbeat
        seen = self._last_heartbeat
        while not self.closed:
            before = time.monotonic()
            await asyncio.sleep(tick)
            now = time.monotonic()
            if self._last_heartbeat != seen:
                seen, held = self._last_heartbeat, 0.0
            late = now - before - tick
            if late > tick:
                held += late
                continue  # let the turns behind this one deliver what was sent meanwhile
            if now - seen - held > deadline:
                self.close(4009, "Session timed out.")
                return


def _opcode(compressor: Compressor) -> WSMsgType:
    return WSMsgType.BINARY if compressor.binary else WSMsgType.TEXT


def _decode(dec: msgspec.json.Decoder[Any], raw: msgspec.Raw) -> Any:
    try:
        return dec.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise GatewayClose(4002, "Error while decoding payload.") from None
