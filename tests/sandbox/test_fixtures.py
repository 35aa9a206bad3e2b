"""The pytest plugin's fixtures: a bot test in a few lines."""

from __future__ import annotations

from typing import Any

import discord
import pytest
import yarl
from discord.ext import commands

from tidecord.sandbox import Sandbox

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False)]


async def test_run_bot_and_wait_for_the_reply(sandbox: Sandbox, run_bot: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", sandbox.api_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(sandbox.gateway_url))
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix=".", intents=intents, help_command=None)

    @bot.command()
    async def idea(ctx: commands.Context[commands.Bot]) -> None:
        await ctx.reply("a bot that waters plants")

    await run_bot(bot.start(sandbox.token), close=bot.close)
    await sandbox.send_message("alice", "general", ".idea")
    reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=5)
    assert reply.content == "a bot that waters plants"


async def test_run_bot_reports_a_bot_that_fails(sandbox: Sandbox, run_bot: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", sandbox.api_url)
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await run_bot(client.start("not-a-token"), close=client.close)


@pytest.mark.sandbox(seed=5)
async def test_the_marker_passes_options(sandbox: Sandbox, sandbox_clock: Any) -> None:
    other = Sandbox(seed=5)
    assert sandbox.token == other.token
    before = sandbox_clock.time()
    sandbox_clock.advance(60)
    assert sandbox.clock.time() >= before + 60
