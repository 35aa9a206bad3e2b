"""The plug's cog; the test changes VERSION to see the submodule imported again."""

from typing import Any

from ... import libs
from .. import __name__ as _plug

VERSION = 1


def make(bot: Any) -> Any:
    _, commands, _ = libs(bot)

    class Plug(commands.Cog):
        async def cog_load(self) -> None:
            bot.log.append(f"Plug v{VERSION} ({_plug}): cog_load")

        @commands.command()
        async def plugcmd(self, ctx: Any) -> None:
            pass

    return Plug()
