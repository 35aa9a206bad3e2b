"""A setup that adds a cog, a command and two listeners, then raises."""

from typing import Any

from . import libs


async def on_x(*args: Any) -> None:
    pass


async def setup(bot: Any) -> None:
    _, commands, _ = libs(bot)

    class Half(commands.Cog):
        async def cog_load(self) -> None:
            bot.log.append("Half: cog_load")

        async def cog_unload(self) -> None:
            bot.log.append("Half: cog_unload")

        @commands.command()
        async def halfcmd(self, ctx: Any) -> None:
            pass

    await bot.add_cog(Half())

    @bot.command()
    async def halfextra(ctx: Any) -> None:
        pass

    bot.add_listener(on_x, "on_x")
    bot.add_listener(on_x)
    raise RuntimeError("halfway")


def teardown(bot: Any) -> None:
    bot.log.append("half: teardown (a plain function)")
