"""discord.py programs run unchanged but for the import, as separate processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tidecord.sandbox import Sandbox

from .client_helpers import ended

DATA = Path(__file__).with_name("data")
# The guide's bot is the repository's example itself, not a copy of it.
SEED_BOT = Path(__file__).resolve().parents[2] / "examples" / "seed_bot.py"


async def _spawn(script: str | Path, sandbox: Sandbox, cwd: Path, **env: str
                 ) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(DATA / script if isinstance(script, str) else script), cwd=str(cwd),
        env={**os.environ, "TIDECORD_API_URL": sandbox.api_url, "PYTHONUNBUFFERED": "1",
             "PYTHONFAULTHANDLER": "1", **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


@contextlib.asynccontextmanager
async def _running(script: str | Path, sandbox: Sandbox, cwd: Path, **env: str
                   ) -> AsyncIterator[asyncio.subprocess.Process]:
    """The program, spawned; killed on the way out if it has not ended by then."""
    proc = await _spawn(script, sandbox, cwd, **env)
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _line(proc: asyncio.subprocess.Process, within: float = 15.0) -> str:
    assert proc.stdout is not None
    return (await asyncio.wait_for(proc.stdout.readline(), within)).decode().strip()


async def test_seed_guide_bot_answers_and_stops_on_ctrl_c(sandbox: Sandbox, tmp_path: Path) -> None:
    await asyncio.to_thread((tmp_path / ".token").write_text, sandbox.token + "\n")
    async with _running(SEED_BOT, sandbox, tmp_path) as proc:
        assert await _line(proc) == f"Logged on as {sandbox.bot_user.username}!"
        asked = await sandbox.send_message("alice", "general", ".idea")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user,
                                               timeout=10)
        assert reply.content == "Okay, so how about this:"
        assert reply.message_reference.message_id == asked.id
        proc.send_signal(signal.SIGINT)
        _, err = await ended(proc)
    assert proc.returncode == 0
    assert b"Traceback" not in err and b"Unclosed" not in err, err.decode()


async def test_bad_token_is_one_clear_line(sandbox: Sandbox, tmp_path: Path) -> None:
    bad = "MTIz.bad.token-that-must-not-leak"
    await asyncio.to_thread((tmp_path / ".token").write_text, bad)
    proc = await _spawn(SEED_BOT, sandbox, tmp_path)
    out, err = await asyncio.wait_for(proc.communicate(), 15)
    assert proc.returncode == 1
    lines = [line for line in err.decode().splitlines() if line.strip()]
    assert lines == ["tidecord: Improper token has been passed."], lines
    assert bad.encode() not in out + err


async def test_features_program(sandbox: Sandbox, tmp_path: Path) -> None:
    bot = sandbox.bot_user
    async with _running("features_bot.py", sandbox, tmp_path, BOT_TOKEN=sandbox.token) as proc:
        assert await _line(proc) == f"ready as {bot.username} in 1 guild(s)"
        await sandbox.send_message("alice", "general", "!embed")
        embed_msg = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        assert embed_msg.embeds[0].title == "Idea" and embed_msg.embeds[0].fields[0].name == "votes"
        await sandbox.send_message("alice", "general", "!ask")
        await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        # The question shows in the channel before send() returns to the bot; an answer
        # sent in between reaches the bot before its wait_for does (on discord.py too).
        assert await _line(proc) == "asked"
        await sandbox.send_message("alice", "general", "blue")
        answer = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        assert answer.content == "blue is a fine colour, Alice"
        await sandbox.send_message("alice", "general", "!info")
        info = await sandbox.wait_for_message(channel="general", author=bot, timeout=10)
        # member.roles starts with @everyone, as in discord.py
        assert info.content.startswith("Sandbox: ")
        assert "roles: @everyone, Moderator" in info.content
        await sandbox.send_message("alice", "general", "!bye")
        _, err = await ended(proc)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"Unclosed" not in err, err.decode()


@pytest.mark.parametrize("start", ["async with", "bare"])
async def test_a_close_from_a_handler_finishes_before_the_program_ends(
        sandbox: Sandbox, tmp_path: Path, start: str) -> None:
    # `async with client` closes again on the way out; that second close must wait for
    # the one in progress, or asyncio.run cancels the handler mid-close: the HTTP
    # session stays open and the loop watchdog keeps its thread (and its timer, whose
    # signal then kills the exiting process). The handler that closed goes on, as
    # in discord.py; the one still running is cancelled and may clean up.
    async with _running("close_from_handler_bot.py", sandbox, tmp_path,
                        BOT_TOKEN=sandbox.token, START=start) as proc:
        assert await _line(proc) == "ready"
        await sandbox.send_message("alice", "general", "!linger")
        assert await _line(proc) == "lingering"
        await sandbox.send_message("alice", "general", "!bye")
        out, err = await ended(proc)
    assert proc.returncode == 0, err.decode()
    assert out.decode().splitlines() == [
        "the handler went on after close()", "closed=True threads=[]"], (out + err).decode()
    assert b"Unclosed" not in err and b"Traceback" not in err, err.decode()
