"""Bad input never breaks the bot: each gives the documented error to the error handlers,
nothing escapes unlogged, and the next command works."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import logging
from typing import Any

import pytest

import tidecord
from tidecord.ext import commands
from tidecord.sandbox import Sandbox

from .parity import parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def bot_with(recorded: list[Any] | None) -> Any:
    def setup(discord: Any, cmds: Any) -> Any:
        bot = cmds.Bot(command_prefix="!", help_command=None)

        class Shouty(cmds.Converter):
            async def convert(self, ctx, argument):
                raise ZeroDivisionError("unexpected")

        @bot.command()
        async def ping(ctx):
            await ctx.send("pong")

        @bot.command()
        async def say(ctx, word: str, *, rest: str = ""):
            await ctx.send(f"{word} {len(rest)}")

        @bot.command()
        async def who(ctx, member: discord.Member):
            await ctx.send(member.name)

        @bot.command()
        async def shout(ctx, word: Shouty):
            await ctx.send(word)

        @bot.command()
        async def channel(ctx, target: discord.TextChannel):
            await ctx.send(target.name)

        if recorded is not None:
            @bot.listen("on_command_error")
            async def record(ctx, error):
                recorded.append(error)
                await ctx.send(f"noted {type(error).__name__}")

        return bot
    return setup


BAD = [
    ('!say "never closed', commands.ExpectedClosingQuoteError),
    ("!say " + "x" * 3990, commands.CommandInvokeError),  # the answer is too long to send
    ("!nothing-here", commands.CommandNotFound),
    ("!who 88888888888888888", commands.MemberNotFound),      # an id nobody has
    ("!who 12345", commands.MemberNotFound),                  # not a snowflake
    ("!who 999999999999999999999999", commands.MemberNotFound),
    ("!channel <#notanid>", commands.ChannelNotFound),
    ("!shout hey", commands.ConversionError),
    ("!who", commands.MissingRequiredArgument),
]


async def test_each_bad_input_reaches_the_error_handlers_and_the_bot_goes_on(
        sandbox_factory: Any, caplog: pytest.LogCaptureFixture) -> None:
    recorded: list[Any] = []
    sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    caplog.set_level(logging.ERROR)
    async with running("tidecord", sb, bot_with(recorded)):
        for text, expected in BAD:
            await sb.send_message("alice", "general", text)
            noted = await sb.wait_for_message(author=sb.bot_user, timeout=10)
            assert noted.content == f"noted {expected.__name__}", text
            await sb.send_message("bob", "general", "!ping")
            pong = await sb.wait_for_message(author=sb.bot_user, timeout=10)
            assert pong.content == "pong", text
        # A prefix alone is nothing at all (as in discord.py): no error, no answer.
        await sb.send_message("alice", "general", "!")
        await sb.send_message("bob", "general", "!ping")
        assert (await sb.wait_for_message(author=sb.bot_user, timeout=10)).content == "pong"
        # Someone who left, mentioned: not a member any more.
        gone = await sb.join("gone")
        await sb.leave("gone")
        await sb.send_message("alice", "general", f"!who <@{gone.user.id}>")
        assert (await sb.wait_for_message(author=sb.bot_user, timeout=10)).content == \
            "noted MemberNotFound"
    assert [type(e) for e in recorded] == [e for _, e in BAD] + [commands.MemberNotFound]
    assert isinstance(recorded[7].original, ZeroDivisionError)
    escaped = [r for r in caplog.records if "Ignoring exception in on_" in r.getMessage()
               or "never retrieved" in r.getMessage()]
    assert not escaped


async def test_an_unhandled_command_error_is_logged_with_its_traceback(
        sandbox_factory: Any, caplog: pytest.LogCaptureFixture) -> None:
    sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    caplog.set_level(logging.ERROR, logger="tidecord.ext.commands")
    async with running("tidecord", sb, bot_with(None)) as bot:
        await sb.send_message("alice", "general", "!shout hey")
        await sb.send_message("alice", "general", "!ping")
        assert (await sb.wait_for_message(author=sb.bot_user, timeout=10)).content == "pong"
        async with asyncio.timeout(5):
            while not caplog.records:  # noqa: ASYNC110 - the error task logs on its own time
                await asyncio.sleep(0.01)
        assert isinstance(bot, tidecord.Client)
    [record] = caplog.records
    assert record.getMessage() == "Ignoring exception in command shout"
    assert record.exc_info is not None and record.exc_info[0] is commands.ConversionError
