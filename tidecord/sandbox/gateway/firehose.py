"""The firehose: many MESSAGE_CREATE dispatches, precomputed, sent as fast as sockets go.

For benchmarks: the frames (ids, sequence numbers, compression) are all built
before the clock starts, so what is measured is the sockets and the clients, not
the sandbox. The messages are not stored in the state nor shown on the feed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidecord.models import Message, Snowflake, encode

from ..dispatch import Dispatch, strip_content
from .session import dispatch_frame

if TYPE_CHECKING:
    from .connection import Connection
    from .hub import GatewayHub

__all__ = ["FirehoseResult", "firehose", "prepare_firehose", "send_firehose"]

_PLACEHOLDER = 999_999_999_999_999_999


@dataclasses.dataclass(frozen=True)
class FirehoseResult:
    """What a firehose run sent: dispatches in total, connections, seconds, rate."""

    sent: int
    connections: int
    seconds: float

    @property
    def rate(self) -> float:
        """Dispatches per second the sandbox pushed out."""
        return self.sent / self.seconds if self.seconds > 0 else float("inf")


async def firehose(
    hub: GatewayHub, channel_id: int, count: int, author_id: int,
    contents: Sequence[str] = ("firehose",),
) -> FirehoseResult:
    """Send ``count`` MESSAGE_CREATE to every identified connection that wants them;
    the messages say each of ``contents`` in turn (with their mentions, as Discord)."""
    return await send_firehose(prepare_firehose(hub, channel_id, count, author_id, contents),
                               count)


Batches = list[tuple["Connection", list[bytes], "asyncio.Future[float]"]]


async def send_firehose(batches: Batches, count: int) -> FirehoseResult:
    """Send what :func:`prepare_firehose` built (several of them may go at once)."""
    start = time.perf_counter()
    for conn, wires, done in batches:
        conn.send_wire_batch(wires, done)
    ends = await asyncio.gather(*(done for _, _, done in batches))
    seconds = (max(ends) - start) if ends else 0.0
    return FirehoseResult(sent=count * len(batches), connections=len(batches), seconds=seconds)


def prepare_firehose(hub: GatewayHub, channel_id: int, count: int, author_id: int,
                     contents: Sequence[str] = ("firehose",)) -> Batches:
    """Build (number, compress) ``count`` MESSAGE_CREATE per connection that wants them."""
    state = hub.state
    channel = state.channel(channel_id)
    gid = state.guild_id_of(channel)
    author = state.user(author_id)
    templates = [state.gateway_message(Message(
        id=Snowflake(_PLACEHOLDER), channel_id=channel.id, author=author, content=content,
        timestamp=state.now_iso(), mentions=state.mentions_in(content, gid), mention_roles=[],
        attachments=[], embeds=[], components=[],
    ), gid) for content in contents]
    probe = Dispatch("MESSAGE_CREATE", templates[0], guild_id=gid,
                     content_gated=gid is not None and author.id != state.bot_user.id)
    variants = {visible: [encode(t if visible else strip_content(t)) for t in templates]
                for visible in (True, False)}
    marker = b'"%d"' % _PLACEHOLDER
    ids = [state.new_id() for _ in range(count)]
    loop = asyncio.get_running_loop()
    batches = []
    for conn in hub.live():
        session = conn.session
        if session is None or not session.wants(probe):
            continue
        visible = session.message_content or not probe.content_gated
        parts = [encoded.split(marker, 1) for encoded in variants[visible]]
        wires = []
        for index, mid in enumerate(ids):
            head, tail = parts[index % len(parts)]
            seq = session.seq = session.seq + 1
            frame = dispatch_frame("MESSAGE_CREATE", seq, b'%s"%d"%s' % (head, mid, tail))
            session.buffer.append((seq, frame, 0))
            wires.append(conn.compressor.compress(frame))
        batches.append((conn, wires, loop.create_future()))
    return batches
