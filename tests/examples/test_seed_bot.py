"""The guide's bot, unchanged but for its import, runs on the sandbox."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from ..client.client_helpers import ended

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


async def test_seed_bot_replies_to_idea(
    sandbox: Sandbox,
    connect_bot: Callable[[tidecord.Client], Awaitable[None]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An unchanged program is pointed at the sandbox by the environment alone.
    monkeypatch.setenv("TIDECORD_API_URL", sandbox.api_url)
    import seed_bot

    bot = seed_bot.MyBot()  # as the guide builds it: no intents argument
    await connect_bot(bot)
    sent = await sandbox.send_message("alice", "general", ".idea please")
    reply = await sandbox.wait_for_message("general", sandbox.bot_user, timeout=10)

    assert reply.content == "Okay, so how about this:"
    assert reply.message_reference is not None
    assert reply.message_reference.message_id == sent.id


@pytest.fixture
def token_dir(tmp_path: Path, sandbox: Sandbox) -> Path:
    """A working folder with the sandbox's token in ./.token, as the guide keeps it."""
    (tmp_path / ".token").write_text(sandbox.token + "\n")
    return tmp_path


async def test_seed_bot_script_reads_dot_token_and_stops_on_ctrl_c(
    sandbox: Sandbox, token_dir: Path
) -> None:
    env = {**os.environ, "TIDECORD_API_URL": sandbox.api_url, "PYTHONUNBUFFERED": "1",
           "PYTHONFAULTHANDLER": "1"}
    script = str(EXAMPLES / "seed_bot.py")
    process = await asyncio.create_subprocess_exec(
        sys.executable, script, cwd=token_dir, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = await asyncio.wait_for(process.stdout.readline(), 15)
        sent = await sandbox.send_message("alice", "general", ".idea")
        reply = await sandbox.wait_for_message("general", sandbox.bot_user, timeout=10)
        process.send_signal(signal.SIGINT)
        out, err = await ended(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()

    assert first.decode().strip() == "Logged on as SandboxBot!"
    assert reply.content == "Okay, so how about this:"
    assert reply.message_reference is not None and reply.message_reference.message_id == sent.id
    assert process.returncode == 0, err.decode()
    assert b"Traceback" not in err + out, err.decode()
