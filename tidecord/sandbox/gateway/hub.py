"""The gateway hub: sessions, identify rules, routing of dispatches, and faults.

The hub subscribes to the state and hands each dispatch to every session that
wants it (shard, intents, visibility). Sessions survive their connections for
``resume_timeout`` seconds, collecting what they miss for RESUME.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tidecord.models import Identify, RequestGuildMembers, Resume, UpdatePresence, encode

from ..dispatch import Dispatch, Intent
from .compression import make_compressor
from .connection import Connection, GatewayClose
from .ledger import GatewayLedger, SessionStarts
from .members import member_chunks
from .presence import BotPresence
from .session import Session
from .soundboard import RequestSoundboardSounds, soundboard_replies
from .voice import UpdateVoiceState, voice_update

if TYPE_CHECKING:
    from ..state import State

__all__ = ["GatewayHub"]

log = logging.getLogger("tidecord.sandbox.gateway")


class GatewayHub:
    """Every gateway connection and session of one sandbox."""

    def __init__(
        self,
        state: State,
        *,
        gateway_url: str,
        heartbeat_interval: int,
        shard_count: int,
        max_concurrency: int,
        identify_interval: float,
        max_guilds_per_shard: int,
        send_limit: tuple[int, float],
        resume_timeout: float,
        resume_buffer: int,
        full_member_lists: bool = False,
        session_starts: SessionStarts | None = None,
    ) -> None:
        self.state = state
        self.gateway_url = gateway_url
        self.heartbeat_interval = heartbeat_interval
        self.shard_count = shard_count
        self.max_concurrency = max_concurrency
        self.identify_interval = identify_interval
        self.max_guilds_per_shard = max_guilds_per_shard
        self.send_limit = send_limit
        self.resume_timeout = resume_timeout
        self.resume_buffer = resume_buffer
        self.full_member_lists = full_member_lists
        self.acks_stalled = False
        self.identifies = 0
        self.starts = session_starts or SessionStarts()
        self.ledger = GatewayLedger()
        self._serial = 0
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self._bucket_last: dict[int, float] = {}
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._tampered: dict[str, deque[bytes]] = {}
        # Guilds down (an outage): nothing of them reaches a bot until they are back.
        self.outages: set[int] = set()
        self.presence = BotPresence(state)
        self._unsubscribe = state.subscribe(self._fan_out)

    def close(self) -> None:
        """Stop listening to the state and close every connection (1001, going away)."""
        self._unsubscribe()
        for conn in list(self.connections):
            conn.close(1001, "Sandbox stopping.")

    # -- the WebSocket endpoint ----------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for ``/gateway``."""
        # No permessage-deflate: Discord compresses with zlib-/zstd-stream instead.
        ws = web.WebSocketResponse(max_msg_size=1 << 20, timeout=5.0, autoping=True,
                                   compress=False)
        await ws.prepare(request)
        compressor = make_compressor(request.query.get("compress"))
        version = request.query.get("v", "10")
        encoding = request.query.get("encoding", "json")
        if compressor is None:
            await ws.close(code=4000, message=b"Unknown compression.")
            return ws
        if version != "10":
            await ws.close(code=4012, message=b"Invalid API version.")
            return ws
        if encoding != "json":
            # ETF is not spoken here (yet): say so with the decode-error code.
            await ws.close(code=4002, message=b"The sandbox speaks encoding=json only.")
            return ws
        conn = Connection(self, request, ws, compressor)
        self.connections.add(conn)
        await conn.run()
        return ws

    def connection_closing(self) -> None:
        """A connection is closing: it no longer counts for the bot's presence."""
        self.presence.connections_changed(self._live_shards())

    def forget(self, conn: Connection) -> None:
        """A connection ended: its session waits to be resumed."""
        self.connections.discard(conn)
        session = conn.session
        if session is not None:
            session.detach(conn)
            if conn.client_close_code in (1000, 1001):
                # Closing with 1000 or 1001 ends the session, as on Discord.
                self.end_session(session)
            if session.connection is None:
                self.ledger.detached(session.shard_id, session.id)
        self.presence.connections_changed(self._live_shards())

    def end_session(self, session: Session) -> None:
        """The session is over: a resume of it gets op 9 (d=false)."""
        session.valid = False
        self.sessions.pop(session.id, None)

    # -- identify and resume -------------------------------------------------------

    def identify(self, conn: Connection, identify: Identify) -> None:
        """Check an Identify, then READY and one GUILD_CREATE per guild of the shard."""
        if not _token_ok(identify.token, self.state.token):
            raise GatewayClose(4004, "Authentication failed.")
        intents = identify.intents.value
        if intents < 0 or intents & ~Intent.KNOWN:
            raise GatewayClose(4013, "Invalid intent(s).")
        privileged = intents & (Intent.GUILD_MEMBERS | Intent.GUILD_PRESENCES
                                | Intent.MESSAGE_CONTENT)
        if privileged & ~self.state.privileged_intents:
            raise GatewayClose(4014, "Disallowed intent(s).")
        shard = identify.shard if isinstance(identify.shard, tuple) else (0, 1)
        shard_id, count = shard
        if count < 1 or not 0 <= shard_id < count:
            raise GatewayClose(4010, "Invalid shard.")
        # "The session would have handled too many guilds": this shard's own, however
        # few the others have.
        outside = self.state.outside_guilds
        handled = sum(1 for gid in self.state.guilds
                      if (gid >> 22) % count == shard_id and gid not in outside)
        if handled > self.max_guilds_per_shard:
            raise GatewayClose(4011, "Sharding required.")
        bucket = shard_id % self.max_concurrency
        now = time.monotonic()
        last = self._bucket_last.get(bucket)
        if last is not None and now - last < self.identify_interval:
            # Too many identifies in this max_concurrency bucket: Discord answers op 9.
            self.ledger.violation(shard_id, bucket, now - last, self.identify_interval)
            conn.send_op(9, False)
            return
        if not self.starts.take():
            # session_start_limit used up: no new session until it resets.
            self.ledger.refused_identifies += 1
            conn.send_op(9, False)
            return
        self._bucket_last[bucket] = now
        self.identifies += 1
        self.ledger.identified(shard_id)
        threshold = identify.large_threshold if isinstance(identify.large_threshold, int) else 50
        session = Session(
            intents=intents, shard=(shard_id, count),
            large_threshold=min(max(threshold, 50), 250), buffer_size=self.resume_buffer,
        )
        self.sessions[session.id] = session
        conn.session = session
        conn.identified = True
        session.attach(conn)
        self.ledger.attached(shard_id, session.id)
        self._send_ready(session, shard if isinstance(identify.shard, tuple) else None)
        asked = identify.presence
        self.presence.identified(shard_id, asked if isinstance(asked, UpdatePresence) else None)
        self._notify()

    def _send_ready(self, session: Session, shard: tuple[int, int] | None) -> None:
        state = self.state
        guild_ids = [gid for gid in state.guilds
                     if session.on_shard(gid) and gid not in state.outside_guilds]
        ready: dict[str, Any] = {
            "v": 10,
            "user": state.me(),
            "guilds": [{"id": str(gid), "unavailable": True} for gid in guild_ids],
            "session_id": session.id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": state.application.id, "flags": state.application.flags_value},
            "private_channels": [],
            "user_settings": {},
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "session_type": "normal",
            "_trace": ["tidecord-sandbox"],
        }
        if shard is not None:
            ready["shard"] = list(shard)
        session.send("READY", self.take_tampered("READY") or encode(ready))
        for gid in guild_ids:
            if gid not in self.outages:  # one down stays unavailable until it is back
                session.send("GUILD_CREATE", self._guild_create(session, gid))

    def _guild_create(self, session: Session, guild_id: int, *, joined: bool = False) -> bytes:
        """GUILD_CREATE's ``d`` for this session's intents and large threshold."""
        return self.state.guild_create_payload(
            guild_id, session.large_threshold, all_members=self.full_member_lists,
            presences=bool(session.intents & Intent.GUILD_PRESENCES),
            voice=bool(session.intents & Intent.GUILD_VOICE_STATES), joined=joined)

    def resume(self, conn: Connection, resume: Resume) -> None:
        """Replay what a session missed since ``seq``, then RESUMED; op 9 if impossible."""
        if not _token_ok(resume.token, self.state.token):
            raise GatewayClose(4004, "Authentication failed.")
        session = self.sessions.get(resume.session_id)
        if session is not None and session.expired(time.monotonic(), self.resume_timeout):
            self.end_session(session)  # expired even if nothing was routed to notice
        if session is None or not session.valid:
            conn.send_op(9, False)
            return
        seq = resume.seq or 0
        if seq > session.seq:
            # "Reconnect and start a new session", Discord says of 4007: this one is over
            # (unless a connection still holds it: a stranger's guess ends nothing).
            if session.connection is None:
                self.end_session(session)
            raise GatewayClose(4007, "Invalid seq.")
        missed = session.missed_since(seq)
        if missed is None:
            self.end_session(session)
            conn.send_op(9, False)
            return
        old = session.connection
        if old is not None and old is not conn:
            old.session = None
            old.close(4000, "Session resumed elsewhere.")
        conn.session = session
        conn.identified = True
        session.attach(conn)
        ledger = self.ledger
        ledger.resumed(session.shard_id)
        ledger.attached(session.shard_id, session.id)
        for frame, serial in missed:
            conn.send_frame(frame)
            if serial:
                ledger.sent(session.shard_id, serial)
        session.send("RESUMED", b'{"_trace":["tidecord-sandbox"]}')
        self._notify()

    # -- op 8 ----------------------------------------------------------------------

    def request_members(self, conn: Connection, request: RequestGuildMembers) -> None:
        """Answer op 8 with GUILD_MEMBERS_CHUNK dispatches to this session only."""
        session = conn.session
        assert session is not None
        if int(request.guild_id) in self.outages:
            return  # nobody answers for a guild that is down
        for chunk in member_chunks(self.state, session, request):
            session.send("GUILD_MEMBERS_CHUNK", chunk)

    def request_soundboard(self, conn: Connection, request: RequestSoundboardSounds) -> None:
        """Answer op 31 with SOUNDBOARD_SOUNDS dispatches to this session only."""
        session = conn.session
        assert session is not None
        for reply in soundboard_replies(self.state, session, request):
            session.send("SOUNDBOARD_SOUNDS", reply)

    def update_voice_state(self, conn: Connection, request: UpdateVoiceState) -> None:
        """Carry out op 4 for the bot; VOICE_SERVER_UPDATE to this session alone."""
        session = conn.session
        assert session is not None
        server = voice_update(self.state, session, request)
        if server is not None:
            session.send("VOICE_SERVER_UPDATE", server)

    # -- routing -------------------------------------------------------------------

    def _fan_out(self, dispatch: Dispatch) -> None:
        if dispatch.guild_id in self.outages:
            return
        expired = []
        now = time.monotonic()
        self._serial += 1
        serial = self._serial
        ledger = self.ledger
        for session in self.sessions.values():
            if session.connection is None and session.detached_at is not None and (
                now - session.detached_at > self.resume_timeout
            ):
                expired.append(session.id)
                continue
            if session.wants(dispatch):
                ledger.routed(session.shard_id, serial)
                if session.deliver(dispatch, serial):
                    ledger.sent(session.shard_id, serial)
        for sid in expired:
            self.sessions.pop(sid, None)

    # -- faults --------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        """The ledger's counts (see :mod:`.ledger`), as the control API serves them."""
        return self.ledger.report(self.starts)

    def live(self) -> list[Connection]:
        """Connections that are open and identified (or resumed)."""
        return [c for c in self.connections if not c.closed and c.session is not None]

    def _on(self, conns: Iterable[Connection], shard: int | None) -> list[Connection]:
        # A fault for one shard (``shard``) reaches only connections of that shard.
        return [c for c in conns if shard is None
                or (c.session is not None and c.session.shard_id == shard)]

    def drop_connections(self, code: int | None = None, shard: int | None = None) -> int:
        """Close every connection, or shard ``shard``'s (``code`` ``None``: drop TCP with
        no close frame). Returns how many."""
        conns = self._on(self.connections, shard)
        for conn in conns:
            if code is None:
                conn.abort()
            else:
                conn.close(code, "Dropped by the sandbox.")
        return len(conns)

    def send_reconnect(self, shard: int | None = None) -> int:
        """Send op 7 to every connection (or shard ``shard``'s); clients should resume."""
        conns = self._on(self.live(), shard)
        for conn in conns:
            conn.send_op(7, None)
        return len(conns)

    def inject_dispatch(self, event: str, payload: bytes) -> int:
        """Send a numbered dispatch whose ``d`` is ``payload`` as is (valid or not)."""
        conns = self.live()
        for conn in conns:
            assert conn.session is not None
            conn.session.send(event, payload)
        return len(conns)

    def inject_frame(self, frame: bytes, *, compress: bool = True) -> int:
        """Send ``frame`` as one gateway message to every live connection, JSON or not;
        with ``compress=False`` its bytes skip the transport compressor."""
        conns = self.live()
        for conn in conns:
            if compress:
                conn.send_frame(frame)
            else:
                conn.send_raw(frame)
        return len(conns)

    def tamper_next(self, kind: str, payload: bytes, count: int = 1) -> None:
        """Send ``payload`` as the ``d`` of the next ``count`` HELLO or READY frames."""
        if kind not in ("HELLO", "READY"):
            raise ValueError(f"kind must be HELLO or READY, not {kind!r}")
        if not 1 <= count <= 1000:
            raise ValueError(f"count must be between 1 and 1000, not {count!r}")
        self._tampered.setdefault(kind, deque()).extend([payload] * count)

    def take_tampered(self, kind: str) -> bytes | None:
        """The tampered ``d`` for this HELLO or READY, if one is pending."""
        pending = self._tampered.get(kind)
        return pending.popleft() if pending else None

    def guild_outage(self, guild_id: int) -> int:
        """The guild goes down, as in a Discord outage: GUILD_DELETE with ``unavailable``
        true to each session of its shard; until :meth:`guild_back` nothing of it
        reaches them, and a new session's READY lists it with no GUILD_CREATE after.
        Returns how many sessions were told."""
        self.outages.add(guild_id)
        told = self._sessions_of(guild_id)
        for session in told:
            session.send("GUILD_DELETE", encode({"id": str(guild_id), "unavailable": True}))
        return len(told)

    def guild_back(self, guild_id: int) -> int:
        """The outage is over: each session of the guild's shard gets its GUILD_CREATE
        (``unavailable`` false: the guild it knew is back, not one it joined)."""
        self.outages.discard(guild_id)
        return self._announce(guild_id, joined=False)

    def guild_joined(self, guild_id: int) -> int:
        """The bot was added to a guild: each session of its shard gets its GUILD_CREATE,
        without ``unavailable`` (a guild joined, not one coming back)."""
        return self._announce(guild_id, joined=True)

    def _announce(self, guild_id: int, *, joined: bool) -> int:
        """GUILD_CREATE to each session of the guild's shard; how many were told."""
        told = self._sessions_of(guild_id)
        for session in told:
            session.send("GUILD_CREATE", self._guild_create(session, guild_id, joined=joined))
        return len(told)

    def _sessions_of(self, guild_id: int) -> list[Session]:
        """The sessions that hear of ``guild_id`` (connected or waiting for a resume)."""
        return [s for s in self.sessions.values()
                if s.valid and s.on_shard(guild_id)
                and s.intents & Intent.GUILDS]

    def black_hole(self, shard: int | None = None) -> int:
        """Every live connection (or shard ``shard``'s) goes silent both ways until the
        client gives up on it."""
        conns = self._on(self.live(), shard)
        for conn in conns:
            conn.black_hole()
        return len(conns)

    def invalidate_sessions(self, resumable: bool = False, shard: int | None = None) -> int:
        """Send op 9 (to shard ``shard``'s connection only, if given); unless
        ``resumable``, the sessions are forgotten."""
        conns = self._on(self.live(), shard)
        for conn in conns:
            conn.send_op(9, resumable)
            if not resumable and conn.session is not None:
                self.end_session(conn.session)
        return len(conns)

    async def wait_identified(self, count: int = 1, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until ``count`` connections are identified or resumed (for tests)."""
        if len(self.live()) >= count:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((count, future))
        try:
            async with asyncio.timeout(timeout):
                await future
        finally:
            self._waiters.remove((count, future))

    def _live_shards(self) -> dict[int, int]:
        # Shard id -> shard count of each live connection: whose presence guilds show.
        return {c.session.shard_id: c.session.shard_count for c in self.live() if c.session}

    def _notify(self) -> None:
        live = len(self.live())
        self.presence.connections_changed(self._live_shards())
        for count, future in self._waiters:
            if live >= count and not future.done():
                future.set_result(None)


def _token_ok(token: str, expected: str) -> bool:
    bare = token[4:] if token.startswith("Bot ") else token
    return hmac.compare_digest(bare.encode(), expected.encode())
