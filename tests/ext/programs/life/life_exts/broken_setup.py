"""An extension whose setup fails halfway, after adding a command."""

from typing import Any

from . import commands_of


async def setup(bot: Any) -> None:
    @commands_of(bot).command()
    async def halfway(ctx: Any) -> None:
        pass

    bot.add_command(halfway)
    raise ValueError("no soil")
