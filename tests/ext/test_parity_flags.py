"""Flag converters parse and fail as in discord.py (prefix, delimiter, aliases, defaults,
lists, tuples, dicts, case-insensitive names, a positional flag)."""

# No "from __future__ import annotations": the flag classes' annotations name locals.
from typing import Any, Optional

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def flags_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Giveaway(commands.FlagConverter):
        prize: str
        winners: int = 1
        duration: str = commands.flag(name="time", aliases=["t"], default="1h")
        channels: list[discord.TextChannel] = commands.flag(name="in", default=lambda ctx: [])
        note: Optional[str]  # noqa: UP045

    class Ban(commands.FlagConverter, prefix="--", delimiter=" ", case_insensitive=True):
        member: discord.Member
        reason: str = "no reason"
        days: int = commands.flag(name="deletedays", aliases=["d"], default=0,
                                  max_args=1, override=True)

    class Shape(commands.FlagConverter, delimiter="="):
        size: tuple[int, int]
        tags: tuple[str, ...] = ()
        scores: dict[str, int] = commands.flag(default=lambda ctx: {})

    class Search(commands.FlagConverter):
        query: str = commands.flag(positional=True)
        limit: int = 5

    @bot.command()
    async def giveaway(ctx, *, flags: Giveaway):
        names = [c.name for c in flags.channels]
        await ctx.send(f"{flags.prize!r} x{flags.winners} for {flags.duration} in {names} "
                       f"note={flags.note!r}")

    @bot.command()
    async def ban(ctx, *, flags: Ban):
        await ctx.send(f"{flags.member.name} {flags.reason!r} {flags.days}")

    @bot.command()
    async def shape(ctx, *, flags: Shape):
        await ctx.send(f"{flags.size} {flags.tags} {flags.scores}")

    @bot.command()
    async def search(ctx, *, flags: Search):
        await ctx.send(f"{flags.query!r} {flags.limit}")

    @bot.command(ignore_extra=False)
    async def strictflags(ctx, *, flags: Giveaway):
        await ctx.send(flags.prize)

    @bot.command()
    async def listflags(ctx):
        await ctx.send(", ".join(sorted(Giveaway.get_flags())) + " / "
                       + repr(dict(Giveaway.get_flags()["time"].__dict__)["aliases"]))

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot


LINES = [
    ("alice", "general", "!giveaway prize: a plant"),
    ("alice", "general", "!giveaway prize: a plant winners: 3 t: 2d in: ideas in: general"),
    ("alice", "general", "!giveaway prize: pot note: nice one time: 5m"),
    ("alice", "general", "!giveaway winners: 2"),
    ("alice", "general", "!giveaway prize: x winners: many"),
    ("alice", "general", "!giveaway prize:"),
    ("alice", "general", "!giveaway prize: a prize: b"),
    ("alice", "general", "!giveaway prize: a in: nowhere"),
    ("alice", "general", "!ban --member bob --reason spam spam --d 1 --D 2"),
    ("alice", "general", "!ban --MEMBER bob"),
    ("alice", "general", "!ban --member ghost"),
    ("alice", "general", "!shape size=3 4 tags=a b c scores=x 1 scores=y 2"),
    ("alice", "general", "!shape size=3"),
    ("alice", "general", "!search tomato plants limit: 2"),
    ("alice", "general", "!search  basil "),
    ("alice", "general", "!strictflags leftover prize: a"),
    ("alice", "general", "!listflags"),
]


async def test_flags_parse_and_fail_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, flags_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    answers = said["tidecord"]
    assert "#general: 'a plant' x3 for 2d in ['ideas', 'general'] note=None" in answers
    assert "#general: bob 'spam spam' 2" in answers
