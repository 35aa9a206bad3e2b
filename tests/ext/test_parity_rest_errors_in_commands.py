"""A REST call that fails inside a command, as discord.py 2.7.1 hands it on: prefix and
slash commands alike wrap it in ``CommandInvokeError`` (its ``original`` the REST error,
with Discord's status, code and flattened error tree), which reaches the error handler,
or, with none, the default one's "Ignoring exception in command ..." line."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import logging
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import LIBRARIES, both, converse, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def described(error: Any) -> str:
    original = getattr(error, "original", None)
    return (f"{type(error).__name__} of {type(original).__name__}: "
            f"status={getattr(original, 'status', None)} code={getattr(original, 'code', None)} "
            f"| {error}")


def failing_bot(discord: Any, commands: Any, *, handled: bool = True) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def shout(ctx):
        await ctx.send("a" * 2001)  # over Discord's 2000 characters: 50035

    @bot.command()
    async def lookup(ctx):
        await ctx.fetch_message(1)  # no such message: 404, 10008

    @bot.tree.command(description="Sends what Discord refuses")
    async def embed(interaction):
        await interaction.channel.send(embed=discord.Embed(title="t" * 300))

    @bot.tree.command(description="Answers what Discord refuses")
    async def loud(interaction):
        await interaction.response.send_message("a" * 2001)

    if handled:
        @bot.event
        async def on_command_error(ctx, error):
            await ctx.send(described(error)[:1900])

        @bot.tree.error
        async def tree_error(interaction, error):
            await interaction.response.send_message(described(error)[:1900])

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def test_a_rest_error_in_a_command_reaches_its_handler_wrapped(
        sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, failing_bot, [
        ("alice", "general", "!shout"), ("alice", "general", "!lookup")])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: CommandInvokeError of HTTPException: status=400 code=50035 | Command raised"
        " an exception: HTTPException: 400 Bad Request (error code: 50035): Invalid Form Body"
        "\nIn content: Must be 2000 or fewer in length.",
        "#general: CommandInvokeError of NotFound: status=404 code=10008 | Command raised an"
        " exception: NotFound: 404 Not Found (error code: 10008): Unknown Message",
    ]


async def test_a_rest_error_in_a_slash_command_reaches_the_tree_s_handler_wrapped(
        sandbox_factory: Any) -> None:
    told = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, failing_bot):
            for name in ("embed", "loud"):
                await sb.invoke_command("alice", "general", name)
                async with asyncio.timeout(5):
                    while len(sb.messages("general")) < ("embed", "loud").index(name) + 1:  # noqa: ASYNC110
                        await asyncio.sleep(0.01)
            told[library] = [m.content for m in sb.messages("general")]
    assert told["tidecord"] == told["discord.py"]
    assert told["tidecord"] == [
        "CommandInvokeError of HTTPException: status=400 code=50035 | Command 'embed' raised"
        " an exception: HTTPException: 400 Bad Request (error code: 50035): Invalid Form Body"
        "\nIn embeds.0.title: Must be 256 or fewer in length.",
        "CommandInvokeError of HTTPException: status=400 code=50035 | Command 'loud' raised"
        " an exception: HTTPException: 400 Bad Request (error code: 50035): Invalid Form Body"
        "\nIn data.content: Must be 2000 or fewer in length."]


async def test_unhandled_the_default_handler_logs_the_wrapped_error(
        sandbox_factory: Any, caplog: pytest.LogCaptureFixture) -> None:
    logged = {}
    for library in LIBRARIES:
        sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())

        def unhandled(discord: Any, commands: Any) -> Any:
            return failing_bot(discord, commands, handled=False)

        async with running(library, sb, unhandled):
            caplog.clear()
            with caplog.at_level(logging.ERROR):
                await converse(sb, [("alice", "general", "!lookup", 0)])
                await sb.invoke_command("alice", "general", "embed")
                async with asyncio.timeout(5):
                    while len([r for r in caplog.records if r.levelno >= logging.ERROR]) < 2:  # noqa: ASYNC110
                        await asyncio.sleep(0.01)
            logged[library] = [
                (r.name.split(".", 1)[1], r.getMessage(), type(r.exc_info[1]).__name__,
                 str(r.exc_info[1])) for r in caplog.records
                if r.levelno >= logging.ERROR and r.exc_info and r.exc_info[1]]
            assert not any(sb.token in r.getMessage() or sb.token in str(r.exc_info)
                           for r in caplog.records)
    assert logged["tidecord"] == logged["discord.py"]
    assert logged["tidecord"] == [
        ("ext.commands.bot", "Ignoring exception in command lookup", "CommandInvokeError",
         "Command raised an exception: NotFound: 404 Not Found (error code: 10008): "
         "Unknown Message"),
        ("app_commands.tree", "Ignoring exception in command 'embed'", "CommandInvokeError",
         "Command 'embed' raised an exception: HTTPException: 400 Bad Request (error code: "
         "50035): Invalid Form Body\nIn embeds.0.title: Must be 256 or fewer in length."),
    ]
