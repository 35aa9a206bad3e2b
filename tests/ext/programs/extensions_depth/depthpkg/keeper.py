"""A cog with every hook (checks, before/after, error handlers, a bot check) for its
prefix and slash commands, and a GroupCog made guild-only with default permissions.
The test rewrites VERSION and the group's name, then loads it again."""

from typing import Any

from . import libs

VERSION = 1


async def setup(bot: Any) -> None:
    _, commands, app_commands = libs(bot)

    class Keeper(commands.Cog, description="Keeps things"):
        async def cog_load(self) -> None:
            bot.order.append(f"keeper v{VERSION}: cog_load, ready {bot.is_ready()}")

        def cog_unload(self) -> None:
            bot.order.append(f"keeper v{VERSION}: cog_unload")

        def cog_check(self, ctx: Any) -> bool:
            return "deny" not in ctx.message.content

        def bot_check(self, ctx: Any) -> bool:
            return ctx.author.name != "carol"

        async def bot_check_once(self, ctx: Any) -> bool:
            bot.order.append(f"check once: {ctx.command}")
            return True

        async def cog_before_invoke(self, ctx: Any) -> None:
            await ctx.send(f"before {ctx.command.qualified_name}")

        async def cog_after_invoke(self, ctx: Any) -> None:
            await ctx.send(f"after {ctx.command.qualified_name}, failed {ctx.command_failed}")

        async def cog_command_error(self, ctx: Any, error: Exception) -> None:
            await ctx.send(f"cog error {type(error).__name__}: {error}")

        @commands.command()
        async def keep(self, ctx: Any, n: int = 0) -> None:
            if n < 0:
                raise ValueError("negative")
            await ctx.send(f"kept {n} v{VERSION}")

        async def interaction_check(self, interaction: Any) -> bool:
            return interaction.user.name != "bob"

        async def cog_app_command_error(self, interaction: Any, error: Exception) -> None:
            await interaction.response.send_message(
                f"cog app error {type(error).__name__}: {error}")

        @app_commands.command(description=f"stash v{VERSION}")
        async def stash(self, interaction: Any, fail: bool = False) -> None:
            if fail:
                raise RuntimeError("stash failed")
            await interaction.response.send_message(f"stashed v{VERSION} by {self.qualified_name}")

        @commands.Cog.listener("on_message")
        async def heard(self, message: Any) -> None:
            if message.content == "?ping":
                await message.channel.send(f"pong v{VERSION}")

    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    class Tools(commands.GroupCog, group_name="tools", group_description="Tool things"):
        @app_commands.command(description="a hammer")
        async def hammer(self, interaction: Any) -> None:
            await interaction.response.send_message(f"hammer v{VERSION}")

        @commands.hybrid_command(description="a saw")
        async def saw(self, ctx: Any) -> None:
            await ctx.send(f"saw v{VERSION}")

    await bot.add_cog(Keeper())
    await bot.add_cog(Tools())


async def teardown(bot: Any) -> None:
    bot.order.append(f"keeper v{VERSION}: teardown")
