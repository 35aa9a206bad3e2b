"""`tidecord run` with a module name, a module-level bot, and a separately started sandbox."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

import pytest

from tidecord.sandbox import Sandbox

if TYPE_CHECKING:
    from conftest import CLI

BOT = '''\
import tidecord

bot = tidecord.Client()


@bot.event
async def on_message(message):
    if message.author != bot.user and message.content == "ping":
        await message.reply("pong")
'''


@pytest.fixture
def pingbot(cli: CLI) -> str:
    """pingbot.py in the working directory (written here: a sync fixture may block)."""
    (cli.cwd / "pingbot.py").write_text(BOT)
    return "pingbot"


async def test_module_level_bot_by_module_name_against_given_api(
    cli: CLI, pingbot: str, sandbox: Sandbox
) -> None:
    args = ("run", pingbot, "--api-url", sandbox.api_url, "--token", sandbox.token)
    async with cli.tidecord(*args) as running:
        await running.wait_for_line(r"logged in as SandboxBot")
        sent = await sandbox.send_message("bob", "general", "ping")
        reply = await sandbox.wait_for_message("general", sandbox.bot_user, timeout=10)
        running.process.send_signal(signal.SIGTERM)
        code, out, err = await running.finish(seconds=15)

    assert reply.content == "pong"
    assert reply.message_reference is not None and reply.message_reference.message_id == sent.id
    assert code == 0, err
    assert "Traceback" not in err, err
    # First what `tidecord check` would say about the module's file, then the start.
    check, starting = out.splitlines()[:2]
    assert check.startswith("tidecord check") and "pingbot.py" in check
    assert starting == f"tidecord: starting Client at {sandbox.api_url} (Ctrl-C stops)"
    # No embedded sandbox in this mode: nothing of it is printed.
    assert "chat page" not in out
    assert sandbox.token not in out + err
