"""One gateway shard: connect, identify or resume, heartbeat, read, reconnect.

The read loop is the hot path: WebSocket message (drained from the socket's queue,
see :mod:`.socket`) -> inflate -> decode the frame (``d`` stays raw bytes) -> hand
``(shard, t, d, data)`` to the dispatch callback, synchronously. Everything else
(heartbeats, op 7/9, close codes) is off that path.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final, NoReturn

import aiohttp
import msgspec
import yarl

from ..models import (
    Frame,
    Identify,
    IdentifyProperties,
    Intents,
    MessageCreateFrame,
    OutgoingFrame,
    RequestGuildMembers,
    Resume,
    UpdatePresence,
    decoder,
    encode,
)
from ..rest.errors import LoginFailure
from .backoff import ReconnectPace
from .compression import INFLATE_ERRORS
from .errors import ConnectionClosed, PrivilegedIntentsRequired, TokenRefused
from .limiter import REQUESTED_BEAT_GAP, SendLimiter
from .problems import MALFORMED, ProblemLog
from .reader import FrameReader, Reconnect, usable_url
from .socket import CONNECT_ERRORS, GatewaySocket, open_socket
from .switch import ShardSwitch
from .turns import IdentifyTurns

__all__ = ["DispatchCallback", "Shard"]

log = logging.getLogger("tidecord.gateway")

DispatchCallback = Callable[["Shard", str, Any, bytes], None]
# Called before each IDENTIFY with the shard's id and whether it is its first one.
BeforeIdentify = Callable[[int, bool], Awaitable[None]]

_FRAME: Final[msgspec.json.Decoder[Frame]] = decoder(Frame)
# The busiest event decoded in one pass (``d`` straight into a Message) when its
# name comes before ``d``, within the frame's first bytes (Discord's own order).
_MESSAGE_FRAME: Final[msgspec.json.Decoder[MessageCreateFrame]] = decoder(MessageCreateFrame)
_MESSAGE_CREATE_T: Final = b'"t":"MESSAGE_CREATE"'
_T_WITHIN: Final = 64
_FATAL: Final = frozenset({4004, 4010, 4011, 4012, 4013, 4014})
# Close codes after which the session cannot be resumed: identify anew.
_NEW_SESSION: Final = frozenset({4007, 4009})
_YIELD_EVERY: Final = 32
# A server that accepts the WebSocket but never says HELLO is a black hole.
HELLO_TIMEOUT: Final = 30.0


class _Session(msgspec.Struct):
    session_id: str
    resume_gateway_url: str | None = None


_SESSION: Final[msgspec.json.Decoder[_Session]] = decoder(_Session)


class Shard(ShardSwitch):
    """A gateway session for one ``shard_id`` of ``shard_count``.

    ``run()`` keeps the session alive until ``close()``; it raises only for close
    codes that forbid reconnecting (:class:`TokenRefused`, a :class:`LoginFailure` and a
    :class:`ConnectionClosed`, for 4004; :class:`PrivilegedIntentsRequired` for 4014;
    :class:`ConnectionClosed` else). Between connections it waits as
    :class:`~.backoff.ReconnectPace` says: ``reconnect_backoff`` (s) is its first wait,
    ``max_backoff`` its longest, ``stable_after`` (s, default one heartbeat interval)
    how long a connection must last after READY or RESUMED for the next one to open at
    once.
    """

    def __init__(
        self,
        shard_id: int,
        shard_count: int,
        *,
        session: Callable[[], aiohttp.ClientSession],
        token: str,
        gateway_url: str,
        intents: Intents,
        on_dispatch: DispatchCallback,
        identify_gate: IdentifyTurns,
        large_threshold: int = 250,
        compress: str | None = "zlib-stream",
        presence: UpdatePresence | None = None,
        allowed_privileged: list[str] | None = None,
        max_backoff: float = 60.0,
        reconnect_backoff: float = 1.0,
        stable_after: float | None = None,
        on_disconnect: Callable[[Shard], None] | None = None,
        gateway_on_session: bool = False,
        before_identify: BeforeIdentify | None = None,
        hello_timeout: float = HELLO_TIMEOUT,
    ) -> None:
        self.id = shard_id
        self.shard_count = shard_count
        self.heartbeat_interval = 0.0  # seconds, from HELLO
        self._session = session
        # Connect through session() (a user's own aiohttp setup), not picows.
        self._gateway_on_session = gateway_on_session
        self._token = token
        self.gateway_url = gateway_url
        self.intents = intents
        self._on_dispatch = on_dispatch
        self._identify_gate = identify_gate
        self.large_threshold = large_threshold
        self.compress = compress
        self.presence = presence
        # Privileged intents the application is known to have (None: unknown).
        self._allowed_privileged = allowed_privileged
        self.pace = ReconnectPace(reconnect_backoff, max_backoff, stable_after)
        self._on_disconnect = on_disconnect
        self._before_identify = before_identify
        self.hello_timeout = hello_timeout
        self._identified = False  # an IDENTIFY went out since this shard was made
        self.session_id: str | None = None
        self.resume_url: str | None = None
        self.seq: int | None = None
        self.latency = float("inf")
        self.connects = self.resumes = 0  # connections opened, sessions resumed (metrics)
        self._ws: GatewaySocket | None = None
        self._limiter = SendLimiter()
        self._acked = True
        self._beat_sent = 0.0
        self._closing = False
        self._close_code = 1000
        self._session_ok = False
        self._session_began = 0.0  # when this connection's READY or RESUMED came
        # A new event arrived on this connection (a resume's replay comes before RESUMED).
        self._progressed = False
        self._expected = "READY"  # the session event this connection waits for
        self.connected = asyncio.Event()
        self.problems = ProblemLog(shard_id)
        self.coalesced_beats = 0  # server heartbeat requests answered by a recent beat
        self._init_switch()

    def __repr__(self) -> str:
        resumable = self.session_id is not None
        return f"<Shard id={self.id} count={self.shard_count} resumable={resumable}>"

    def is_ratelimited(self) -> bool:
        """Whether this shard's next ordinary frame would wait (120 per 60 s)."""
        return self._limiter.is_ratelimited()

    is_ws_ratelimited = is_ratelimited  # discord.py's ShardInfo spelling

    def is_closed(self) -> bool:
        """Whether the shard has no open connection now (between reconnects, or closed)."""
        ws = self._ws
        return ws is None or ws.closed

    # -- lifecycle ----------------------------------------------------------
    async def run(self) -> None:
        """Connect and stay connected until :meth:`close`, reconnecting as needed."""
        pace = self.pace
        while not self._closing:
            if self.is_switched_off():
                await self._park()
                continue
            delay = 0.0
            self._session_ok = self._progressed = False
            try:
                await self._connect_once()
                pace.failures = 0
            except Reconnect as exc:
                if not exc.resume:
                    self._forget_session()
                if self._closing or self.is_switched_off():
                    pass  # closed on purpose (close(), disconnect()): no failure, no wait
                elif self._session_ok or self._progressed:
                    # A replay cut short before RESUMED did not last either.
                    lived = time.monotonic() - self._session_began if self._session_ok else 0.0
                    delay = pace.ended(self.id, lived, self.heartbeat_interval, exc.delay)
                else:
                    # Closed before any event: back off, or we would spin.
                    delay = max(exc.delay, pace.failed())
                    log.warning("shard %d: connection closed before READY or RESUMED, "
                                "retrying in %.1f s", self.id, delay)
            except (LoginFailure, ConnectionClosed):
                # The close codes after which reconnecting cannot help. One that comes
                # before READY (4004, 4010, 4011 at IDENTIFY) is told as a disconnect
                # too, as discord.py tells of every connection that failed.
                if not self.connected.is_set() and self._on_disconnect is not None:
                    self._on_disconnect(self)
                raise
            except CONNECT_ERRORS as exc:
                if self._closing:
                    break
                delay = pace.failed()
                log.warning(
                    "shard %d: connection failed (%s: %s), retrying in %.1f s",
                    self.id, type(exc).__name__, str(exc), delay,
                )
            except Exception:
                # Nothing the server sends may end the bot: log it, back off, reconnect.
                if self._closing:
                    break
                delay = pace.failed()
                log.exception("shard %d: unexpected error, reconnecting in %.1f s",
                              self.id, delay)
            finally:
                if self.connected.is_set() and self._on_disconnect is not None:
                    self._on_disconnect(self)
                self.connected.clear()
                # No connection, no latency (discord.py's shards say inf too): the last
                # measure would tell of a connection that no longer answers.
                self.latency = float("inf")
            if delay and not self._closing:
                await asyncio.sleep(delay)

    async def close(self, *, resumable: bool = False) -> None:
        """Stop reconnecting and close: with 1000, which ends the session, or with
        ``resumable`` 4000, which keeps it for a RESUME (from another process too)."""
        self._closing = True
        self._close_code = 4000 if resumable else 1000
        ws = self._ws
        if ws is not None and not ws.closed:
            await ws.close(self._close_code)

    def abort(self) -> None:
        """Stop reconnecting and drop the connection now, without a close frame."""
        self._closing = True
        self._close_code = 4000
        ws = self._ws
        if ws is not None and not ws.closed:
            ws.abort()  # no waiting on a peer that may be unreachable

    def _forget_session(self) -> None:
        self.session_id = None
        self.resume_url = None
        self.seq = None

    def _url(self, base: str) -> str:
        query: dict[str, str] = {"v": "10", "encoding": "json"}
        if self.compress:
            query["compress"] = self.compress
        return str(yarl.URL(base).update_query(query))

    async def _connect_once(self) -> None:
        self.connects += 1
        resuming = self.session_id is not None and self.resume_url is not None
        url = self._url(self.resume_url if resuming and self.resume_url else self.gateway_url)
        ws = await open_socket(url, self._session if self._gateway_on_session else None)
        self._ws = ws
        heartbeat: asyncio.Task[None] | None = None
        identify: asyncio.Task[None] | None = None
        try:
            reader = FrameReader(self.id, self.compress, self.problems)
            async with asyncio.timeout(self.hello_timeout):
                hello = await self._first_frame(ws, reader)
            interval = reader.hello_interval(hello)
            self.heartbeat_interval = interval
            self._limiter = SendLimiter.for_heartbeat(interval)
            self._acked = True
            heartbeat = asyncio.create_task(
                self._heartbeat(ws, interval), name=f"tidecord:shard-{self.id}:heartbeat"
            )
            self._expected = "RESUMED" if resuming else "READY"
            if resuming:
                await self._send_resume(ws)
            else:
                # Waiting for our identify turn must not stop us reading ACKs.
                identify = asyncio.create_task(
                    self._identify(ws), name=f"tidecord:shard-{self.id}:identify"
                )
            await self._read_loop(ws, reader)
        finally:
            for task in (identify, heartbeat):
                if task is not None:
                    task.cancel()
                    try:
                        await task
                    except (asyncio.CancelledError, *CONNECT_ERRORS):
                        pass
            if not ws.closed:
                await ws.close(self._close_code if self._closing else 4000)
            self._ws = None

    async def _first_frame(self, ws: GatewaySocket, reader: FrameReader) -> Frame:
        queue = ws.queue
        while True:
            if not queue:
                await ws.wait()
                continue
            data = queue.popleft()
            if data is None:
                self._raise_for_close(ws)
                raise Reconnect(resume=True, delay=1.0)
            if data.__class__ is bytes:  # binary: compressed, if the stream is
                data = reader.inflate(data)
            if data:
                frame = reader.decode(data)
                if frame is not None and frame.op == 10:
                    return frame

    async def _read_loop(self, ws: GatewaySocket, reader: FrameReader) -> None:
        on_dispatch = self._on_dispatch
        decode_frame = _FRAME.decode
        decode_message_frame = _MESSAGE_FRAME.decode
        feed = reader.feed
        queue = ws.queue
        pop = queue.popleft
        sleep = asyncio.sleep
        # A backlog is read without suspending: yield to the loop every few
        # dispatches so handlers run as events arrive instead of piling up behind a
        # burst (a backlog of tasks costs far more than a yield).
        budget = _YIELD_EVERY
        while True:
            if not queue:
                ws.resume_reading()
                await ws.wait()
                continue
            data = pop()
            if data.__class__ is bytes:  # binary
                if feed is not None:
                    try:
                        data = feed(data)
                    except INFLATE_ERRORS as exc:
                        raise reader.corrupt(exc) from None
                    if data is None:
                        continue
            elif data is None:  # the connection is over
                self._raise_for_close(ws)
                raise Reconnect(resume=ws.close_code not in _NEW_SESSION)
            frame: Frame | MessageCreateFrame | None = None
            if data.find(_MESSAGE_CREATE_T, 0, _T_WITHIN) != -1:
                try:
                    frame = decode_message_frame(data)
                except MALFORMED:
                    frame = None  # the generic path below tells what is wrong with it
                else:
                    if frame.t != "MESSAGE_CREATE" or frame.op != 0:  # d's, not the frame's
                        frame = None
            if frame is None:
                try:
                    frame = decode_frame(data)
                except MALFORMED:
                    # One bad frame must not end a session that is otherwise fine.
                    if reader.decode(data) is None:
                        continue
                    raise
            op = frame.op
            if op == 0:
                s = frame.s
                if s is not None:
                    seq = self.seq
                    if seq is not None and s <= seq:
                        # Seen already (or bogus): handling it again would duplicate it,
                        # and trusting it would make the next RESUME replay too much.
                        self.problems.skip(f"a dispatch numbered {s}, not after {seq}")
                        continue
                    self.seq = s
                    self._progressed = True
                t = frame.t
                if (t == "READY" or t == "RESUMED") and not self._on_session_event(t, frame.d):
                    continue
                try:
                    on_dispatch(self, t, frame.d, data)  # type: ignore[arg-type]
                except Exception as exc:
                    if t == "READY":
                        self._ready_failed(exc)
                    self.problems.skip(f"a malformed {t} payload", exc)
                budget -= 1
                if not budget:
                    budget = _YIELD_EVERY
                    await sleep(0)
            elif op == 11:
                self._acked = True
                self.latency = time.monotonic() - self._beat_sent
            elif op == 1:
                if time.monotonic() - self._beat_sent >= REQUESTED_BEAT_GAP:
                    await self._send_heartbeat(ws)
                else:
                    # A beat just went out: it answers this request too. A flood of
                    # requests must not push us past the send limit (4008).
                    self.coalesced_beats += 1
            elif op == 7:
                log.info("shard %d: server asked to reconnect (op 7)", self.id)
                raise Reconnect(resume=True)
            elif op == 9:
                resumable = isinstance(frame.d, msgspec.Raw) and bytes(frame.d) == b"true"
                log.info("shard %d: invalid session (resumable=%s)", self.id, resumable)
                # Discord asks for a random 1-5 s wait before identifying again.
                raise Reconnect(resume=resumable, delay=0.0 if resumable else random.uniform(1, 5))

    def _on_session_event(self, t: str, d: Any) -> bool:
        """Take READY's session (False: skip this frame); a broken first READY reconnects.

        A connection gets one READY (after our IDENTIFY) or one RESUMED (after our
        RESUME): any other one (a READY replayed on resume, a second one) is bogus.
        """
        if self._session_ok or t != self._expected:
            self.problems.skip(f"an unexpected {t}")
            return False
        if t == "READY":
            try:
                info = _SESSION.decode(d)
            except MALFORMED as exc:
                self._ready_failed(exc)
            self.session_id = info.session_id
            url = info.resume_gateway_url
            self.resume_url = url if url is not None and usable_url(url) else self.gateway_url
            log.info("shard %d: connected to the gateway (session %s)", self.id,
                     self.session_id)
        else:
            log.info("shard %d: resumed session %s", self.id, self.session_id)
        self.resumes += t == "RESUMED"
        self._session_ok = True
        self._session_began = time.monotonic()
        self.connected.set()
        return True

    def _ready_failed(self, exc: BaseException) -> NoReturn:
        # Without a usable READY there is no session to resume nor a ready bot: start over.
        self.problems.skip("a READY that cannot be used", exc)
        self._session_ok = False
        raise Reconnect(resume=False, delay=1.0) from None

    def _raise_for_close(self, ws: GatewaySocket) -> None:
        code = ws.close_code
        if self._closing or code is None or code not in _FATAL:
            if code is not None and not self._closing and not self.is_switched_off():
                log.info("shard %d: connection closed with %s, reconnecting", self.id, code)
            return
        self._closing = True
        if code == 4004:
            raise TokenRefused(shard_id=self.id)
        if code == 4014:
            requested = self.intents.privileged_names()
            allowed = self._allowed_privileged
            missing = [n for n in requested if allowed is None or n not in allowed]
            raise PrivilegedIntentsRequired(missing or requested, shard_id=self.id)
        raise ConnectionClosed(code, shard_id=self.id)

    # -- sending --------------------------------------------------------------
    async def _heartbeat(self, ws: GatewaySocket, interval: float) -> None:
        # The first beat goes at once, as discord.py's (Discord's docs suggest waiting
        # interval * jitter; an early beat is always accepted): latency is then known
        # from the start, where the classic ``round(bot.latency * 1000)`` of a ping
        # command met inf (an OverflowError) for up to 41 s after each connect.
        while not ws.closed:
            if not self._acked:
                log.warning("shard %d: no heartbeat ACK, reconnecting (zombie)", self.id)
                await ws.close(4000)
                return
            self._acked = False
            await self._send_heartbeat(ws)
            await asyncio.sleep(interval)

    async def _send_heartbeat(self, ws: GatewaySocket) -> None:
        self._limiter.spend_priority()
        self._beat_sent = time.monotonic()
        await ws.send_bytes(encode(OutgoingFrame(op=1, d=self.seq)))

    async def send(self, op: int, d: Any) -> None:
        """Send a frame within the 120/60 s limit (waits for room)."""
        ws = self._ws
        if ws is None or ws.closed:
            raise ConnectionError(f"shard {self.id} is not connected")
        await self._limiter.acquire()
        await ws.send_bytes(encode(OutgoingFrame(op=op, d=d)))

    async def _identify(self, ws: GatewaySocket) -> None:
        if self._before_identify is not None:
            # Before the turn is taken: a hook that waits holds no one else's turn.
            await self._before_identify(self.id, not self._identified)
        await self._identify_gate(self.id)
        if not ws.closed:
            await self._send_identify(ws)
            self._identified = True
            await self._identify_gate.sent(self.id)

    async def _send_identify(self, ws: GatewaySocket) -> None:
        identify = Identify(
            token=self._token,
            properties=IdentifyProperties(os=sys.platform, browser="tidecord", device="tidecord"),
            intents=self.intents,
            large_threshold=self.large_threshold,
            shard=(self.id, self.shard_count),
        )
        if self.presence is not None:
            identify.presence = self.presence
        await self._limiter.acquire()
        await ws.send_bytes(encode(OutgoingFrame(op=2, d=identify)))

    async def _send_resume(self, ws: GatewaySocket) -> None:
        assert self.session_id is not None
        resume = Resume(token=self._token, session_id=self.session_id, seq=self.seq)
        await self._limiter.acquire()
        await ws.send_bytes(encode(OutgoingFrame(op=6, d=resume)))

    async def request_members(self, request: RequestGuildMembers) -> None:
        """Op 8: ask for a guild's members (answered by GUILD_MEMBERS_CHUNK)."""
        await self.send(8, request)

    async def change_presence(self, presence: UpdatePresence) -> None:
        """Op 3: set the bot's status and activity (kept for the next identify too)."""
        self.presence = presence
        await self.send(3, presence)

