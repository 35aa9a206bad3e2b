"""Arguments are read, converted and refused exactly as discord.py does it: the same bot,
written once, run on tidecord and on discord.py 2.7.1, says the same things."""

# No "from __future__ import annotations": the bot's annotations name its locals.

import typing
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def last_message(sb: Sandbox, channel: str) -> Any:
    return list(sb.messages(channel))[-1]


def argument_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Upper(commands.Converter):
        async def convert(self, ctx, argument):
            return argument.upper()

    class Broken(commands.Converter):
        async def convert(self, ctx, argument):
            raise RuntimeError("converter fell over")

    def even(argument: str) -> int:
        value = int(argument)
        if value % 2:
            raise ValueError("odd")
        return value

    @bot.command()
    async def echo(ctx, *, text: str):
        await ctx.send(f"[{text}]")

    @bot.command()
    async def words(ctx, *args):
        await ctx.send(" | ".join(args) or "(none)")

    @bot.command()
    async def pair(ctx, a, b="default"):
        await ctx.send(f"{a!r} {b!r}")

    @bot.command()
    async def num(ctx, n: int, f: float = 1.5):
        await ctx.send(f"{n} {f}")

    @bot.command(name="bool")
    async def boolean(ctx, value: bool):
        await ctx.send(str(value))

    @bot.command()
    async def opt(ctx, n: typing.Optional[int] = None, *, rest: str = ""):  # noqa: UP045
        await ctx.send(f"{n!r} {rest!r}")

    @bot.command()
    async def union(ctx, v: typing.Union[int, discord.Member]):  # noqa: UP007
        await ctx.send(f"{type(v).__name__} {getattr(v, 'display_name', v)}")

    @bot.command()
    async def lit(ctx, mode: typing.Literal["on", "off", 1]):
        await ctx.send(repr(mode))

    @bot.command()
    async def greedy(ctx, numbers: commands.Greedy[int], *, reason: str = "none"):
        await ctx.send(f"{numbers} {reason}")

    @bot.command()
    async def people(ctx, members: commands.Greedy[discord.Member], count: int = 0):
        await ctx.send(f"{[m.name for m in members]} {count}")

    @bot.command()
    async def rng(ctx, v: commands.Range[int, 1, 10], s: commands.Range[str, 2, 5] = "ok"):
        await ctx.send(f"{v} {s}")

    @bot.command()
    async def member(ctx, m: discord.Member = commands.Author):
        await ctx.send(f"{m.display_name} ({m.name})")

    @bot.command()
    async def user(ctx, u: discord.User):
        await ctx.send(u.name)

    @bot.command()
    async def chan(ctx, c: discord.TextChannel = commands.CurrentChannel):
        await ctx.send(c.name)

    @bot.command()
    async def voice(ctx, c: discord.VoiceChannel):
        await ctx.send(c.name)

    @bot.command()
    async def role(ctx, r: discord.Role):
        await ctx.send(f"{r.name} {r.colour}")

    @bot.command()
    async def colour(ctx, c: discord.Colour):
        await ctx.send(str(c))

    @bot.command()
    async def emoji(ctx, e: discord.Emoji):
        await ctx.send(e.name)

    @bot.command()
    async def pemoji(ctx, e: discord.PartialEmoji):
        await ctx.send(f"{e.name} {e.animated}")

    @bot.command()
    async def obj(ctx, o: discord.Object):
        await ctx.send(f"object {o.id == ctx.author.id}")

    @bot.command()
    async def anychan(ctx, c: discord.abc.GuildChannel):
        await ctx.send(f"{c.name} {type(c).__name__ in ('TextChannel', 'VoiceChannel', 'Channel')}")

    @bot.command()
    async def category(ctx, c: discord.CategoryChannel):
        await ctx.send(c.name)

    @bot.command()
    async def pmsg(ctx, m: discord.PartialMessage):
        fetched = await m.fetch()
        await ctx.send(f"partial: {fetched.content}")

    @bot.command()
    async def guild(ctx, g: discord.Guild):
        await ctx.send(g.name)

    @bot.command()
    async def msg(ctx, m: discord.Message):
        await ctx.send(f"found: {m.content}")

    @bot.command()
    async def clean(ctx, *, text: commands.clean_content):
        await ctx.send(text)

    @bot.command(ignore_extra=False)
    async def strict(ctx, a: int):
        await ctx.send(str(a))

    @bot.command(rest_is_raw=True)
    async def raw(ctx, *, text):
        await ctx.send(repr(text))

    @bot.command(aliases=["nick-name"])
    async def aliased(ctx):
        await ctx.send(f"invoked as {ctx.invoked_with} with prefix {ctx.prefix}")

    @bot.command()
    async def annotated(ctx, n: typing.Annotated[str, int]):
        await ctx.send(f"{type(n).__name__} {n}")

    @bot.command()
    async def param(ctx, n: int = commands.param(default=7, displayed_name="number")):
        await ctx.send(str(n))

    @bot.command()
    async def need(ctx, n: int = commands.param(displayed_name="number")):
        await ctx.send(str(n))

    @bot.command()
    async def upper(ctx, word: Upper, other: even = 0):
        await ctx.send(f"{word} {other}")

    @bot.command()
    async def broken(ctx, word: Broken):
        await ctx.send(word)

    @bot.command()
    async def fails(ctx):
        raise ValueError("the command itself failed")

    @bot.event
    async def on_command_error(ctx, error):
        if isinstance(error, commands.ConversionError):
            await ctx.send(f"conversion: {error.original!r}")
        elif isinstance(error, commands.CommandInvokeError):
            await ctx.send(f"invoke: {error} / {error.original!r}")
        else:
            await ctx.send(f"error {type(error).__name__}: {error}")

    return bot


LINES = [
    ("alice", "general", "!echo  hello   world  "),
    ("alice", "general", '!words one "two three" \u00abfour five\u00bb \u201csix\u201d'),
    ("alice", "general", '!words a\\"b "c \\"quoted\\" d" e\\f'),
    ("alice", "general", "!words"),
    ("alice", "general", '!words "unclosed'),
    ("alice", "general", '!words "end"x'),
    ("alice", "general", '!words in"side'),
    ("alice", "general", "!words \u300cja pan\u300d"),
    ("alice", "general", "!pair one"),
    ("alice", "general", "!pair one two three"),
    ("alice", "general", "!pair"),
    ("alice", "general", "!num 3 2.5"),
    ("alice", "general", "!num 3.5"),
    ("alice", "general", "!num x"),
    ("alice", "general", "!bool yes"),
    ("alice", "general", "!bool OFF"),
    ("alice", "general", "!bool 1"),
    ("alice", "general", "!bool maybe"),
    ("alice", "general", "!opt 5 and more"),
    ("alice", "general", "!opt five and more"),
    ("alice", "general", "!opt"),
    ("alice", "general", "!union 12"),
    ("alice", "general", "!union bob"),
    ("alice", "general", "!union nobody"),
    ("alice", "general", "!lit on"),
    ("alice", "general", "!lit 1"),
    ("alice", "general", "!lit maybe"),
    ("alice", "general", "!greedy 1 2 3 because"),
    ("alice", "general", "!greedy because of reasons"),
    ("alice", "general", "!people alice bob 3"),
    ("alice", "general", "!people 3"),
    ("alice", "general", "!rng 5 abc"),
    ("alice", "general", "!rng 11"),
    ("alice", "general", "!rng 3 a"),
    ("alice", "general", "!rng 3 abcdef"),
    ("alice", "general", "!rng ten"),
    ("bob", "general", "!member"),
    ("alice", "general", "!member Bobby"),
    ("alice", "general", "!member bob#0"),
    ("alice", "general", "!member Carol"),
    ("alice", "general", lambda sb: f"!member <@{sb.user('bob').id}>"),
    ("alice", "general", lambda sb: f"!member <@!{sb.user('carol').id}>"),
    ("alice", "general", "!member ghost"),
    ("alice", "dm", "!member Bobby"),
    ("alice", "dm", lambda sb: f"!member <@{sb.user('bob').id}>"),
    ("alice", "general", "!member 123"),
    ("alice", "general", "!member 99999999999999999999"),
    ("alice", "general", "!user alice"),
    ("alice", "general", "!user Carol"),
    ("alice", "general", "!user nobody"),
    ("alice", "general", "!chan"),
    ("alice", "general", "!chan ideas"),
    ("alice", "general", lambda sb: f"!chan <#{sb.channel('mod-log').id}>"),
    ("alice", "general", "!chan Lounge"),
    ("alice", "general", "!voice Lounge"),
    ("alice", "general", "!voice general"),
    ("alice", "general", "!role Moderator"),
    ("alice", "general", "!role moderator"),
    ("alice", "general", "!colour #ff8800"),
    ("alice", "general", "!colour 0xabc"),
    ("alice", "general", '!colour "rgb(10, 20, 30)"'),
    ("alice", "general", '!colour "dark teal"'),
    ("alice", "general", "!colour puce"),
    ("alice", "general", "!emoji party"),
    ("alice", "general", "!emoji sad"),
    ("alice", "general", "!pemoji <a:dance:123456789012345678>"),
    ("alice", "general", "!pemoji dance"),
    ("alice", "general", lambda sb: f"!obj <@{sb.user('alice').id}>"),
    ("alice", "general", "!obj nothing"),
    ("alice", "general", "!anychan Lounge"),
    ("alice", "general", "!anychan nowhere"),
    ("alice", "general", '!category "Text Channels"'),
    ("alice", "general", "!category general"),
    ("alice", "general", "!guild Sandbox"),
    ("alice", "general", "!guild Nowhere"),
    ("bob", "ideas", "water the plants", 0),
    ("alice", "general", lambda sb: f"!msg {last_message(sb, 'ideas').id}", 1),
    ("alice", "general",
     lambda sb: f"!msg {sb.channel('ideas').id}-{last_message(sb, 'ideas').id}"),
    ("alice", "general", "!msg 99999999999999999"),
    ("alice", "general", lambda sb: f"!pmsg {last_message(sb, 'ideas').id}"),
    ("alice", "general", "!pmsg 99999999999999999-99999999999999999"),
    ("alice", "general", lambda sb: f"!clean hi <@{sb.user('bob').id}> and @everyone"),
    ("alice", "general", "!strict 1"),
    ("alice", "general", "!strict 1 2"),
    ("alice", "general", "!raw   spaced  \"out\""),
    ("alice", "general", "!nick-name"),
    ("alice", "general", "!annotated 42"),
    ("alice", "general", "!annotated forty"),
    ("alice", "general", "!param"),
    ("alice", "general", "!need"),
    ("alice", "general", "!upper shout 4"),
    ("alice", "general", "!upper shout 3"),
    ("alice", "general", "!broken x"),
    ("alice", "general", "!fails"),
    ("alice", "general", "!nope"),
    ("alice", "general", "!", 0),
    ("alice", "general", "! echo spaced prefix", 0),
    ("alice", "general", "!ECHO case matters"),
    ("alice", "general", "!echo " + "x" * (4000 - len("!echo "))),  # as long as allowed
]


async def test_arguments_are_parsed_and_converted_as_discord_py_does(sandbox_factory) -> None:
    said = await both(sandbox_factory, argument_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    # Not both wrong in the same way: a few answers checked by hand.
    answers = said["tidecord"]
    assert "#general: [hello   world]" in answers
    assert "#general: one | two three | four five | six" in answers
    assert "#general: error ExpectedClosingQuoteError: Expected closing \"." in answers
    assert "#general: Bobby (bob)" in answers
