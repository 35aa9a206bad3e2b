"""The ``tidecord`` command as a real subprocess: the ``cli`` fixture and its helpers.

Tests reach everything through fixtures (no imports from here), so they collect the
same way in any pytest import mode.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _tidecord_argv() -> list[str]:
    """The installed console script, as a user runs it (``python -m`` if not installed)."""
    script = Path(sys.executable).with_name("tidecord")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tidecord.cli"]


# Found once, at import: a stat() inside a test would trip tidecord's strict mode.
TIDECORD = _tidecord_argv()


@dataclass
class Running:
    """A started process whose stdout lines are collected as they come."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)

    async def wait_for_line(self, pattern: str, seconds: float = 15.0) -> re.Match[str]:
        """The first stdout line (past or future) matching ``pattern``."""
        regex = re.compile(pattern)
        seen = 0

        async def scan() -> re.Match[str]:
            nonlocal seen
            assert self.process.stdout is not None
            while True:
                for line in self.lines[seen:]:
                    found = regex.search(line)
                    if found:
                        return found
                seen = len(self.lines)
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"exited before printing {pattern!r}: {self.lines}")
                self.lines.append(raw.decode())

        return await asyncio.wait_for(scan(), seconds)

    async def finish(self, seconds: float = 15.0) -> tuple[int, str, str]:
        """Wait for the end: exit code, all of stdout, stderr."""
        out, err = await asyncio.wait_for(self.process.communicate(), seconds)
        return self.process.returncode or 0, "".join(self.lines) + out.decode(), err.decode()

    async def interrupt(self, seconds: float = 15.0) -> tuple[int, str, str]:
        """Ctrl-C: SIGINT, then :meth:`finish`."""
        self.process.send_signal(signal.SIGINT)
        return await self.finish(seconds)


@dataclass
class CLI:
    """Starts commands in ``cwd`` with ``env``; anything still running is killed after."""

    env: dict[str, str]
    cwd: Path
    examples: Path = EXAMPLES
    tidecord_argv: list[str] = field(default_factory=lambda: list(TIDECORD))

    @asynccontextmanager
    async def spawn(self, *argv: str) -> AsyncIterator[Running]:
        """Run a command for the duration of the block."""
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self.env, cwd=self.cwd,
        )
        try:
            yield Running(process)
        finally:
            if process.returncode is None:
                process.kill()
                await process.communicate()

    def tidecord(self, *args: str) -> AbstractAsyncContextManager[Running]:
        """``tidecord ARGS`` for the duration of the block."""
        return self.spawn(*self.tidecord_argv, *args)

    @staticmethod
    def said(stream: str) -> list[str]:
        """The lines the command itself printed (``tidecord: ...``), without log records.

        Log records (e.g. the loop watchdog's stall warnings on a busy machine) may come
        and go; what the command says to the user must not.
        """
        return [line for line in stream.splitlines() if line.startswith("tidecord:")]

    @staticmethod
    async def ask(base: str, content: str, *, seconds: float = 10.0) -> dict[str, Any]:
        """Alice says ``content`` in #general on the sandbox at ``base``; the bot's reply to it.

        ``base`` is the chat page's address: the control API and the live feed are under it.
        """
        async with aiohttp.ClientSession() as http, http.ws_connect(base + "_sandbox/feed") as feed:
            async with http.post(
                base + "_sandbox/messages",
                json={"as": "alice", "channel": "general", "content": content},
            ) as response:
                assert response.status == 200, await response.text()
                sent = await response.json()

            async def replied() -> dict[str, Any]:
                async for frame in feed:
                    event = json.loads(frame.data)
                    data = event.get("d") or {}
                    reference = data.get("message_reference") or {}
                    if (event.get("t") == "MESSAGE_CREATE"
                            and reference.get("message_id") == sent["id"]):
                        return dict(data)
                raise AssertionError("the feed closed before the bot replied")

            return await asyncio.wait_for(replied(), seconds)

    async def run(self, *args: str, seconds: float = 20.0) -> tuple[int, str, str]:
        """``tidecord ARGS`` to its end: exit code, stdout, stderr."""
        async with self.tidecord(*args) as running:
            return await running.finish(seconds)


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[CLI]:
    """Commands run in ``tmp_path`` with no token and no sandbox URL in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "TIDECORD_API_URL")}
    env["IDEA_BOT_DB"] = str(tmp_path / "ideas.sqlite3")
    env["PYTHONUNBUFFERED"] = "1"
    yield CLI(env=env, cwd=tmp_path)
