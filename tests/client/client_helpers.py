"""Shared helpers for the client tests (imported by conftest and the tests)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

import tidecord

Connect = Callable[..., Awaitable[tidecord.Client]]


async def until(check: Callable[[], object], within: float = 5.0, every: float = 0.01) -> None:
    """Wait until ``check()`` is true (TimeoutError after ``within`` seconds). Polling is
    the point: what it reads is a plain attribute or list, not an event."""
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(every)


async def start_client(client: tidecord.Client, token: str, within: float = 10.0
                       ) -> asyncio.Task[None]:
    """Start ``client`` in a task and wait until it is ready (or its start failed)."""
    task = asyncio.create_task(client.start(token), name="test:client.start")
    ready = asyncio.create_task(client.wait_until_ready(), name="test:wait_until_ready")
    done, _ = await asyncio.wait({task, ready}, timeout=within,
                                 return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task in done:
            task.result()  # raises the start failure
        task.cancel()
        raise TimeoutError("client never became ready")
    return task


def admin_world() -> dict[str, object]:
    """The default world's shape, with a bot allowed everything (to manage the guild)."""
    return {
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
            "roles": [{"name": "@everyone", "permissions": ["view_channel", "send_messages",
                                                            "add_reactions"]},
                      {"name": "Moderator", "permissions": ["kick_members"]}],
            "channels": [{"name": "Text Channels", "type": 4},
                         {"name": "general", "parent": "Text Channels"},
                         {"name": "ideas", "parent": "Text Channels"}],
            "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"],
        }],
    }


def _signal_lines(pid: int) -> str:
    """Each thread's signal masks (``/proc``): what a stop signal would meet."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            status = task.joinpath("status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        lines.append(f"  thread {task.name} {fields.get('Name', '').strip()}: " + " ".join(
            f"{key}={fields.get(key, '?').strip()}"
            for key in ("SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")))
    return "\n".join(lines)


async def ended(proc: asyncio.subprocess.Process, within: float = 10.0) -> tuple[bytes, bytes]:
    """``proc.communicate()``, or, if the program is still running ``within`` seconds
    later, an AssertionError that shows why: each thread's signal masks, then every
    thread's stack (a program spawned with ``PYTHONFAULTHANDLER=1`` dumps them on
    SIGABRT)."""
    try:
        return await asyncio.wait_for(proc.communicate(), within)
    except TimeoutError:
        masks = await asyncio.to_thread(_signal_lines, proc.pid)
        proc.send_signal(signal.SIGABRT)
        try:
            _, err = await asyncio.wait_for(proc.communicate(), 5)
        except TimeoutError:
            proc.kill()
            _, err = await proc.communicate()
        raise AssertionError(f"still running {within} s later; its signal masks:\n{masks}\n"
                             f"its stderr, ending with its threads' stacks:\n"
                             f"{err.decode(errors='replace')[-8000:]}") from None
