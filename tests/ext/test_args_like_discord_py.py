"""Command arguments on seeded, generated input, against discord.py 2.7.1.

The hand-written sweeps (test_parity_arguments, test_parity_converters_extra) check
the cases someone thought of; here the text people type, and the world the
converters search, are made by a seeded generator: random mixes of spaces, tabs,
newlines and quote pairs, every spelling of a yes or a no, numbers near a Range's
bounds, flags in any order, and guilds whose members, roles, channels and emoji have
names that repeat, look like ids or mentions, or hold spaces and other scripts. The
same bot runs on both libraries in the sandbox and what each answered (the value it
read, or the error's class and text) must be the same; the argument reader and the
flag parser are also driven in process on many more texts, as they need no network.
"""

# No "from __future__ import annotations": the bots' annotations name their locals.

import random
import re
import typing
from types import SimpleNamespace
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import World

from .parity import Do, both, converse, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


# -- a generated world ------------------------------------------------------------

NAME_PIECES = ["alpha", "Beta", "gamma", "d\u00e9j\u00e0", "\u65e5\u672c", "\N{PARTY POPPER}",
               "x", "Omega", "123456789012345678", "<@1>", "#0", "#1234", "-", "_", " ",
               "two words", "\u00a0", "BOB", "bob"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 3))).strip() or "x"


def world_spec(seed: int) -> dict[str, Any]:
    """Two guilds whose names collide on purpose: a username that is another's global
    name or nickname, roles and channels of one name, emoji in both guilds."""
    rng = random.Random(seed)
    usernames = [f"user{i}" for i in range(8)] + ["123456789012345678", "bob.0", "BOB"]
    names = [_name(rng) for _ in range(6)]
    users = []
    for i, username in enumerate(usernames):
        spec: dict[str, Any] = {"username": username}
        if rng.random() < 0.7:
            spec["global_name"] = rng.choice([*names, usernames[(i + 1) % len(usernames)]])
        users.append(spec)
    members_a, members_b = [], []
    for username in usernames[:-2]:
        member: dict[str, Any] = {"user": username}
        if rng.random() < 0.5:
            member["nick"] = rng.choice([*names, rng.choice(usernames)])
        members_a.append(member)
    for username in usernames[5:]:
        members_b.append({"user": username, "nick": rng.choice(names)}
                         if rng.random() < 0.5 else username)
    roles = [{"name": rng.choice([*names, "@everyone2", "<@&1>", "123456789012345678"])}
             for _ in range(6)]
    kinds = [0, 0, 0, 2, 2, 4, 5, 13, 15]
    channels: list[dict[str, Any]] = [
        {"name": "general"},
        {"name": "secret", "overwrites": [{"role": "@everyone", "deny": ["view_channel"]}]},
        {"name": "twin"}, {"name": "twin", "type": 2}]
    for _ in range(9):
        channels.append({"name": rng.choice([*names[:2], "general", "lounge"]),
                         "type": rng.choice(kinds)})
    emojis = [{"name": rng.choice(["party", "wave", "dance", "x1", "123456789012345678"]),
               "animated": rng.random() < 0.3} for _ in range(5)]
    return {
        "users": users,
        "guilds": [
            {"name": "Sandbox", "owner": usernames[0], "roles": roles, "channels": channels,
             "emojis": emojis, "members": members_a},
            {"name": rng.choice(["Other", "Sandbox", "123456789012345678"]),
             "owner": usernames[5],
             "channels": [{"name": "general"}, {"name": rng.choice(names), "type": 2}],
             "emojis": ["party", {"name": "wave", "animated": True}],
             "members": members_b},
        ],
    }


def world_of(seed: int) -> World:
    return World.from_dict(world_spec(seed))


# -- a bot that says what each converter found ------------------------------------

def finder_bot(discord: Any, commands: Any, members: bool = True) -> Any:
    """A command per converter, each answering with the id and name of what it found.
    Without the members intent, people are found by asking Discord."""
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = members
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def shown(found: Any) -> str:
        if isinstance(found, (list, tuple)):
            return "[" + ", ".join(shown(x) for x in found) + "]"
        ident = getattr(found, "id", None)
        if isinstance(found, (dpy.DMChannel, tidecord.DMChannel)):
            return "a DM"  # its id depends on when the sandbox made it
        if ident is None:
            return repr(found)
        channel = getattr(found, "channel", None)
        where = f" in {channel.id}" if isinstance(getattr(channel, "id", None), int) else ""
        return f"{ident}:{getattr(found, 'name', None)}{where}"

    def finder(name: str, annotation: Any) -> None:
        async def find(ctx, *, found: annotation = None):
            await ctx.send(f"{name} {shown(found)}")
        bot.command(name=name)(find)

    for name, annotation in {
        "member": discord.Member, "user": discord.User, "role": discord.Role,
        "text": discord.TextChannel, "voice": discord.VoiceChannel,
        "stage": discord.StageChannel, "forum": discord.ForumChannel,
        "category": discord.CategoryChannel, "anychan": discord.abc.GuildChannel,
        "emoji": discord.Emoji, "pemoji": discord.PartialEmoji, "colour": discord.Colour,
        "object": discord.Object, "guild": discord.Guild, "message": discord.Message,
        "partial": discord.PartialMessage, "thread": discord.Thread,
        "who": typing.Union[discord.Member, discord.Role],  # noqa: UP007
        "where": typing.Union[discord.VoiceChannel, discord.TextChannel, int],  # noqa: UP007
    }.items():
        finder(name, annotation)

    @bot.command()
    async def two(ctx, first: discord.Member, second: typing.Optional[discord.Role] = None,  # noqa: UP045
                  *, rest: str = ""):
        await ctx.send(f"two {shown(first)} {shown(second)} {rest!r}")

    @bot.command()
    async def many(ctx, people: commands.Greedy[discord.Member],
                   places: commands.Greedy[discord.abc.GuildChannel], *, rest: str = ""):
        await ctx.send(f"many {shown(people)} {shown(places)} {rest!r}")

    @bot.command()
    async def me(ctx, who: discord.Member = commands.Author,
                 where: discord.TextChannel = commands.CurrentChannel):
        await ctx.send(f"me {shown(who)} {shown(where)}")

    class Picks(commands.FlagConverter, prefix="--", delimiter=" "):
        who: discord.Member
        roles: typing.List[discord.Role] = commands.flag(  # noqa: UP006
            name="role", default=lambda ctx: [])
        where: typing.Optional[discord.abc.GuildChannel]  # noqa: UP045
        tag: typing.Tuple[discord.PartialEmoji, int] = commands.flag(default=None)  # noqa: UP006

    @bot.command()
    async def picks(ctx, *, flags: Picks):
        await ctx.send(f"picks {shown(flags.who)} {shown(flags.roles)} {shown(flags.where)} "
                       f"{shown(flags.tag)}")

    @bot.command()
    async def clean(ctx, *, text: commands.clean_content(remove_markdown=True)):
        await ctx.send(f"clean {text}")

    @bot.command()
    async def cleaner(ctx, *, text: commands.clean_content(
            fix_channel_mentions=True, use_nicknames=False, escape_markdown=True)):
        await ctx.send(f"cleaner {text}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"error {type(error).__name__}: {error}")

    return bot


MARKDOWN = ["*", "**", "_", "__", "~~", "`", "```", "||", "> ", ">>> ", "# ", "-# ", "\\", "a_b",
            "snake_case_name", "https://example.com/a_b*c", "<https://x.y/_z_>", "@everyone",
            "@here", " ", "word", "\n"]


def _variants(rng: random.Random, text: str) -> str:
    """``text`` as a person might type it: as is, in other case, padded, cut short."""
    roll = rng.random()
    if roll < 0.55:
        return text
    if roll < 0.65:
        return text.upper()
    if roll < 0.75:
        return text.lower()
    if roll < 0.85:
        return f" {text}  "
    if roll < 0.92:
        return text[:-1] or text
    return text + rng.choice(["#0", "#1234", "#", "#00"])


def _link(rng: random.Random, guild: Any, *ids: Any) -> str:
    host = rng.choice(["https://discord.com", "https://canary.discord.com", "http://ptb.discord.com",
                       "https://discordapp.com", "https://www.discord.com", "https://discord.gg"])
    where = rng.choice([str(guild), str(guild), "@me"])
    return f"{host}/channels/{where}/" + "/".join(str(i) for i in ids) + rng.choice(["", "/"])


def finder_lines(seed: int, count: int) -> list[Any]:
    """``count`` commands naming things of the generated world in every way."""
    world = world_of(seed)
    rng = random.Random(seed * 7 + 1)
    guild, other = world.guilds
    people = [u for u in world.users]
    members = [m for g in world.guilds for m in g.members]
    roles = list(guild.roles)
    channels = [*guild.channels, *other.channels]
    emojis = [*guild.emojis, *other.emojis]

    def member_text() -> str:
        member = rng.choice(members)
        user = member.user
        return rng.choice([
            _variants(rng, user.username), _variants(rng, user.global_name or user.username),
            _variants(rng, member.nick or user.username), f"{user.username}#0",
            f"<@{user.id}>", f"<@!{user.id}>", str(user.id), str(user.id + 1),
            f"<@&{rng.choice(roles).id}>", rng.choice(people).username,
        ])

    def role_text() -> str:
        role = rng.choice(roles)
        return rng.choice([_variants(rng, role.name), role.name, f"<@&{role.id}>", str(role.id),
                           f"<@{role.id}>", "@everyone", "everyone"])

    def channel_text() -> str:
        channel = rng.choice(channels)
        return rng.choice([_variants(rng, channel.name), channel.name, channel.name,
                           f"<#{channel.id}>", str(channel.id),
                           _link(rng, channel.guild_id, channel.id),
                           _link(rng, channel.guild_id, channel.id, channel.id),
                           f"#{channel.name}"])

    def emoji_text() -> str:
        emoji = rng.choice(emojis)
        tag = f"<{'a' if emoji.animated else ''}:{emoji.name}:{emoji.id}>"
        return rng.choice([_variants(rng, emoji.name), emoji.name, tag, str(emoji.id),
                           f":{emoji.name}:", tag.replace(":", "::", 1),
                           f"<a:{emoji.name}:{emoji.id}>", f"<:{emoji.name}:1{emoji.id}>",
                           f"<:{emoji.name}:{rng.randint(10**14, 10**20)}>",
                           "\N{PARTY POPPER}", f"<:na me:{emoji.id}>"])

    def colour_text() -> str:
        return rng.choice([
            f"#{rng.randrange(1 << 24):06x}", f"0x{rng.randrange(1 << 24):X}",
            f"0x#{rng.randrange(1 << 24):06x}", f"#{rng.randrange(4096):03x}",
            f"#{rng.randrange(1 << 28):x}", "#", "0x", "#ggg", "#-12", "0x+12", "# 12",
            f"rgb({rng.randint(-5, 300)}, {rng.randint(0, 255)}, {rng.randint(0, 255)})",
            f"rgb({rng.randint(0, 110)}%,{rng.randint(0, 100)}%, {rng.randint(0, 100)}%)",
            f"rgb({rng.random() * 100:.1f}%, 1, 2)", "rgb(1,2)", "RGB(1, 2, 3)",
            "rgb (1, 2, 3)", "rgb(1.5, 2, 3)",
            rng.choice(["red", "dark teal", "Dark_Teal", "blurple", "og_blurple",
                        "default", "from_rgb", "_get_byte", "value", "r",
                        "dark grey", "dark gray", "darker_grey", "pink", "ash theme",
                        "ash_embed", "onyx_theme", "greyple", "light embed", "to_rgb"]),
        ])

    def object_text() -> str:
        ident = rng.choice([*people, *roles, *channels]).id
        return rng.choice([str(ident), f"<@{ident}>", f"<@!{ident}>", f"<@&{ident}>",
                           f"<#{ident}>", f"<@#{ident}>", f"{ident}x", str(ident)[:14],
                           str(10**20 + 1), str(10**20 - 1), f"<@{10**20 - 1}>",
                           f"<:x:{ident}>", f"<t:{ident}>"])

    def guild_text() -> str:
        chosen = rng.choice(world.guilds)
        return rng.choice([chosen.name, str(chosen.id), _variants(rng, chosen.name),
                           str(chosen.id + 1)])

    def clean_text() -> str:
        mentions = [lambda: f"<@{rng.choice(people).id}>", lambda: f"<@!{rng.choice(people).id}>",
                    lambda: f"<@&{rng.choice(roles).id}>", lambda: f"<#{rng.choice(channels).id}>",
                    lambda: f"<@{rng.randint(10**17, 10**18)}>", lambda: rng.choice(MARKDOWN)]
        return "".join(rng.choice(mentions)() for _ in range(rng.randint(1, 8))).strip() or "x"

    def picks_text() -> str:
        given = [f"--who {member_text()}", f"--role {role_text()}", f"--role {role_text()}",
                 f"--where {channel_text()}", f"--tag {emoji_text()} {rng.choice(['1', 'x', ''])}"]
        return " ".join(rng.sample(given, rng.randint(0, len(given))))

    kinds = {
        "picks": picks_text, "clean": clean_text, "cleaner": clean_text,
        "member": member_text, "user": member_text, "role": role_text, "text": channel_text,
        "voice": channel_text, "stage": channel_text, "forum": channel_text,
        "category": channel_text, "anychan": channel_text, "emoji": emoji_text,
        "pemoji": emoji_text, "colour": colour_text, "object": object_text,
        "guild": guild_text, "who": lambda: rng.choice([member_text, role_text])(),
        "where": lambda: rng.choice([channel_text, lambda: str(rng.randint(-9, 99))])(),
    }

    def quoted(text: str) -> str:
        return f'"{text}"' if (" " in text or not text) else text

    lines: list[Any] = []
    places = ["general", "dm", other.channels[0].id]
    for _ in range(count):
        where = rng.choices(places, weights=[8, 1, 1])[0]
        roll = rng.random()
        if roll < 0.8:
            name = rng.choice(list(kinds))
            content = f"!{name} {kinds[name]()}"
        elif roll < 0.9:
            content = (f"!two {quoted(member_text())} {quoted(role_text())} "
                       f"{rng.choice(['', 'and more', member_text()])}")
        elif roll < 0.97:
            content = "!many " + " ".join(quoted(rng.choice([member_text, channel_text])())
                                          for _ in range(rng.randint(0, 4)))
        else:
            content = "!me " + " ".join(quoted(rng.choice([member_text, channel_text])())
                                        for _ in range(rng.randint(0, 2)))
        home = other if where == places[2] else guild
        lines.append((rng.choice(home.members[1:]).user.id, where, content))
    return lines


@pytest.mark.parametrize(("seed", "members"), [(2, True), (4, False)])
async def test_converters_find_what_discord_py_finds_in_a_generated_world(
        sandbox_factory: Any, seed: int, members: bool) -> None:
    said = await both(sandbox_factory, lambda *modules: finder_bot(*modules, members),
                      finder_lines(seed, 150), world=lambda: world_of(seed))
    for ours, theirs in zip(said["tidecord"], said["discord.py"], strict=True):
        assert ours == theirs


# -- a bot whose commands only say what they were given ---------------------------

def shown(value: Any) -> str:
    """A parsed value as comparable text: models by id, flag sets by their flags."""
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[{', '.join(shown(v) for v in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    if hasattr(type(value), "__commands_is_flag__"):
        return f"{type(value).__name__}({', '.join(f'{k}={shown(v)}' for k, v in value)})"
    if type(value).__name__ in ("Member", "User", "Role") or hasattr(value, "guild_id"):
        return f"#{value.id}"
    return f"{type(value).__name__}:{value!r}"


def parsing_bot(discord: Any, commands: Any) -> Any:
    """Commands of every parameter shape discord.py reads (positional, consume rest,
    ``*args``, Optional, Union, Literal, Annotated, Range, Greedy, ``parameter()``,
    flags), each answering with what it was given."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def said(ctx: Any) -> None:
        args = ", ".join(shown(a) for a in ctx.args[1:])
        kwargs = ", ".join(f"{k}={shown(v)}" for k, v in ctx.kwargs.items())
        await ctx.send(f"{ctx.command.name}({args}; {kwargs})")

    @bot.command()
    async def pos(ctx, a, b: int, c: float = 2.5):
        await said(ctx)

    @bot.command()
    async def rest(ctx, a: str, *, rest: str):
        await said(ctx)

    @bot.command()
    async def restopt(ctx, *, rest: str = "dflt"):
        await said(ctx)

    @bot.command()
    async def var(ctx, first: int, *args: int):
        await said(ctx)

    @bot.command()
    async def varstr(ctx, *args):
        await said(ctx)

    @bot.command(ignore_extra=False)
    async def strict(ctx, a, b=None):
        await said(ctx)

    @bot.command(require_var_positional=True)
    async def needvar(ctx, *names: str):
        await said(ctx)

    @bot.command()
    async def yesno(ctx, a: bool, b: bool = False):
        await said(ctx)

    @bot.command()
    async def opt(ctx, a: typing.Optional[int], b: typing.Optional[float] = 9.0,  # noqa: UP045
                  *, c: str = ""):
        await said(ctx)

    @bot.command()
    async def uni(ctx, a: typing.Union[int, float, bool],  # noqa: UP007
                  b: typing.Union[bool, str] = "x"):  # noqa: UP007
        await said(ctx)

    @bot.command()
    async def lit(ctx, a: typing.Literal["on", "off", 1, 2, True], b: typing.Literal["x"] = "x"):
        await said(ctx)

    @bot.command()
    async def optlit(ctx, a: typing.Optional[typing.Literal[1, 2]] = None,  # noqa: UP045
                     *, rest: str = ""):
        await said(ctx)

    @bot.command()
    async def ann(ctx, a: typing.Annotated[str, int], b: typing.Annotated[int, float] = 0):
        await said(ctx)

    @bot.command()
    async def rng(ctx, a: commands.Range[int, -5, 10], b: commands.Range[float, 0.5] = 1.0,
                  c: commands.Range[str, 2, 4] = "ab"):
        await said(ctx)

    @bot.command()
    async def rngopt(ctx, a: typing.Optional[commands.Range[int, 1, 3]] = None,  # noqa: UP045
                     b: int = 0):
        await said(ctx)

    @bot.command()
    async def greedy(ctx, nums: commands.Greedy[int], word: str = "end", *, rest: str = ""):
        await said(ctx)

    @bot.command()
    async def greedy2(ctx, a: str, floats: commands.Greedy[float],
                      b: typing.Optional[int] = None):  # noqa: UP045
        await said(ctx)

    @bot.command()
    async def greedyvar(ctx, *nums: commands.Greedy[int]):
        await said(ctx)

    @bot.command()
    async def greedybool(ctx, bs: commands.Greedy[bool], *rest):
        await said(ctx)

    @bot.command()
    async def greedyuni(ctx, xs: commands.Greedy[typing.Union[int, bool]],  # noqa: UP007
                        tail: str = "-"):
        await said(ctx)

    @bot.command()
    async def greedylit(ctx, xs: commands.Greedy[typing.Literal["a", "b", 3]], tail: int = 0):
        await said(ctx)

    @bot.command()
    async def param(ctx, a: int = commands.parameter(default=4, displayed_default="four"),
                    b=commands.parameter(converter=int, default=1)):  # noqa: B008
        await said(ctx)

    @bot.command()
    async def param2(ctx, a: str = commands.param(converter=str.upper),
                     *, b: int = commands.param(default=lambda ctx: 77)):
        await said(ctx)

    @bot.command(rest_is_raw=True)
    async def raw(ctx, a, *, rest):
        await said(ctx)

    @bot.command()
    async def dflt(ctx, a=5, b=1.5, c=True, d=None):
        await said(ctx)

    @bot.command()
    async def restint(ctx, *, n: int):
        await said(ctx)

    @bot.command()
    async def restopt2(ctx, *, n: typing.Optional[int] = None):  # noqa: UP045
        await said(ctx)

    @bot.command()
    async def restgreedy(ctx, *, n: commands.Greedy[int]):
        await said(ctx)

    @bot.command()
    async def pipe(ctx, a: int | None = None, b: str | int = "z"):
        await said(ctx)

    class Basic(commands.FlagConverter):
        name: str
        count: int = 1
        loud: bool = False

    class Dashed(commands.FlagConverter, prefix="--", delimiter=" "):
        member: str = commands.flag(aliases=["m", "who"])
        days: int = commands.flag(name="delete_days", aliases=["d"], default=0)
        tags: typing.List[str] = commands.flag(default=lambda ctx: [])  # noqa: UP006

    class Caseless(commands.FlagConverter, case_insensitive=True, prefix="-", delimiter="="):
        Size: typing.Optional[int]  # noqa: UP045
        Pair: typing.Tuple[int, str] = (0, "")  # noqa: UP006
        Many: typing.Tuple[float, ...] = ()  # noqa: UP006
        Map: typing.Dict[str, int] = commands.flag(default={}, max_args=2)  # noqa: UP006

    class Pos(commands.FlagConverter):
        text: str = commands.flag(positional=True, default="")
        n: int = commands.flag(default=0, max_args=1, override=True)
        lit: typing.Literal["a", "b"] = "a"
        xs: typing.List[int] = commands.flag(default=[], max_args=2)  # noqa: UP006

    class Req(commands.FlagConverter, prefix="/", delimiter="::"):
        a: int
        b: float
        c: commands.Range[int, 1, 5] = 3

    @bot.command()
    async def basic(ctx, *, flags: Basic):
        await said(ctx)

    @bot.command()
    async def dashed(ctx, *, flags: Dashed):
        await said(ctx)

    @bot.command()
    async def caseless(ctx, *, flags: Caseless):
        await said(ctx)

    @bot.command(ignore_extra=False)
    async def posflag(ctx, *, flags: Pos):
        await said(ctx)

    @bot.command()
    async def posflag2(ctx, *, flags: Pos):
        await said(ctx)

    @bot.command()
    async def req(ctx, first: int, *, flags: Req):
        await said(ctx)

    @bot.command()
    async def mid(ctx, flags: Pos, last: str = "-"):
        await said(ctx)

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"error {type(error).__name__}: {error}")

    return bot


FLAG_COMMANDS = ("basic", "dashed", "caseless", "posflag", "posflag2", "req", "mid")
WORDS = ["1", "-3", "+4", "0", "10", "11", "-6", "007", "1_000", "0x10", "\u0663", "1e3", "inf",
         "nan", "-0.0", "1.5", ".5", "abc", "yes", "No", "TRUE", "t", "F", "enable", "DISABLE",
         "on", "Off", "y", "N", "maybe", "x", "a", "b", "3", "2.5", "True", "\u00e9", "ab",
         "abcd", "abcde", "", "\u00a0"]
QUOTE_PAIRS = [('"', '"'), ("\u00ab", "\u00bb"), ("\u201c", "\u201d"), ("\u300c", "\u300d"),
               ("\u2018", "\u2019"), ("\uff02", "\uff02"), ("\u300a", "\u300b")]
SPACES = [" ", "  ", "\t", "\n", " \n ", "\u3000"]
FLAG_NAMES = ["name:", "count:", "loud:", "Name:", "name :", "--member ", "--m ", "--who ",
              "--delete_days ", "--d ", "--tags ", "-size=", "-Size=", "-PAIR=", "-many=",
              "-map=", "n:", "lit:", "xs:", "text:", "/a::", "/b::", "/c::", "/a:", "--", "-",
              "::", ":", "="]
FLAG_VALUES = ["1", "2", "x", "yes", "bob", "a", "b", "c", "1.5", "3 4", "k 1", "k", "  ",
               '"q w"', '"open', "7", "-1", "x y z", ""]


def _word(rng: random.Random) -> str:
    """A word as typed: bare, quoted in any pair, or with a quote gone wrong."""
    word = rng.choice(WORDS)
    roll = rng.random()
    if roll < 0.55:
        return word
    opening, closing = rng.choice(QUOTE_PAIRS)
    if roll < 0.8:
        return opening + word + closing
    if roll < 0.85:
        return opening + word  # never closed
    if roll < 0.9:
        return opening + word + closing + "x"  # text right after the closing quote
    if roll < 0.95:
        return opening + word + "\\" + closing + " y" + closing  # an escaped quote
    return word[:1] + rng.choice(["'", '"', "\u00bb"]) + word[1:]  # a quote mid-word


def command_texts(seed: int, count: int, names: list[str]) -> list[tuple[str, str]]:
    """``(command, the text after it)``: words and flags with any spacing."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        name = rng.choice(names)
        if name in FLAG_COMMANDS:
            parts = []
            if name in ("req", "mid") and rng.random() < 0.8:
                parts.append(rng.choice(["1", "x", "2 3", '"a b"']))
            if rng.random() < 0.3:
                parts.append(rng.choice(FLAG_VALUES))
            for _ in range(rng.randint(0, 5)):
                parts.append(rng.choice(FLAG_NAMES) + rng.choice(["", " "])
                             + rng.choice(FLAG_VALUES))
        else:
            parts = [_word(rng) for _ in range(rng.randint(0, 6))]
        text = "".join(rng.choice(SPACES) + part for part in parts)
        if rng.random() < 0.2:
            text += rng.choice(SPACES)
        if rng.random() < 0.05:
            text += "\\"
        made.append((name, text))
    return made


LIBRARIES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}


def error_details(error: Exception) -> list[Any]:
    """What an error handler can read of an argument error, beyond its text."""
    details: list[Any] = [type(error).__name__, str(error)]
    for attr in ("param", "argument", "converters", "errors", "literals", "value", "minimum",
                 "maximum", "flag", "original", "values", "quote", "close_quote", "char"):
        value = getattr(error, attr, None)
        if attr == "param" and value is not None:
            value = (value.name, value.displayed_name, value.kind.name, value.required)
        elif attr == "flag" and value is not None:
            value = (value.name, value.attribute, value.max_args, value.override)
        elif attr == "original" and value is not None:
            value = (type(value).__name__, str(value))
        elif attr == "errors" and value is not None:
            value = [(type(e).__name__, str(e)) for e in value]
        elif attr == "converters" and value is not None:
            value = [getattr(c, "__name__", repr(c)) for c in value]
        details.append(repr(value))
    return details


async def parsed_in_process(bot: Any, commands: Any, name: str, text: str) -> Any:
    """What the command's parameters were filled with (or the error, with what a
    handler reads of it), and where reading stopped (``ctx.current_argument``,
    ``ctx.current_parameter``, the view), without a connection."""
    command = bot.all_commands[name]
    stub = SimpleNamespace(_state=None, attachments=[], mentions=[], guild=None)
    view = commands.view.StringView(text)
    ctx = commands.Context(message=stub, bot=bot, view=view, prefix="!", command=command,
                           invoked_with=name)
    try:
        await command._parse_arguments(ctx)
    except Exception as error:  # the error is the outcome compared
        outcome: Any = error_details(error)
    else:
        args = ", ".join(shown(a) for a in ctx.args[1:])
        kwargs = ", ".join(f"{k}={shown(v)}" for k, v in ctx.kwargs.items())
        outcome = f"{name}({args}; {kwargs})"
    parameter = getattr(ctx.current_parameter, "name", None)
    return outcome, ctx.current_argument, parameter, view.index, view.previous


async def test_arguments_read_as_discord_py_reads_them_on_many_generated_texts() -> None:
    # Found here: with only spaces left for a parameter with a default, the view's
    # ``previous`` (what ``view.undo()`` returns to) was past the spaces, where
    # discord.py leaves it before them.
    bots = {library: (parsing_bot(*modules), modules[1])
            for library, modules in LIBRARIES.items()}
    texts = command_texts(11, 6000, sorted(bots["tidecord"][0].all_commands))
    differing = []
    for name, text in texts:
        ours, theirs = [await parsed_in_process(bot, commands, name, text)
                        for bot, commands in bots.values()]
        if ours != theirs:
            differing.append((name, text, ours, theirs))
    assert differing[:5] == []


async def test_arguments_in_messages_answer_as_on_discord_py(sandbox_factory: Any) -> None:
    names = sorted(parsing_bot(tidecord, td_commands).all_commands)
    # A person's client trims what they type (a Greedy before trailing spaces reads
    # None and fails outside the command errors, in both libraries: checked above).
    lines = [("alice", "general", f"!{name}{text}".rstrip())
             for name, text in command_texts(12, 130, names)]
    said = await both(sandbox_factory, parsing_bot, lines)
    for ours, theirs in zip(said["tidecord"], said["discord.py"], strict=True):
        assert ours == theirs


# -- converters that need no world, on many generated arguments -------------------

PIECES = ["#", "0x", "rgb", "(", ")", ",", " ", "%", "1", "255", "0", "ff", "F", "abc", "1.5", ".",
          "-", "+", "red", "dark", "_", "teal", "<", ">", ":", "a", "x", "123456789012345678",
          "@", "!", "&", "t:", "R", "\u0663", "\n", "*", "~", "`", "|", "__", "**", "||", "> ",
          "https://x.y/a_b_c", "<@123456789012345678>", "<#123456789012345678>",
          "<@&123456789012345678>", "@everyone", "@here", "\\", "99999999999999999999"]


def _value(found: Any) -> Any:
    if isinstance(found, str):
        return found
    if hasattr(found, "animated"):
        return ("emoji", found.id, found.name, found.animated)
    if hasattr(found, "to_rgb"):
        return ("colour", found.value)
    if hasattr(found, "tzinfo"):
        return ("moment", found.isoformat())
    return (type(found).__name__, getattr(found, "id", None), getattr(found, "name", None))


PURE_CONVERTERS = {
    "colour": lambda c: c.ColourConverter(),
    "partial emoji": lambda c: c.PartialEmojiConverter(),
    "object": lambda c: c.ObjectConverter(),
    "timestamp": lambda c: c.Timestamp(),
    "game": lambda c: c.GameConverter(),
    "clean_content": lambda c: c.clean_content(),
    "clean_content(remove_markdown)": lambda c: c.clean_content(remove_markdown=True),
    "clean_content(escape_markdown)": lambda c: c.clean_content(escape_markdown=True),
}


@pytest.mark.parametrize("name", list(PURE_CONVERTERS))
async def test_converters_without_a_world_as_discord_py(name: str) -> None:
    # Found here: clean_content(remove_markdown=True) struck every *, _, ~, `, | and >
    # (a_b read ab, 1>2 read 12) where discord.py removes markdown as utils.remove_markdown;
    # 20 digits above 2**64 were no id to ObjectConverter, where discord.py's takes them.
    rng = random.Random(21)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    # In a DM with nobody mentioned: what a mention becomes does not need a guild.
    ctx = SimpleNamespace(bot=SimpleNamespace(_connection=None, get_user=lambda ident: None),
                          message=SimpleNamespace(mentions=[], role_mentions=[]), guild=None)
    converters = {library: PURE_CONVERTERS[name](modules[1])
                  for library, modules in LIBRARIES.items()}
    differing = []
    for text in texts:
        outcomes = []
        for converter in converters.values():
            try:
                outcomes.append(_value(await converter.convert(ctx, text)))
            except Exception as error:  # the error is the outcome compared
                outcomes.append(f"{type(error).__name__}: {error}")
        if outcomes[0] != outcomes[1]:
            differing.append((text, *outcomes))
    assert differing[:5] == []


# -- threads and messages, made once the sandbox runs -----------------------------

async def threads_and_posts(sb: Any) -> None:
    """Threads named like channels (one private), a forum post, and a message in
    every channel a person can write in: all before the bot connects, so the bot
    knows these messages only by asking."""
    guild, other = (g.id for g in sb.world.guilds)
    owners = {guild: sb.world.guilds[0].owner_id, other: sb.world.guilds[1].owner_id}
    general = next(c for c in sb.state.channels.values() if c.guild_id == guild
                   and c.name == "general" and c.type == 0)
    await sb.start_thread(owners[guild], general.id, "lounge")
    await sb.start_thread(owners[guild], general.id, "general")
    await sb.start_thread(owners[guild], general.id, "hidden", private=True)
    await sb.start_thread(owners[guild], general.id, "talk")
    for forum in [c for c in sb.state.channels.values() if c.type == 15]:
        await sb.create_post(owners[guild], forum.id, "lounge", "a post")
    for number, channel in enumerate(sorted(sb.state.channels.values(), key=lambda c: c.id)):
        if channel.type in (0, 2, 5, 11, 12) and channel.guild_id in owners:
            await sb.send_message(owners[int(channel.guild_id)], channel.id, f"note {number}")


def place_ids(sb: Any) -> tuple[list[Any], list[Any]]:
    """Every channel and thread, then every message, oldest first."""
    channels = sorted(sb.state.channels.values(), key=lambda c: c.id)
    messages = sorted((m for box in sb.state.messages.values() for m in box.values()),
                      key=lambda m: m.id)
    return channels, messages


EARLIER = 1 << 42  # an id this much smaller was made 17 minutes before: nothing has it


def message_lines(seed: int, count: int) -> list[Any]:
    """Messages named by id, ``channel-message`` pairs and links of every shape;
    threads, channels and their names; in a channel, a thread and a DM."""
    rng = random.Random(seed)
    world = world_of(seed)
    guild_a, guild_b = (g.id for g in world.guilds)

    def message_text(sb: Any, picks: list[float]) -> str:
        channels, messages = place_ids(sb)
        message = messages[int(picks[0] * len(messages))]
        channel = channels[int(picks[1] * len(channels))]
        form = int(picks[2] * 9)
        guild = [guild_a, guild_b, "@me", 1][int(picks[3] * 4)]
        host = ["https://discord.com", "https://ptb.discordapp.com", "http://canary.discord.com",
                "https://discord.com/"][int(picks[4] * 4)]
        return [
            str(message.id), f"{message.channel_id}-{message.id}",
            f"{channel.id}-{message.id}",
            f"{host}/channels/{guild}/{message.channel_id}/{message.id}",
            f"{host}/channels/{guild}/{channel.id}/{message.id}",
            f"{host}/channels/{channel.guild_id or '@me'}/{message.channel_id}/{message.id}/",
            str(message.id - EARLIER), f"{message.channel_id}-{10 ** 19 * 2}",
            f"{message.channel_id}-{message.id}x",
        ][form]

    def thread_text(sb: Any, picks: list[float]) -> str:
        channels, _ = place_ids(sb)
        channel = channels[int(picks[0] * len(channels))]
        return [channel.name or "x", str(channel.id), f"<#{channel.id}>",
                f"https://discord.com/channels/{channel.guild_id}/{channel.id}",
                "lounge", "general", "hidden"][int(picks[1] * 7)]

    kinds = {"message": message_text, "partial": message_text, "thread": thread_text,
             "anychan": thread_text, "text": thread_text, "voice": thread_text}
    lines: list[Any] = []
    for _ in range(count):
        name = rng.choice(list(kinds))
        picks = [rng.random() for _ in range(5)]
        where = rng.choices(["general", "talk", "dm"], weights=[6, 2, 1])[0]

        def content(sb: Any, name: str = name, picks: list[float] = picks) -> str:
            return f"!{name} {kinds[name](sb, picks)}"

        lines.append((world.guilds[0].owner_id, where, content))
    return lines


ID = re.compile("[0-9]{15,20}")


async def labelled_transcripts(sandbox_factory: Any, setup: Any, lines: list[Any],
                               world: Any, prepare: Any) -> dict[str, list[str]]:
    """What the bot said on each library, with the ids of what the sandbox made while
    running (threads, messages, DMs: they differ from run to run) told by name and
    place; the world's own ids are the same on every run and stay as they are."""
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
        made_before = {c.id for g in sb.world.guilds for c in g.channels}
        await prepare(sb)
        async with running(library, sb, setup):
            said = await converse(sb, lines)
        channels, messages = place_ids(sb)
        labels = {str(c.id): f"<{c.name} in {c.parent_id or 'DM'}>" for c in channels
                  if c.id not in made_before}
        for message in messages:
            label = f"message {re.sub(ID, '#', message.content)[:30]!r}"
            labels[str(message.id)] = f"<{label}>"
            labels[str(message.id - EARLIER)] = f"<long before {label}>"
        results[library] = [ID.sub(lambda m, known=labels: known.get(m[0], m[0]), line)
                            for line in said]
    return results


@pytest.mark.parametrize("seed", [5])
async def test_threads_and_messages_found_as_discord_py_finds_them(
        sandbox_factory: Any, seed: int) -> None:
    # Found here: in a DM the bot never cached, a bare message id found the message
    # where discord.py looks the DM up by id like a named channel: ChannelNotFound.
    said = await labelled_transcripts(sandbox_factory, finder_bot, message_lines(seed, 120),
                                      lambda: world_of(seed), threads_and_posts)
    for ours, theirs in zip(said["tidecord"], said["discord.py"], strict=True):
        assert ours == theirs


# -- prefixes, names and subcommands ----------------------------------------------

def routing_bot(discord: Any, commands: Any) -> Any:
    """Several prefixes, case-insensitive names and aliases, groups two deep: each
    command says how it was reached."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix=commands.when_mentioned_or("!", "?", "hey "),
                       intents=intents, help_command=None, case_insensitive=True)

    async def said(ctx: Any, *values: Any) -> None:
        await ctx.send(f"{ctx.command.qualified_name} via {ctx.prefix!r} {ctx.invoked_with!r} "
                       f"{ctx.invoked_parents} {ctx.subcommand_passed!r} "
                       f"{[shown(v) for v in values]}")

    @bot.group(aliases=["t", "Tags"], invoke_without_command=True)
    async def tag(ctx, *, name: str = "?"):
        await said(ctx, name)

    @tag.command(name="add", aliases=["new", "+"])
    async def tag_add(ctx, name, *, content: str = ""):
        await said(ctx, name, content)

    @tag.group(name="admin", case_insensitive=True)
    async def tag_admin(ctx, level: typing.Optional[int] = None):  # noqa: UP045
        ctx.level = level  # ran before its subcommand: that one tells it
        if ctx.invoked_subcommand is None:
            await said(ctx, level)

    @tag_admin.command(name="wipe", aliases=["Clear"])
    async def tag_admin_wipe(ctx, *who: str):
        await said(ctx, ctx.level, who)

    @bot.command(name="echo", aliases=["say"], ignore_extra=False)
    async def echo(ctx, word: str = ""):
        await said(ctx, word)

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"error {type(error).__name__}: {error} [{ctx.invoked_with!r}]")

    return bot


def routing_lines(seed: int, bot: int, count: int) -> list[Any]:
    rng = random.Random(seed)
    prefixes = ["!", "?", "hey ", "Hey ", "! ", "!!", "?\n", "", "hey"]
    names = [["tag", "TAG", "t", "Tags", "tags", '"tag"', "tag\u3000"],
             ["add", "ADD", "new", "+", "admin", "Admin", "remove", '"add"', "admin\twipe",
              "ADMIN Clear", "admin 3 wipe", "admin wipe", ""],
             ["x", "two words", '"quoted name"', "wipe", "1", "", "Clear",
              "\u00abguillemets\u00bb"]]
    lines: list[Any] = []
    for _ in range(count):
        if rng.random() < 0.2:
            words = [rng.choice(["echo", "Say", "ECHO", "nope", "sa y"]),
                     rng.choice(["", "one", "one two", '"one two"', '"open'])]
        else:
            words = [rng.choice(part) for part in names[:rng.randint(1, 3)]]
        body = "".join(rng.choice(["", " ", "  ", "\n", "\t"]) + w if i else w
                       for i, w in enumerate(words))
        prefix = rng.choice(prefixes)
        if rng.random() < 0.1:
            prefix = rng.choice(["<@{bot}> ", "<@!{bot}> ", "<@!{bot}>", "<@{bot}>\n"])
        content = prefix.format(bot=bot) + body
        lines.append(("alice", "general", content, answers(content, bot)))
    return lines


def answers(content: str, bot: int) -> int:
    """How many answers a message gets: one where a prefix is followed by a word (a
    command, or CommandNotFound), none otherwise."""
    for prefix in (f"<@{bot}> ", f"<@!{bot}> ", "!", "?", "hey "):
        if content.startswith(prefix):
            rest = content[len(prefix):]
            return int(bool(rest) and not rest[0].isspace())
    return 0


async def test_prefixes_and_subcommands_route_as_on_discord_py(sandbox_factory: Any) -> None:
    lines = routing_lines(31, parity_world().bot.id, 150)
    said = await both(sandbox_factory, routing_bot, lines)
    for ours, theirs in zip(said["tidecord"], said["discord.py"], strict=True):
        assert ours == theirs


# -- flag classes as written, right or wrong --------------------------------------

FLAG_ANNOTATIONS = ["int", "str", "bool", "typing.Optional[int]", "typing.List[int]",
                    "typing.Tuple[int, str]", "typing.Tuple[int, ...]", "typing.Dict[str, int]",
                    "typing.Set[int]", "typing.Literal['a', 1]", "typing.Union[int, str]",
                    "typing.Optional[typing.List[int]]", "discord.Member"]
FLAG_NAMES = ["a", "b", "A", "x-y", "x y", "x:y", "", "--a", "a\\\\b", "\u00e9", "aa"]


def flag_class_source(rng: random.Random) -> str:
    """A FlagConverter class body: prefixes, delimiters, names and aliases that may
    clash, positional flags that may be two, annotations flags cannot take."""
    settings = [f"{key}={rng.choice(values)!r}" for key, values in (
        ("prefix", ["--", "-", "/", ""]), ("delimiter", [":", " ", "=", "::", "-"]),
        ("case_insensitive", [True, False])) if rng.random() < 0.6]
    body = []
    for index in range(rng.randint(1, 4)):
        options = [option for option, chance in (
            (f"name={rng.choice(FLAG_NAMES)!r}", 0.5),
            (f"aliases={rng.sample(FLAG_NAMES, rng.randint(0, 2))!r}", 0.4),
            ("positional=True", 0.3), (f"max_args={rng.choice([-1, 0, 1, 2])}", 0.3),
            (f"default={rng.choice(['None', '1', 'lambda ctx: 2'])}", 0.3),
            ("override=True", 0.2)) if rng.random() < chance]
        value = f" = commands.flag({', '.join(options)})" if options else \
            rng.choice(["", " = 3", " = None"])
        body.append(f"    f{index}: {rng.choice(FLAG_ANNOTATIONS)}{value}")
    return "\n".join([f"class F(commands.FlagConverter, {', '.join(settings)}):", *body])


def flag_class_made(source: str, discord: Any, commands: Any) -> Any:
    """The flags the class declares, or the error its definition raises."""
    namespace = {"discord": discord, "commands": commands, "typing": typing}
    try:
        exec(source, namespace)  # the generated class under test
    except (TypeError, ValueError) as error:
        # A set in a message is in hash order, which differs from process to process.
        return f"{type(error).__name__}: {re.sub(r'{.*}', '{...}', str(error))}"
    made = namespace["F"]
    return made.__commands_flag_regex__.pattern, [
        (f.name, f.attribute, f.aliases, f.max_args, f.override, repr(f.positional),
         repr(f.default)[:6]) for f in made.get_flags().values()]


def test_flag_classes_are_read_or_refused_as_discord_py_does() -> None:
    # Found here: an alias equal to its flag's own name, or to another's once
    # case-folded, was reported as the flag conflicting ("'A' flag conflicts...")
    # where discord.py names the alias, case-folded ("'A' flag alias 'a' conflicts...").
    rng = random.Random(41)
    differing = []
    for _ in range(700):
        source = flag_class_source(rng)
        ours, theirs = (flag_class_made(source, *modules) for modules in LIBRARIES.values())
        if ours != theirs:
            differing.append((source, ours, theirs))
    assert differing[:3] == []


# -- where discord.py hangs -------------------------------------------------------

def optional_rest_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def nums(ctx, *values: typing.Optional[int]):  # noqa: UP045
        await ctx.send(f"nums {values}")

    @bot.command(ignore_extra=False)
    async def exact(ctx, *values: typing.Optional[int]):  # noqa: UP045
        await ctx.send(f"exact {values}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"error {type(error).__name__}: {error}")

    return bot


@pytest.mark.timeout(30)
async def test_an_optional_star_args_stops_at_an_unclosed_quote(sandbox_factory: Any) -> None:
    """``*values: Optional[int]`` before an unclosed quote: discord.py reads the same
    text forever (its bot hangs, so it is not run here); tidecord ends ``*values`` there,
    the rest left over as extra text."""
    sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    async with running("tidecord", sb, optional_rest_bot):
        said = await converse(sb, [("alice", "general", "!nums 1 2 \u00abthree"),
                                   ("alice", "general", '!exact 4 "five'),
                                   ("alice", "general", "!nums 6 7")])
    assert said == ["#general: nums (1, 2)",
                    "#general: error TooManyArguments: Too many arguments passed to exact",
                    "#general: nums (6, 7)"]


async def test_a_member_named_by_id_is_fetched_when_the_gateway_is_busy(
        sandbox_factory: Any) -> None:
    """As discord.py's MemberConverter: with the shard's send limit spent, a member not
    cached is asked of REST at once, not of the gateway a minute later."""
    sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    guild = sb.world.guilds[0]

    async with running("tidecord", sb, lambda *modules: finder_bot(*modules, False)) as bot:
        async def spend(sb: Any) -> None:
            while not bot.is_ws_ratelimited():
                await bot.request_members(guild.id, query="nobody", limit=1)

        bob = sb.user("bob").id
        said = await converse(sb, [Do(spend), ("alice", "general", f"!member {bob}")],
                              within=5)
    assert said == [f"#general: member {bob}:bob"]
