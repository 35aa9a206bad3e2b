"""The firehose replayed in one process: tidecord's read loop against the decode floor.

``python -m benchmarks.replay`` connects a default tidecord client (zlib-stream,
members cached, a counting ``on_message``) to an in-process sandbox, then feeds the
connected shard's read loop, round after round, ``--messages`` MESSAGE_CREATE frames
built from the sandbox's own wire format (fresh ids and sequence numbers, one
compression context per round) through a stand-in for the WebSocket. After each
round the same bytes are inflated and decoded by the floor's loop
(:func:`benchmarks.floor.inflate_and_decode`). Both are timed in this process, one
right after the other, so the ratio holds on a machine whose speed drifts.

By default it leaves out the socket and the WebSocket framing (``make bench``
includes them). ``--socket picows`` or ``aiohttp`` has each round go over loopback
instead: a thread writes the round as one burst of frames
(:class:`benchmarks.loopback.BurstServer`) and the shard reads it through that
gateway socket, timed on the loop thread's own CPU clock; ``--socket both``
alternates the two, round by round, and prints what each pair differed by. What it
is for: telling whether a change to the message path helps, in seconds rather than
a whole ``make bench``, by running it on two checkouts in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
import zlib
from collections import deque
from collections.abc import Awaitable
from typing import Any

import msgspec

import tidecord
from tidecord.gateway.reader import FrameReader, Reconnect
from tidecord.gateway.socket import GatewaySocket, open_socket
from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.gateway.firehose import prepare_firehose, send_firehose

from .floor import inflate_and_decode
from .loopback import BurstServer
from .world import make_lifelike

__all__ = ["main", "replay"]


class _Exhausted(Exception):
    """The stand-in socket has nothing more: the round is over."""


class _Socket(GatewaySocket):
    """A connection whose every message has arrived: the round's chunks, queued."""

    def __init__(self, messages: list[bytes]) -> None:
        self.queue = deque(messages)
        self.close_code = None

    @property
    def closed(self) -> bool:
        return False

    async def wait(self) -> None:
        raise _Exhausted

    def resume_reading(self) -> None:
        pass  # everything has arrived already

    # The read loop only reads; the shard's senders never see this socket.
    async def send_bytes(self, data: bytes) -> None:
        raise ConnectionResetError("a replayed connection sends nothing")

    async def close(self, code: int = 1000) -> None:
        pass  # nothing is open

    def abort(self) -> None:
        pass


def _text_channel(sb: Sandbox) -> Any:
    """The first text channel of the first guild: where the replayed messages are."""
    guild_id = next(iter(sb.state.guilds))
    return next(c for c in sb.state.guild_channels[guild_id].values() if c.type == 0)


async def _template(sb: Sandbox, client: tidecord.Client) -> tuple[bytes, bytes, int]:
    """One MESSAGE_CREATE as the sandbox writes it, cut around its id: the text
    after ``"s":N,``, up to the id, and after it; and the id.

    The message is sent too: preparing it ran it through the live connection's
    compression context, and a context the client has not followed garbles every
    later frame on that connection (a HEARTBEAT_ACK, once a round outlasts the
    heartbeat interval).
    """
    channel = _text_channel(sb)
    author = next(u for u in sb.state.members[channel.guild_id] if u != sb.bot_user.id)
    batches = prepare_firehose(sb.hub, channel.id, 1, author)
    (connection, _, _), = batches
    assert connection.session is not None  # prepare_firehose takes identified ones only
    frame = connection.session.buffer[-1][1]
    await _one_message(client, send_firehose(batches, 1), "the template message")
    message_id = msgspec.json.decode(frame)["d"]["id"]
    head, tail = frame.split(b'"%s"' % message_id.encode(), 1)
    return head.split(b",", 2)[2], tail, int(message_id)


def _round(head: bytes, tail: bytes, first_id: int, first_seq: int, count: int) -> list[bytes]:
    """``count`` frames, compressed in one fresh zlib-stream context."""
    deflate = zlib.compressobj()
    flush = zlib.Z_SYNC_FLUSH
    return [deflate.compress(b'{"t":"MESSAGE_CREATE","s":%d,%s"%d"%s'
                             % (first_seq + n, head, first_id + (n << 22), tail))
            + deflate.flush(flush) for n in range(count)]


def _floor(chunks: list[bytes]) -> float:
    gc.collect()
    started = time.thread_time()
    inflate_and_decode(zlib.decompressobj(), chunks)
    return time.thread_time() - started


async def _read_round(client: tidecord.Client, shard: Any, chunks: list[bytes], kind: str
                      ) -> float:
    """Loop-thread CPU seconds for the shard's read loop to take in ``chunks``.

    The round's sequence numbers are its own: the live connection's is put back after.
    """
    seq = shard.seq
    try:
        return await _timed_round(client, shard, chunks, kind)
    finally:
        shard.seq = seq


async def _timed_round(client: tidecord.Client, shard: Any, chunks: list[bytes], kind: str
                       ) -> float:
    reader = FrameReader(shard.id, "zlib-stream", shard.problems)
    if kind == "queued":
        gc.collect()
        started = time.thread_time()
        try:
            await shard._read_loop(_Socket(chunks), reader)
        except _Exhausted:
            pass
        return time.thread_time() - started
    with BurstServer(chunks) as server:
        session = (lambda: client.http.session) if kind == "aiohttp" else None
        socket = await open_socket(server.url, session)
        try:
            gc.collect()
            started = time.thread_time()
            try:
                await shard._read_loop(socket, reader)
            except Reconnect:  # the burst's closing frame
                pass
            return time.thread_time() - started
        finally:
            await socket.close()


async def _one_message(client: tidecord.Client, send: Awaitable[Any], what: str) -> None:
    """Send one message with ``send`` and wait for the client to dispatch it."""
    arrival = asyncio.ensure_future(client.wait_for("message", timeout=10.0))
    await send
    try:
        await arrival
    except TimeoutError:
        raise RuntimeError(f"{what} did not arrive within 10 s") from None


async def _check_live(sb: Sandbox, client: tidecord.Client, shard: Any) -> None:
    """The real connection still reads what the sandbox sends after the rounds (the
    replay must leave its compression context and sequence as they were)."""
    skipped = shard.problems.skipped
    try:
        await _one_message(client, sb.firehose(_text_channel(sb), 1),
                           "a message on the live connection")
    finally:
        if shard.problems.skipped > skipped:
            raise RuntimeError("the live connection skipped a frame after the replay: "
                               "its stream or sequence was disturbed")


async def replay(messages: int, rounds: int, kinds: tuple[str, ...] = ("queued",)
                 ) -> list[tuple[str, float, float]]:
    """(socket kind, tidecord, floor) CPU seconds per message for each round; the
    rounds go through ``kinds`` in turn."""
    world = make_lifelike(World.generate(guilds=4, members_per_guild=500, channels=20,
                                         roles=20, seed=0), seed=0)
    async with Sandbox(host="127.0.0.1", port=0, world=world, full_member_lists=True,
                       identify_interval=0.0) as sb:
        intents = tidecord.Intents.default()
        intents.message_content = True
        intents.members = True
        client = tidecord.Client(intents=intents, api_url=sb.api_url, compress="zlib-stream")
        seen = 0

        async def on_message(message: Any) -> None:
            nonlocal seen
            seen += 1

        client.event(on_message)
        runner = asyncio.create_task(client.start(sb.token), name="replay-client")
        try:
            await client.wait_until_ready()
            shard = client._shards.shards[0]  # type: ignore[union-attr]
            head, tail, first_id = await _template(sb, client)  # needs the client's session
            # Built on a thread: a long build in the loop would be reported as a stall.
            base = 1 << 30
            built = await asyncio.to_thread(lambda: [
                _round(head, tail, first_id + (base << 22), base + r * messages, messages)
                for r in range(rounds)])
            results = []
            for index, chunks in enumerate(built):
                kind = kinds[index % len(kinds)]
                seen = 0
                ours = await _read_round(client, shard, chunks, kind) / messages
                if seen != messages:
                    raise RuntimeError(f"on_message saw {seen} of {messages} messages")
                # The floor on a thread (its own CPU clock), so the loop is never held.
                floor = await asyncio.to_thread(_floor, chunks)
                results.append((kind, ours, floor / messages))
            await _check_live(sb, client, shard)
        finally:
            await client.close()
            await runner
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replay", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=50_000, help="per round")
    parser.add_argument("--rounds", type=int, default=6,
                        help="rounds after the warm-up ones (dropped: one per socket kind)")
    parser.add_argument("--socket", choices=("queued", "picows", "aiohttp", "both"),
                        default="queued", help="how each round reaches the read loop "
                        "(queued: already in the socket's queue; both: picows and aiohttp "
                        "in turn)")
    args = parser.parse_args()
    kinds = ("picows", "aiohttp") if args.socket == "both" else (args.socket,)
    results = asyncio.run(replay(args.messages, args.rounds + len(kinds), kinds))[len(kinds):]
    for index, (kind, ours, floor) in enumerate(results, 1):
        print(f"round {index} ({kind}): tidecord {ours * 1e6:.2f} us/event, "
              f"floor {floor * 1e6:.2f}, {ours / floor:.2f}x")
    for kind in kinds:
        mine = [(ours, floor) for k, ours, floor in results if k == kind]
        ratios = [ours / floor for ours, floor in mine]
        print(f"{kind}: tidecord median {statistics.median(o for o, _ in mine) * 1e6:.2f} "
              f"us/event (best {min(o for o, _ in mine) * 1e6:.2f}); floor best "
              f"{min(f for _, f in mine) * 1e6:.2f} us; ratio median "
              f"{statistics.median(ratios):.2f}x (min {min(ratios):.2f}x)")
    if len(kinds) == 2:
        pairs = [(results[i + 1][1] - results[i][1]) * 1e6
                 for i in range(0, len(results) - 1, 2)]
        print(f"{kinds[1]} minus {kinds[0]}, pair by pair: "
              + ", ".join(f"{d:+.2f}" for d in pairs)
              + f" us/event (median {statistics.median(pairs):+.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
