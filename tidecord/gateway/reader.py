"""One connection's inbound frames: inflate, decode, skip bad ones, spot a broken stream.

The shard's read loop inlines the fast path (inflate and decode a good frame); this
decides the rest: a frame that does not decode is skipped, unless it is binary junk
out of a compressed stream, which means the stream itself is broken and only a new
connection (and a resume) helps. A HELLO without a usable heartbeat interval ends
the connection too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

import msgspec
import yarl

from ..models import Frame, Hello, decoder
from .compression import INFLATE_ERRORS, make_inflater
from .problems import MALFORMED, ProblemLog, looks_corrupt

__all__ = ["FrameReader", "Reconnect", "usable_url"]

log = logging.getLogger("tidecord.gateway")

_FRAME: Final[msgspec.json.Decoder[Frame]] = decoder(Frame)
_HELLO: Final[msgspec.json.Decoder[Hello]] = decoder(Hello)
# Discord's interval is about 41 s; anything outside this is a broken HELLO.
MAX_HEARTBEAT_MS: Final = 600_000


class Reconnect(Exception):
    """End this connection and open another (resume unless told otherwise)."""

    def __init__(self, resume: bool, delay: float = 0.0) -> None:
        self.resume = resume
        self.delay = delay


class FrameReader:
    """Inbound frames of one connection (a fresh inflate context for each)."""

    __slots__ = ("compressed", "feed", "problems", "shard_id")

    def __init__(self, shard_id: int, compress: str | None, problems: ProblemLog) -> None:
        self.shard_id = shard_id
        self.problems = problems
        inflater = make_inflater(compress)
        self.compressed = inflater is not None
        self.feed: Callable[[bytes], bytes | None] | None = (
            inflater.feed if inflater is not None else None)

    def inflate(self, raw: bytes) -> bytes | None:
        """One WebSocket message's bytes, inflated (None: a message is not complete yet)."""
        if self.feed is None:
            return raw
        try:
            return self.feed(raw)
        except INFLATE_ERRORS as exc:
            raise self.corrupt(exc) from None

    def corrupt(self, exc: Exception) -> Reconnect:
        """The inflate context is ruined: what to raise to reconnect and resume."""
        # The text, not the exception: a kept log record must not keep its frames alive.
        log.warning("shard %d: corrupt compressed stream (%s); reconnecting", self.shard_id,
                    str(exc))
        return Reconnect(resume=True)

    def decode(self, data: bytes) -> Frame | None:
        """A frame, or None (skipped); a compressed stream gone bad raises :class:`Reconnect`."""
        try:
            return _FRAME.decode(data)
        except MALFORMED as exc:
            if self.compressed and looks_corrupt(data):
                # Binary junk out of a stream that inflated without error: the
                # context is off track and every later frame would be junk too.
                log.warning("shard %d: compressed stream yields junk; reconnecting",
                            self.shard_id)
                raise Reconnect(resume=True) from None
            self.problems.skip("an undecodable gateway frame", exc)
            return None

    def hello_interval(self, hello: Frame) -> float:
        """The heartbeat interval (s) of a HELLO; a broken one ends this connection."""
        try:
            ms = _HELLO.decode(hello.d).heartbeat_interval
        except MALFORMED as exc:
            self.problems.skip("a HELLO without a usable heartbeat_interval", exc)
            raise Reconnect(resume=True, delay=1.0) from None
        if not 0 < ms <= MAX_HEARTBEAT_MS:
            self.problems.skip(f"a HELLO with heartbeat_interval {ms} ms")
            raise Reconnect(resume=True, delay=1.0)
        return ms / 1000.0


def usable_url(url: str) -> bool:
    """Whether ``url`` can be a gateway address (``ws://`` or ``wss://`` with a host)."""
    try:
        parsed = yarl.URL(url)
    except (ValueError, TypeError):
        return False
    return parsed.scheme in ("ws", "wss") and bool(parsed.host)
