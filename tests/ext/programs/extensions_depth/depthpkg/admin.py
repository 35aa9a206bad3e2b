"""An admin cog whose commands reload and unload their own extension, a GroupCog with
an interaction check, an error handler and a nested group, and slash commands, a
context menu and a listener the module adds to the bot itself."""

from typing import Any

from . import libs

VERSION = 1


async def setup(bot: Any) -> None:
    discord, commands, app_commands = libs(bot)

    class Admin(commands.Cog):
        @commands.command()
        async def reloadme(self, ctx: Any, name: str = "depthpkg.admin") -> None:
            await ctx.send(f"reloading {name} from v{VERSION}")
            try:
                await bot.reload_extension(name)
            except commands.ExtensionError as error:
                await ctx.send(f"reload failed: {type(error).__name__}: {error}")
            else:
                now = bot.extensions["depthpkg.admin"].VERSION
                await ctx.send(f"reloaded: admin v{now}, a cog named so: "
                               f"{self.qualified_name in bot.cogs}, this one: "
                               f"{bot.get_cog('Admin') is self}")

        @commands.command()
        async def unloadme(self, ctx: Any) -> None:
            await bot.unload_extension("depthpkg.admin")
            await ctx.send(f"unloaded: cogs {sorted(bot.cogs)}, "
                           f"extensions {sorted(bot.extensions)}")

    @app_commands.guild_only()
    class Gate(commands.GroupCog, group_name="gate"):
        async def interaction_check(self, interaction: Any) -> bool:
            return interaction.user.name == "alice"

        async def cog_app_command_error(self, interaction: Any, error: Exception) -> None:
            await interaction.response.send_message(
                f"gate error {type(error).__name__}: {error}")

        @app_commands.command(description="open")
        async def open(self, interaction: Any) -> None:
            await interaction.response.send_message(f"opened v{VERSION}")

        inner = app_commands.Group(name="inner", description="inner")

        @inner.command(description="deep")
        async def deep(self, interaction: Any, n: int) -> None:
            if n < 0:
                raise ValueError("deep negative")
            await interaction.response.send_message(f"deep {n}")

    @bot.tree.command(description="loose in the module")
    async def loose(interaction: Any) -> None:
        await interaction.response.send_message(f"loose v{VERSION}")

    @bot.tree.context_menu(name="Inspect")
    async def inspect_menu(interaction: Any, member: discord.Member) -> None:
        await interaction.response.send_message(f"inspect {member.name}")

    @bot.listen("on_message")
    async def module_listener(message: Any) -> None:
        if message.content == "?admin":
            await message.channel.send(f"admin listener v{VERSION}")

    await bot.add_cog(Admin())
    await bot.add_cog(Gate())
