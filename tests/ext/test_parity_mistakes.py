"""A bot's everyday mistakes, and the error each one meets, as discord.py 2.7.1 gives
them: intents of the wrong kind, more than ten embeds, a reply to something that is not
a message, a reaction that is not an emoji, a user looked up by a str id, an ``Object``
of a word, a timeout given a number, a naive datetime, or more than 28 days, a nickname
past 32 characters (Discord's 50035, as the sandbox now answers), content past 2000
characters, a reaction with no emoji (a 404 without a code, said as discord.py says
it), blanks alone (no message: Discord trims them), a link in an embed that is not a
web address (refused by the sandbox now, as by Discord). Each error is caught and
said; the bot keeps answering after them. Where discord.py fails by accident (an
``AttributeError`` deep inside) or says nothing (``@bot.command`` without its
parentheses), tidecord names the argument instead."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import Sandbox

from .parity import both, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def said(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def mistakes_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def bob(ctx):
        return discord.utils.get(ctx.guild.members, name="bob")

    mistakes = {
        "embeds": lambda ctx: ctx.send(embeds=[discord.Embed(title=str(i)) for i in range(11)]),
        "reply": lambda ctx: ctx.send("re", reference="not a message"),
        "react": lambda ctx: ctx.message.add_reaction(123),
        "user": lambda ctx: bot.get_user(str(ctx.author.id)),
        "object": lambda ctx: discord.Object("abc"),
        "minutes": lambda ctx: bob(ctx).timeout(60),
        "month": lambda ctx: bob(ctx).timeout(datetime.timedelta(days=30)),
        "nick": lambda ctx: bob(ctx).edit(nick="n" * 33),
        "long": lambda ctx: ctx.send("x" * 2001),
        "link": lambda ctx: ctx.send(embed=discord.Embed(title="t", url="example.com")),
        "blank": lambda ctx: ctx.message.add_reaction(""),
        "spaces": lambda ctx: ctx.send(" \n "),
    }

    @bot.command()
    async def oops(ctx, name: str):
        try:
            result = mistakes[name](ctx)
            if asyncio.iscoroutine(result):
                result = await result
        except discord.HTTPException as error:
            await ctx.send(f"{said(error)} | {error.status} {error.code} {error.text!r}")
        except Exception as error:
            await ctx.send(said(error))
        else:
            await ctx.send(f"no error: {result!r}")

    @bot.command()
    async def naive(ctx):
        try:
            await bob(ctx).timeout(datetime.datetime(2030, 1, 1))  # the mistake: naive
        except TypeError as error:  # the words differ; the type is what a program catches
            await ctx.send(f"TypeError about {'aware' in str(error)}")

    @bot.command()
    async def ping(ctx):
        await ctx.send("pong")

    return bot


MISTAKES = ("embeds", "reply", "react", "user", "object", "minutes", "month", "nick", "long",
            "link", "blank", "spaces")


async def test_each_mistake_meets_discord_py_s_error_and_the_bot_goes_on(
        sandbox_factory: Any) -> None:
    lines = [("alice", "general", f"!oops {name}") for name in MISTAKES]
    results = await both(sandbox_factory, mistakes_bot,
                         [*lines, ("alice", "general", "!naive"),
                          ("alice", "general", "!ping")])
    assert results["tidecord"] == results["discord.py"]
    answers = [line.partition(": ")[2] for line in results["tidecord"]]
    assert answers[0] == "ValueError: embeds has a maximum of 10 elements."
    assert answers[3] == "no error: None"
    assert answers[4] == "TypeError: id parameter must be convertible to int not str"
    assert "In communication_disabled_until: Invalid communication disabled" in answers[6]
    assert "In nick: Must be 32 or fewer in length." in answers[7]
    assert answers[8].endswith("| 400 50035 'Invalid Form Body\\nIn content: Must be 2000 "
                               "or fewer in length.'")
    assert "In embeds.0.url: Not a well formed URL." in answers[9]
    # A route Discord does not know: its plain 404, "(error code: 0)" said, as discord.py.
    assert answers[10].startswith("NotFound: 404 Not Found (error code: 0): 404: Not Found")
    assert answers[11].startswith("HTTPException: 400 Bad Request (error code: 50006)")
    assert answers[-2:] == ["TypeError about True", "pong"]


async def test_a_wrong_argument_is_named_before_anything_is_sent(sandbox_factory: Any) -> None:
    # discord.py 2.7.1 raises AttributeError ('str' object has no attribute 'to_dict' /
    # 'value') for these; tidecord says which argument was wrong, as a TypeError.
    sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())

    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        return commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async with running("tidecord", sb, setup) as bot:
        guild = bot.guilds[0]
        channel = next(c for c in guild.text_channels if c.name == "general")
        before = len(sb.state.messages.get(channel.id, {}))
        with pytest.raises(TypeError, match="allowed_mentions must be AllowedMentions, not str"):
            await channel.send("hi", allowed_mentions="none")
        with pytest.raises(TypeError, match="colour must be Colour or int, not str"):
            await guild.create_role(name="red", colour="red")
        assert len(sb.state.messages.get(channel.id, {})) == before
        assert [r.name for r in guild.roles if r.name == "red"] == []


def test_intents_of_the_wrong_kind_is_discord_py_s_type_error() -> None:
    for commands in (td_commands, dpy_commands):
        with pytest.raises(TypeError, match=r"^intents parameter must be Intent not <class"):
            commands.Bot(command_prefix="!", intents=3)


def test_a_command_decorator_without_parentheses_is_said_at_once() -> None:
    # discord.py hands back a decorator in the command's place: no command, no error,
    # and the bot never answers it. tidecord says what to write instead.
    bot = dpy_commands.Bot(command_prefix="!", intents=dpy.Intents.default())

    @bot.command  # type: ignore[arg-type]
    async def hello(ctx: Any) -> None: ...

    assert "hello" not in bot.all_commands
    bot = td_commands.Bot(command_prefix="!", intents=tidecord.Intents.default())
    with pytest.raises(TypeError, match=r"write @bot.command\(\), with parentheses"):
        @bot.command  # type: ignore[arg-type]
        async def hello_again(ctx: Any) -> None: ...
    with pytest.raises(TypeError, match=r"write @bot.listen\(\), with parentheses"):
        @bot.listen  # type: ignore[arg-type]
        async def on_message(message: Any) -> None: ...
