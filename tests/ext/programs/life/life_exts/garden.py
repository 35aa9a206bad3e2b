"""A cog, a command and a listener; the test rewrites VERSION and setup to reload it."""

from typing import Any

from . import commands_of

VERSION = 1


async def setup(bot: Any) -> None:
    commands = commands_of(bot)

    class Garden(commands.Cog):
        async def cog_load(self) -> None:
            bot.life_log.append(f"garden v{VERSION}: cog_load")

        async def cog_unload(self) -> None:
            bot.life_log.append(f"garden v{VERSION}: cog_unload")

        @commands.command()
        async def water(self, ctx: Any) -> None:
            pass

    @commands.command()
    async def dig(ctx: Any) -> None:
        pass

    async def on_member_join(member: Any) -> None:
        pass

    await bot.add_cog(Garden())
    bot.add_command(dig)
    bot.add_listener(on_member_join)
    bot.life_log.append(f"garden v{VERSION}: setup")


async def teardown(bot: Any) -> None:
    bot.life_log.append(f"garden v{VERSION}: teardown, cog still there: "
                        f"{bot.get_cog('Garden') is not None}")
