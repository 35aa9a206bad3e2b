"""The sandbox process: a generated world served on loopback, driven over stdin.

``python -m benchmarks.server --guilds 500 --members 500 --channels 20 --roles 20``
prints ``up`` (URLs, token, the firehose channel, how long the world took), then
obeys ``firehose`` (``n`` MESSAGE_CREATE to every identified connection, answered
with the sandbox's own send rate and CPU; with ``shard`` 0 or 1, into a guild of that
shard of two, so only the runner connected as that shard gets them), ``latency``
(pings answered by the connected runner, see :mod:`benchmarks.latency`), ``cpu``,
``rest_channels`` (``n`` text channels for the REST workload), ``rest_count`` (what
the REST log and those channels hold: 429s so far, messages whose text starts with
``tag``) and ``stop``. Its REST limits are ``--rest-limits`` (global requests per
seconds, the send route's requests per seconds). Running it in its
own process keeps its CPU off the client's clock and its core.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from collections.abc import Coroutine
from typing import Any

from tidecord.models.channel import Channel
from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest.ratelimit import RateLimits

from .latency import ping_round
from .runners.base import rss_bytes
from .wire import arm_deadline, commands, emit
from .world import make_lifelike


def _firehose_channel(sb: Sandbox, shard: int | None = None, shards: int = 2) -> Channel:
    """The first text channel of the first generated guild (of those on ``shard`` of
    ``shards``, when given: the commands workload's runners are one shard each)."""
    guild_id = next(gid for gid in sb.state.guilds
                    if shard is None or (gid >> 22) % shards == shard)
    return next(c for c in sb.state.guild_channels[guild_id].values() if c.type == 0)


#: The route whose limit the REST workload measures.
SEND_ROUTE = "POST /channels/{channel_id}/messages"


def _rest_limits(limits: list[float]) -> RateLimits:
    """``[global, per, route, per]`` as the sandbox's limits; other routes keep theirs."""
    g, g_per, r, r_per = limits
    out = RateLimits(global_limit=int(g), global_per=g_per)
    out.routes[SEND_ROUTE] = (int(r), r_per)
    return out


def _rest_channels(sb: Sandbox, n: int, avoid: set[int]) -> list[int]:
    """``n`` text channels, one per guild before a second of any (the firehose's kept out)."""
    per_guild = [[c.id for c in sb.state.guild_channels[gid].values()
                  if c.type == 0 and c.id not in avoid] for gid in sb.state.guilds]
    spread = [ids[i] for i in range(max(map(len, per_guild), default=0))
              for ids in per_guild if i < len(ids)]
    if len(spread) < n:
        raise ValueError(f"the world has {len(spread)} free text channels, {n} asked")
    return [int(c) for c in spread[:n]]


def _rest_count(sb: Sandbox, channels: list[int], tag: str) -> dict[str, object]:
    """429s answered so far, and the messages in ``channels`` whose text starts with ``tag``."""
    made = [m for cid in channels for m in sb.state.channel_messages(cid)
            if isinstance(m.content, str) and m.content.startswith(tag)]
    texts = [m.content for m in made]
    # Which limit each 429 was for (global or the route's), of the records still kept.
    scopes = Counter(r.scope or "?" for r in sb.rest_log.records if r.kind == "rate_limited")
    # When the server took the first and the last (a snowflake holds its millisecond).
    stamps = [int(m.id) >> 22 for m in made]
    span = (max(stamps) - min(stamps)) / 1000 if stamps else None
    return {"rate_limited": sb.rest_log.totals["rate_limited"], "created": len(texts),
            "distinct": len(set(texts)), "scopes": dict(scopes), "span_s": span}


#: What the commands workload's people say: half commands, half chatter.
CHATTER = "just chatting about the garden today"


def _contents(sb: Sandbox, channel: Channel, kind: str) -> list[str]:
    """``firehose``: one text; ``plain``: chatter only; ``commands``: a command with a
    member and an int, then chatter, in turn."""
    if kind == "firehose":
        return ["firehose"]
    if kind == "plain":
        return [CHATTER]
    members = [uid for uid in sb.state.members[int(channel.guild_id)]
               if uid != sb.bot_user.id]
    # Twenty different people are named in turn, as a moderation bot would see.
    return [text for uid in members[:20] for text in (f"!hit <@{uid}> 42", CHATTER)]


async def _firehose(sb: Sandbox, channel: Channel, n: int, round_: object,
                    kind: str = "firehose") -> None:
    """One firehose round, answered with the sandbox's own rate and CPU."""
    try:
        cpu0 = time.process_time()
        result = await sb.firehose(channel, n, contents=_contents(sb, channel, kind))
        emit("firehose", round=round_, cpu_s=time.process_time() - cpu0, sent=result.sent,
             connections=result.connections, seconds=result.seconds, rate=result.rate)
    except Exception as exc:
        emit("error", message=f"firehose failed: {type(exc).__name__}: {exc}")
        raise


async def _latency(sb: Sandbox, channel: Channel, cmd: dict[str, Any]) -> None:
    """One round of reply latency (see :mod:`benchmarks.latency`)."""
    try:
        result = await ping_round(sb, channel, int(cmd["pings"]), float(cmd["interval"]),
                                  int(cmd["load"]))
        emit("latency", round=cmd.get("round"), **result)
    except Exception as exc:
        emit("error", message=f"latency failed: {type(exc).__name__}: {exc}")
        raise


async def serve(args: argparse.Namespace) -> None:
    """Generate the world, serve it, and answer commands until ``stop``."""
    t0, c0 = time.perf_counter(), time.process_time()
    world = make_lifelike(
        World.generate(guilds=args.guilds, members_per_guild=args.members,
                       channels=args.channels, roles=args.roles, seed=args.seed),
        seed=args.seed,
    )
    # Every member in GUILD_CREATE (the libraries identify with large_threshold 250),
    # and no 5 s spacing of identifies: the clients connect one after another.
    async with Sandbox(host="127.0.0.1", port=0, world=world, full_member_lists=True,
                       identify_interval=0.0, rate_limits=_rest_limits(args.rest_limits)
                       ) as sb:
        channel = _firehose_channel(sb)
        by_shard = {str(shard): _firehose_channel(sb, shard) for shard in (0, 1)}
        emit("up", api_url=sb.api_url, gateway_url=sb.gateway_url, token=sb.token,
             channel_id=str(channel.id), guild_id=str(channel.guild_id),
             shard_channels={k: str(c.id) for k, c in by_shard.items()},
             generate_s=time.perf_counter() - t0, generate_cpu_s=time.process_time() - c0,
             rss=rss_bytes())
        # Each firehose is its own task, so a client that dies midway (its batch
        # then never drains) cannot block the commands for the next one.
        pending: set[asyncio.Task[None]] = set()

        def spawn(work: Coroutine[Any, Any, None], name: str) -> None:
            task = asyncio.create_task(work, name=f"bench-{name}")
            pending.add(task)
            task.add_done_callback(pending.discard)

        try:
            async for cmd in commands():
                if cmd["cmd"] == "firehose":
                    into = channel
                    if cmd.get("shard") is not None:  # two shards: one runner each
                        into = by_shard[str(cmd["shard"])]
                    spawn(_firehose(sb, into, int(cmd["n"]), cmd.get("round"),
                                    cmd.get("kind", "firehose")), f"firehose-{cmd.get('round')}")
                elif cmd["cmd"] == "latency":
                    spawn(_latency(sb, channel, cmd), f"latency-{cmd.get('round')}")
                elif cmd["cmd"] == "cpu":
                    emit("cpu", cpu_s=time.process_time())
                elif cmd["cmd"] == "rest_channels":
                    avoid = {int(channel.id), *(int(c.id) for c in by_shard.values())}
                    emit("rest_channels", ids=[str(c) for c in
                                               _rest_channels(sb, int(cmd["n"]), avoid)])
                elif cmd["cmd"] == "rest_count":
                    emit("rest_count", **_rest_count(
                        sb, [int(c) for c in cmd["channels"]], str(cmd["tag"])))
                elif cmd["cmd"] == "stop":
                    break
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
    emit("closed")


def main() -> int:
    """Parse the world's size and serve it."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server")
    parser.add_argument("--guilds", type=int, default=500)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--channels", type=int, default=20)
    parser.add_argument("--roles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rest-limits", type=float, nargs=4, default=[50, 1.0, 5, 5.0],
                        metavar=("GLOBAL", "PER", "ROUTE", "PER"),
                        help="global requests per seconds, send route's requests per seconds")
    arm_deadline()
    try:
        asyncio.run(serve(parser.parse_args()))
    except BaseException as exc:  # reported to the orchestrator
        import traceback

        traceback.print_exc()
        emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
