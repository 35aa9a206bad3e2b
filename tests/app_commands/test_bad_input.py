"""Bad input: unknown commands, wrong option types, late or double answers, broken payloads.

Each gets Discord's behaviour or a clear logged error, and the bot keeps answering.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

import tidecord
from tidecord import app_commands
from tidecord.models import ApplicationCommand, ApplicationCommandOption
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False)]


class Bot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.outcomes: asyncio.Queue[str] = asyncio.Queue()

        @self.tree.command(description="Pong")
        async def ping(interaction: tidecord.Interaction, times: int = 1) -> None:
            await interaction.response.send_message("pong" * times)

        @self.tree.command(description="Answers twice")
        async def twice(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("once")
            try:
                await interaction.response.send_message("twice")
            except tidecord.InteractionResponded as exc:
                await self.outcomes.put(f"refused: {exc}")

        @self.tree.command(description="Answers too late")
        async def late(interaction: tidecord.Interaction) -> None:
            self.release = asyncio.Event()
            await self.outcomes.put("waiting")
            await self.release.wait()
            try:
                await interaction.response.send_message("too late")
            except tidecord.NotFound as exc:
                await self.outcomes.put(f"late: {exc.code}")

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_an_unknown_command_is_logged_and_the_bot_goes_on(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    await connect(Bot)
    # Registered with Discord, but not in the bot's tree (an out-of-date sync).
    ghost = ApplicationCommand(id=sandbox.state.new_id(), name="ghost", description="?",
                               application_id=sandbox.state.application.id)
    sandbox.state.commands[ghost.id] = ghost
    with caplog.at_level(logging.ERROR, "tidecord.app_commands"):
        record = await sandbox.invoke_command("alice", "general", "ghost")
        with pytest.raises(TimeoutError):
            await record.wait_response(0.5)
    assert any("CommandNotFound" in (r.exc_text or "") or "ghost" in r.getMessage()
               or "ghost" in str(r.exc_info) for r in caplog.records)
    assert (await (await sandbox.invoke_command("alice", "general", "ping")
                   ).wait_response(5)).original.content == "pong"


async def test_an_option_of_the_wrong_type_is_a_transformer_error(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    await connect(Bot)
    # Discord's registration says text where the code says a number (never synced).
    ping = next(c for c in sandbox.state.commands.values() if c.name == "ping")
    ping.options = [ApplicationCommandOption(type=3, name="times", description="x")]
    with caplog.at_level(logging.ERROR, "tidecord.app_commands"):
        record = await sandbox.invoke_command("alice", "general", "ping", {"times": "many"})
        with pytest.raises(TimeoutError):
            await record.wait_response(0.5)
    assert any("Failed to convert many" in str(r.exc_info[1]) for r in caplog.records
               if r.exc_info)


async def test_a_second_answer_is_refused_and_a_late_one_is_unknown(
        sandbox: Sandbox, connect: Connect) -> None:
    bot = await connect(Bot)
    record = await (await sandbox.invoke_command("bob", "general", "twice")).wait_response(5)
    assert record.original.content == "once"
    assert (await asyncio.wait_for(bot.outcomes.get(), 5)).startswith("refused: ")

    await sandbox.invoke_command("bob", "general", "late")
    assert await asyncio.wait_for(bot.outcomes.get(), 5) == "waiting"
    sandbox.clock.advance(3.5)  # past Discord's 3 s
    bot.release.set()
    assert await asyncio.wait_for(bot.outcomes.get(), 5) == "late: 10062"


async def test_a_malformed_interaction_is_skipped(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    await connect(Bot)
    with caplog.at_level(logging.WARNING, logger="tidecord.gateway"):
        await sandbox.inject_dispatch("INTERACTION_CREATE", json.dumps(
            {"id": "not a number", "type": 2}).encode())
        await sandbox.inject_dispatch("INTERACTION_CREATE", b'{"id": "1", "application_id":'
                                      b' "2", "type": 2, "token": "t", "data": "oops"}')
        record = await sandbox.invoke_command("alice", "general", "ping", {"times": 2})
        await record.wait_response(5)
    assert record.original.content == "pongpong"
    # Each is skipped with one line naming it (the gateway's bad-input log).
    assert sum("skipped a malformed INTERACTION_CREATE payload" in r.getMessage()
               for r in caplog.records) == 2
