"""``tidecord cluster run | join | status | reset``: one bot over many processes, via Redis."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from .errors import CLIError
from .lifecycle import StopSignal, say
from .token import TOKEN_ENV, TOKEN_FILE, find_token

if TYPE_CHECKING:
    from redis.asyncio import Redis

T = TypeVar("T")

__all__ = ["add_cluster_parser", "run_cluster_command"]

log = logging.getLogger("tidecord.cli")

EPILOG = f"""\
Every worker of a bot (same token, same Redis) shares its shards, identify turns,
sessions and REST limits. The token is --token, else ${TOKEN_ENV}, else ./{TOKEN_FILE};
workers started by `run` get it in their environment, never on their command line.

examples:
  tidecord cluster run bot.py --redis redis://127.0.0.1:6379/0 --processes 4
  tidecord cluster join bot.py --redis redis://10.0.0.5:6379/0
  tidecord cluster status --redis redis://127.0.0.1:6379/0
"""

#: How long workers get to hand their shards over after a stop, before they are killed.
STOP_GRACE = 20.0


def add_cluster_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``cluster`` command and its subcommands."""
    cluster = commands.add_parser(
        "cluster", help="run one bot over many processes and machines, through Redis",
        description="Run one bot's shards over many processes and machines, coordinated "
        "through Redis.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = cluster.add_subparsers(dest="cluster_command", metavar="SUBCOMMAND", required=True)
    run = sub.add_parser("run", help="start N worker processes on this machine")
    _worker_options(run)
    run.add_argument("--processes", "-n", type=int, required=True, metavar="N",
                     help="how many worker processes to start")
    join = sub.add_parser("join", help="start one more worker (here, or on another machine)")
    _worker_options(join)
    join.add_argument("--expect", type=int, default=1, metavar="N",
                      help="how many workers start together (their even share; default 1)")
    status = sub.add_parser("status", help="workers, shards, leases, sessions, identifies")
    status.add_argument("--redis", required=True, metavar="URL", help="the cluster's Redis")
    status.add_argument("--json", action="store_true", help="as JSON")
    reset = sub.add_parser("reset", help="forget a stopped cluster (shard count, sessions)")
    reset.add_argument("--redis", required=True, metavar="URL", help="the cluster's Redis")


def _worker_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the bot's file or module (as `run`)")
    parser.add_argument("--redis", required=True, metavar="URL",
                        help="the cluster's Redis, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--shards", type=int, metavar="S",
                        help="shard count (default: the cluster's, else Discord's advice)")
    parser.add_argument("--token", help=f"bot token (default: ${TOKEN_ENV}, then ./{TOKEN_FILE})")
    parser.add_argument("--api-url", metavar="URL",
                        help="REST base instead of Discord's (e.g. a sandbox's)")
    parser.add_argument("--lease", type=float, default=10.0, metavar="SECONDS",
                        help="shard lease: a dead worker's shards move after about this long")
    parser.add_argument("--global-rate", type=int, default=50, metavar="N",
                        help="the token's REST requests per second (50 on Discord)")
    parser.add_argument("--identify-window", type=float, default=5.0, metavar="SECONDS",
                        help="seconds between identifies of one bucket (5 on Discord; a "
                        "sandbox may use less)")


def run_cluster_command(args: argparse.Namespace) -> int:
    """Run ``tidecord cluster ...``; returns the exit code."""
    command = args.cluster_command
    if command == "status":
        return asyncio.run(_status(args.redis, args.json))
    if command == "reset":
        return asyncio.run(_reset(args.redis))
    token = find_token(args.token)
    if token is None:
        raise CLIError(f"a cluster needs the bot's token: --token, ${TOKEN_ENV} or ./{TOKEN_FILE} "
                       "(for a sandbox: `tidecord sandbox`, then --api-url and its token)")
    if command == "run":
        return _launch(args, token)
    return _join(args, token)


def _join(args: argparse.Namespace, token: str) -> int:
    from tidecord.cluster import Cluster

    from .loader import load_bot
    from .runner import run_bot

    bot = load_bot(args.path)
    bot.cluster = Cluster(args.redis, shard_count=args.shards, lease=args.lease,
                          expected_workers=args.expect, global_rate=args.global_rate,
                          identify_window=args.identify_window)
    return run_bot(bot, token=token, api_url=args.api_url)


def _launch(args: argparse.Namespace, token: str) -> int:
    if args.processes < 1:
        raise CLIError(f"--processes must be at least 1, not {args.processes}")
    command = [sys.executable, "-m", "tidecord.cli"]
    command += ["-v"] * args.verbose
    command += ["cluster", "join", args.path, "--redis", args.redis, "--expect",
                str(args.processes), "--lease", str(args.lease), "--global-rate",
                str(args.global_rate), "--identify-window", str(args.identify_window)]
    if args.shards is not None:
        command += ["--shards", str(args.shards)]
    if args.api_url is not None:
        command += ["--api-url", args.api_url]
    env = {**os.environ, TOKEN_ENV: token}
    return asyncio.run(_supervise([command] * args.processes, env))


async def _supervise(commands: Sequence[list[str]], env: dict[str, str]) -> int:
    """Start the workers; on Ctrl-C or SIGTERM stop them all; return the worst exit code."""
    with StopSignal() as stop:
        workers = [await asyncio.create_subprocess_exec(*cmd, env=env) for cmd in commands]
        say(f"tidecord: cluster of {len(workers)} workers started "
            f"(pids {', '.join(str(w.pid) for w in workers)}); Ctrl-C stops them all")
        waits = {asyncio.create_task(w.wait(), name=f"tidecord cluster: worker {w.pid}"): w
                 for w in workers}
        stopped = asyncio.create_task(stop.wait(), name="tidecord cluster: stop signal")
        pending: set[asyncio.Task[int]] = set(waits)
        try:
            while pending and not stopped.done():
                done, _ = await asyncio.wait([*pending, stopped],
                                             return_when=asyncio.FIRST_COMPLETED)
                for task in pending & done:
                    pending.discard(task)
                    worker = waits[task]
                    say(f"tidecord: worker {worker.pid} exited with code {worker.returncode}; "
                        "its shards go to the others")
        finally:
            stopped.cancel()
            await _stop_all(workers)
            await asyncio.gather(stopped, *waits, return_exceptions=True)
    codes = [w.returncode or 0 for w in workers]
    return max(codes, key=abs) if codes else 0


async def _stop_all(workers: list[asyncio.subprocess.Process]) -> None:
    alive = [w for w in workers if w.returncode is None]
    for worker in alive:
        worker.send_signal(signal.SIGTERM)
    try:
        async with asyncio.timeout(STOP_GRACE):
            await asyncio.gather(*(w.wait() for w in alive))
    except TimeoutError:
        for worker in alive:
            if worker.returncode is None:
                log.warning("worker %d did not stop in %.0f s: killing it", worker.pid,
                            STOP_GRACE)
                worker.kill()
        await asyncio.gather(*(w.wait() for w in alive))


async def _with_redis(url: str, work: Callable[[Redis], Awaitable[T]]) -> T:
    """``work(redis)`` on the cluster's Redis at ``url``. One that cannot be reached or
    read is a one-line error, naming it without its user and password."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError

    from tidecord.cluster.cluster import connect_redis, redis_where

    redis = connect_redis(url, 5.0)
    try:
        return await work(redis)
    except (OSError, RedisConnectionError) as exc:
        raise CLIError(f"cannot reach Redis at {redis_where(url)}: {exc}") from None
    except RedisError as exc:
        raise CLIError(f"cannot read the cluster from {redis_where(url)}: {exc}") from None
    finally:
        await redis.aclose()


async def _status(url: str, as_json: bool) -> int:
    from tidecord.cluster.status import format_status, read_status

    bots = await _with_redis(url, read_status)
    if as_json:
        print(json.dumps([b.as_dict() for b in bots], indent=2))
    else:
        print(format_status(bots))
    return 0


async def _reset(url: str) -> int:
    from tidecord.cluster.status import read_status

    async def forget(redis: Redis) -> None:
        bots = await read_status(redis)
        busy = [b.bot_id for b in bots if b.workers]
        if busy:
            raise CLIError(f"workers are still running for bot {busy[0]}: stop them first")
        for bot in bots:
            async for key in redis.scan_iter(match=f"tidecord:{bot.bot_id}:*", count=500):
                await redis.delete(key)
            print(f"tidecord: forgot the cluster of bot {bot.bot_id}")

    await _with_redis(url, forget)
    return 0
