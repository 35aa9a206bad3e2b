"""Slash commands in depth, the same bot on tidecord and on discord.py 2.7.1: what each
kind of option registers and hands the command (members, users, roles, channels of
given kinds, attachments, mentionables, optional values, ranges, literals, enums,
choices, transformers overriding type, bounds, choices and autocomplete, renamed and
described parameters), and autocomplete as Discord sends it: the typed text unchecked
(an integer option's empty text included), other options as bare ids without resolved
data (``interaction.namespace`` holds bare ``Object`` ids)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
# The bots spell Optional and Union as discord.py programs commonly do.
# ruff: noqa: UP007, UP045
import asyncio
import enum
import logging
from typing import Any, Literal, Optional, Union

import pytest

from .hybrid_parity import Complete, Registered, Slash, transcripts
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


class Speed(enum.Enum):
    slow = 1
    fast = 2


def options_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    kinds = ("Member", "User", "Role", "TextChannel", "VoiceChannel", "CategoryChannel",
             "Thread", "Attachment", "Object")

    def show(value: Any) -> str:
        if value is None or isinstance(value, (int, float, str, bool)):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, enum.Enum):
            return f"enum:{value.name}"
        if isinstance(value, app_commands.Choice):
            return f"Choice:{value.name}={value.value!r}"
        for k in ("AppCommandChannel", "AppCommandThread"):
            if isinstance(value, getattr(app_commands, k)):
                return f"{k}:{value.name}:{value.type}"
        found = [k for k in kinds if isinstance(value, getattr(discord, k))]
        name = getattr(value, "name", None) or getattr(value, "filename", None)
        return f"{'/'.join(found)}:{name}"

    async def answer(interaction, **values):
        lines = [f"{k}={show(v)}" for k, v in values.items()]
        await interaction.response.send_message("\n".join(lines) or "-")

    @bot.tree.command(description="plain kinds")
    async def plain(interaction, i: int, f: float, b: bool, s: str, m: discord.Member,
                    u: discord.User, r: discord.Role, gc: discord.abc.GuildChannel,
                    a: discord.Attachment, mr: Union[discord.Member, discord.Role],
                    ur: Union[discord.User, discord.Role, None] = None,
                    o: Optional[int] = None, d: str = "dflt"):
        await answer(interaction, i=i, f=f, b=b, s=s, m=m, u=u, r=r, gc=gc, a=a, mr=mr,
                     ur=ur, o=o, d=d)

    @bot.tree.command(description="channels")
    async def chans(interaction, t: discord.TextChannel,
                    v: Optional[discord.VoiceChannel] = None,
                    cat: Optional[discord.CategoryChannel] = None,
                    tv: Optional[Union[discord.TextChannel, discord.VoiceChannel]] = None,
                    raw: Optional[app_commands.AppCommandChannel] = None):
        await answer(interaction, t=t, v=v, cat=cat, tv=tv, raw=raw)

    @bot.tree.command(description="ranges")
    async def ranges(interaction, n: app_commands.Range[int, 1, 10],
                     w: app_commands.Range[str, 2, 5],
                     x: app_commands.Range[float, None, 2.5] = 1.0):
        await answer(interaction, n=n, w=w, x=x)

    @bot.tree.command(description="choices")
    @app_commands.choices(c=[app_commands.Choice(name="One", value=1),
                             app_commands.Choice(name="Two", value=2)])
    async def picks(interaction, lit: Literal["a", "b"], sp: Speed,
                    c: app_commands.Choice[int], li: Literal[1, 2] = 1):
        await answer(interaction, lit=lit, sp=sp, c=c, li=li)

    @bot.tree.command(description="choices as plain value")
    @app_commands.choices(c=[app_commands.Choice(name="Red", value="r"),
                             app_commands.Choice(name="Blue", value="b")])
    async def plainpick(interaction, c: str):
        await answer(interaction, c=c)

    class Doubled(app_commands.Transformer):
        @property
        def type(self):
            return discord.AppCommandOptionType.integer

        @property
        def min_value(self):
            return 0

        @property
        def max_value(self):
            return 50

        async def transform(self, interaction, value):
            return value * 2

    class Colours(app_commands.Transformer):
        @property
        def choices(self):
            return [app_commands.Choice(name="Crimson", value="c"),
                    app_commands.Choice(name="Navy", value="n")]

        async def transform(self, interaction, value):
            return value.upper()

    class Planets(app_commands.Transformer):
        async def autocomplete(self, interaction, value):
            found = ["mercury", "venus", "earth", "mars"]
            return [app_commands.Choice(name=p.title(), value=p) for p in found
                    if p.startswith(value)]

        async def transform(self, interaction, value):
            return f"planet {value}"

    class Members(app_commands.Transformer):
        @property
        def type(self):
            return discord.AppCommandOptionType.user

        async def transform(self, interaction, value):
            return f"{type(value).__name__} {value.name}"

    @bot.tree.command(description="transformers")
    async def trans(interaction, d: app_commands.Transform[int, Doubled],
                    col: app_commands.Transform[str, Colours],
                    pl: app_commands.Transform[str, Planets],
                    who: app_commands.Transform[str, Members]):
        await answer(interaction, d=d, col=col, pl=pl, who=who)

    @bot.tree.command(description="renamed")
    @app_commands.rename(number="how-many", text="words")
    @app_commands.describe(number="How many times")
    async def renamed(interaction, number: int, text: str = "hi"):
        await answer(interaction, number=number, text=text,
                     ns=str(sorted(k for k, _ in interaction.namespace)))

    @bot.tree.command()
    async def googled(interaction, first: str, second: int = 2):
        """Google style.

        Args:
            first: The first one
            second: The second one
        """
        await answer(interaction, first=first, second=second)

    async def fruit_complete(interaction, current):
        ns = interaction.namespace
        kind = ns.kind
        if current == "many":
            return [app_commands.Choice(name=f"fruit {i}", value=f"f{i}") for i in range(30)]
        where = ns.where
        return [app_commands.Choice(name=f"{kind}:{current}:{show(where)}:{show(ns.amount)}",
                                    value=f"{kind}-{current}")]

    @bot.tree.command(description="auto")
    @app_commands.autocomplete(fruit=fruit_complete)
    async def auto(interaction, kind: str, fruit: str, amount: int = 0,
                   where: Optional[discord.TextChannel] = None):
        await answer(interaction, kind=kind, fruit=fruit, amount=amount, where=where)

    @bot.tree.command(description="auto number")
    async def autonum(interaction, size: int, label: str = ""):
        await answer(interaction, size=size)

    @autonum.autocomplete("size")
    async def size_complete(interaction, current):
        return [app_commands.Choice(name=f"typed {current!r} {type(current).__name__}",
                                    value=7)]

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


STEPS = [
    Registered(),
    Slash("alice", "plain", {"i": 3, "f": 2.5, "b": True, "s": "text", "m": "bob", "u": "carol",
                             "r": "Helper", "gc": "general", "a": ("a.txt", b"hey"),
                             "mr": "Moderator", "ur": "bob", "o": 0}),
    Slash("alice", "plain", {"i": -1, "f": 1, "b": False, "s": "", "m": "alice", "u": "alice",
                             "r": "@everyone", "gc": "Lounge", "a": ("b.png", b"x"),
                             "mr": "carol"}),
    Slash("alice", "chans", {"t": "ideas", "v": "Lounge", "cat": "Text Channels",
                             "tv": "Lounge", "raw": "general"}),
    Slash("alice", "ranges", {"n": 10, "w": "abc"}),
    Slash("alice", "ranges", {"n": 1, "w": "ab", "x": -3.5}),
    Slash("alice", "picks", {"lit": "b", "sp": 2, "c": 1}),
    Slash("alice", "picks", {"lit": "a", "sp": 1, "c": 2, "li": 2}),
    Slash("alice", "plainpick", {"c": "b"}),
    Slash("alice", "trans", {"d": 21, "col": "n", "pl": "mars", "who": "bob"}),
    Slash("alice", "renamed", {"how-many": 4}),
    Slash("alice", "renamed", {"how-many": 4, "words": "yo"}),
    Slash("alice", "googled", {"first": "x"}),
    Complete("alice", "trans", {"d": 1, "col": "c", "pl": "m"}, "pl"),
    Complete("alice", "auto", {"kind": "berry", "fruit": "str"}, "fruit"),
    Complete("alice", "auto", {"kind": "pome", "fruit": "ap", "amount": 3,
                               "where": "ideas"}, "fruit"),
    Complete("alice", "autonum", {"size": "4"}, "size"),
    Complete("alice", "autonum", {"size": "", "label": "z"}, "size"),
    Slash("alice", "auto", {"kind": "k", "fruit": "f", "where": "ideas"}),
]


async def test_options_and_autocomplete_as_on_discord_py(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, options_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]
    steps = said["tidecord"]
    registered = {c["name"]: c for c in steps[0]}
    chans = {o["name"]: o.get("channel_types") for o in registered["chans"]["options"]}
    assert chans == {"t": [0, 5], "v": [2], "cat": [4], "tv": [0, 5, 2],
                     "raw": [13, 2, 0, 5, 4, 15, 16]}
    trans = {o["name"]: o for o in registered["trans"]["options"]}
    assert (trans["d"]["type"], trans["d"]["min_value"], trans["d"]["max_value"]) == (4, 0, 50)
    assert trans["pl"]["autocomplete"] is True and trans["who"]["type"] == 6
    first = steps[1][1]["original"]["content"].splitlines()
    assert first[4:10] == ["m=Member:bob", "u=Member:carol", "r=Role:Helper",
                           "gc=TextChannel:general", "a=Attachment:a.txt", "mr=Role:Moderator"]
    assert steps[9][1]["original"]["content"] == "d=int:42\ncol=str:'N'\n" \
        "pl=str:'planet mars'\nwho=str:'Member bob'"
    # While typing: the channel chosen earlier is a bare id, the typed text unchecked.
    assert steps[15][1] == [{"name": "pome:ap:Object:None:int:3", "value": "pome-ap"}]
    assert [s[1][0]["name"] for s in steps[16:18]] == ["typed '4' str", "typed '' str"]


def long_values_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    @bot.tree.command(description="Offers a value Discord cannot take")
    async def pick(interaction, text: str):
        await interaction.response.send_message(text)

    @pick.autocomplete("text")
    async def texts(interaction, current):
        return [app_commands.Choice(name="long", value="x" * 101),
                app_commands.Choice(name="short", value="x")]

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def test_a_choice_value_over_100_characters_is_refused(
        sandbox_factory: Any, caplog: pytest.LogCaptureFixture) -> None:
    seen: dict[str, Any] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, long_values_bot):
            caplog.clear()
            with caplog.at_level(logging.ERROR):
                typed = await sb.autocomplete("alice", "general", "pick", {"text": "x"}, "text")
                await asyncio.sleep(0.3)
            seen[library] = (typed.acknowledged, [
                f"{r.getMessage().split(' (')[0]}: {r.exc_info[1]}" for r in caplog.records
                if r.exc_info and r.exc_info[1] is not None])
    assert seen["tidecord"] == seen["discord.py"]
    assert seen["tidecord"] == (False, [
        "Ignoring exception in autocomplete for 'pick': 400 Bad Request (error code: 50035): "
        "Invalid Form Body\nIn data.choices.0.value: Must be 100 or fewer in length."])


def parameters_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    async def nothing(interaction, current):
        return []

    @bot.tree.command(description="Reads its own parameters")
    @app_commands.rename(count="how-many")
    @app_commands.describe(count="How many")
    @app_commands.autocomplete(word=nothing)
    async def params(interaction, count: app_commands.Range[int, 1, 9], word: str,
                     where: Optional[discord.TextChannel] = None, mode: Literal["a", "b"] = "a",
                     ratio: float = 0.5):
        c = interaction.command
        lines = []
        for p in c.parameters:
            lines.append(
                f"{p.name} {p.display_name} {p.description} {p.required} {p.default!r} "
                f"{p.type!r} {p.min_value} {p.max_value} {[ch.name for ch in p.choices]} "
                f"{p.autocomplete} {[t.name for t in p.channel_types]} {p.locale_name} "
                f"{p.locale_description} {p.command is c} {type(p).__name__}")
        found = c.get_parameter("count")
        lines.append(f"count={found.display_name} how-many={c.get_parameter('how-many')}")
        await interaction.response.send_message("\n".join(lines))

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def test_a_command_reads_its_parameters_as_on_discord_py(sandbox_factory: Any) -> None:
    steps = [Slash("alice", "params", {"how-many": 3, "word": "x"})]
    said = await transcripts(sandbox_factory, parameters_bot, steps)
    assert said["tidecord"] == said["discord.py"]
    lines = said["tidecord"][0][1]["original"]["content"].splitlines()
    assert lines[0] == "count how-many How many True ... <AppCommandOptionType.integer: 4> " \
                       "1 9 [] False [] how-many How many True Parameter"
    assert lines[1].startswith("word word … True ... ") and " True [] word " in lines[1]
    assert lines[-1] == "count=how-many how-many=None"
