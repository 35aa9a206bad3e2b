"""A cog and a teardown; the test breaks ``helper`` and ``setup`` to reload it."""

from typing import Any

from . import helper, libs

VERSION = 1


async def setup(bot: Any) -> None:
    _, commands, _ = libs(bot)

    class Alpha(commands.Cog):
        async def cog_load(self) -> None:
            bot.log.append(f"Alpha v{VERSION}: cog_load")

        def cog_unload(self) -> None:
            bot.log.append(f"Alpha v{VERSION}: cog_unload")

        @commands.command()
        async def alphacmd(self, ctx: Any) -> None:
            pass

        @commands.Cog.listener()
        async def on_alpha(self) -> None:
            pass

    bot.log.append(f"alpha v{VERSION}: setup, helper {helper.X}")
    await bot.add_cog(Alpha())


async def teardown(bot: Any) -> None:
    bot.log.append(f"alpha v{VERSION}: teardown")
