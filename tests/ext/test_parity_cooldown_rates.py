"""Cooldowns of a rate of 0, taken as discord.py 2.7.1 takes them: ``cooldown(0, 0)``
never holds a command back, ``cooldown(0, 60)`` always does (tidecord refused both
with ValueError when the command was made); a negative rate or period is refused,
naming which."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.ext import commands as td_commands

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def cooldown_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    @commands.cooldown(0, 0, commands.BucketType.user)
    async def free(ctx):
        await ctx.send("free")

    @bot.command()
    @commands.cooldown(0, 60, commands.BucketType.user)
    async def never(ctx):
        await ctx.send("never")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {round(error.retry_after)}s "
                       f"{error.cooldown.rate}/{error.cooldown.per}")

    return bot


LINES = [("alice", "general", "!free"), ("alice", "general", "!free"),
         ("bob", "general", "!never"), ("bob", "general", "!never")]


async def test_a_cooldown_of_rate_zero_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, cooldown_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == ["#general: free", "#general: free",
                                "#general: CommandOnCooldown: 60s 0/60.0",
                                "#general: CommandOnCooldown: 60s 0/60.0"]


@pytest.mark.parametrize(("rate", "per", "named"), [(-1, 5, "rate"), (1, -5, "per")])
def test_a_negative_rate_or_period_is_refused_by_name(rate: int, per: float,
                                                       named: str) -> None:
    async def command(ctx: Any) -> None: ...

    with pytest.raises(ValueError, match=f"cooldown's {named} must be 0 or more"):
        td_commands.cooldown(rate, per)(command)
