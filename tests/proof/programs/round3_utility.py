"""A utility bot as real projects structure one: a cog whose ``__init__`` adds two
context menus to the tree (a user's info, reporting a message) and whose
``cog_unload`` takes them away, a hybrid ``tag`` group with a fallback, slash commands
behind ``app_commands.checks`` (permissions, the bot's permissions, a cooldown),
and error handlers for both kinds: the cog's own, the tree's, and ``on_command_error``
leaving alone what a cog or command already handled. Written once against
``(discord, commands)``."""


def utility_bot(discord, commands):
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def how(ctx):
        return "slash" if ctx.interaction else "prefix"

    class Utility(commands.Cog):
        def __init__(self, bot):
            self.bot = bot
            self.tags = {}
            self.info_menu = app_commands.ContextMenu(name="User info", callback=self.user_info)
            self.report_menu = app_commands.ContextMenu(name="Report message",
                                                        callback=self.report)
            bot.tree.add_command(self.info_menu)
            bot.tree.add_command(self.report_menu)

        async def cog_unload(self):
            for menu in (self.info_menu, self.report_menu):
                self.bot.tree.remove_command(menu.name, type=menu.type)

        async def user_info(self, interaction, member: discord.Member):
            embed = discord.Embed(title=str(member), colour=member.colour)
            embed.add_field(name="Display name", value=member.display_name)
            embed.add_field(name="Roles", value=", ".join(r.name for r in member.roles[1:])
                            or "none")
            embed.add_field(name="Moderator", value=str(member.guild_permissions.kick_members))
            embed.set_footer(text=f"asked by {interaction.user.name} via "
                                  f"{interaction.command.name} ({interaction.command.type})")
            fields = "; ".join(f"{f.name}={f.value}" for f in embed.fields)
            await interaction.response.send_message(f"{embed.title}: {fields}; "
                                                    f"{embed.footer.text}", embed=embed,
                                                    ephemeral=True)

        @app_commands.checks.cooldown(1, 60)
        async def report(self, interaction, message: discord.Message):
            log = discord.utils.get(interaction.guild.text_channels, name="mod-log")
            await log.send(f"{interaction.user.name} reported {message.author.name}: "
                           f"{message.content!r} (link ends with its id "
                           f"{message.jump_url.endswith(str(message.id))})")
            await interaction.response.send_message("Thanks, the moderators will look.",
                                                    ephemeral=True)

        @commands.hybrid_group(fallback="show", description="Saved answers")
        async def tag(self, ctx, name: str):
            if name not in self.tags:
                raise commands.BadArgument(f"No tag called {name!r}.")
            await ctx.send(f"{self.tags[name]} ({how(ctx)})")

        @tag.command(name="create", description="Save an answer")
        @app_commands.describe(name="What to call it", content="What it says")
        async def tag_create(self, ctx, name: str, *, content: str):
            self.tags[name] = content
            await ctx.send(f"Saved {name!r} ({how(ctx)}).")

        @tag.command(name="list", description="Every saved answer")
        async def tag_list(self, ctx):
            await ctx.send(", ".join(sorted(self.tags)) or "no tags", ephemeral=True)

        @tag.command(name="delete", description="Forget an answer")
        @commands.has_permissions(manage_messages=True)
        async def tag_delete(self, ctx, name: str):
            self.tags.pop(name, None)
            await ctx.send(f"Deleted {name!r} ({how(ctx)}).")

        @tag_delete.error
        async def tag_delete_error(self, ctx, error):
            await ctx.send(f"tag delete refused ({how(ctx)}): {type(error).__name__}")

        @app_commands.command(description="Delete recent messages")
        @app_commands.checks.has_permissions(manage_messages=True)
        @app_commands.checks.bot_has_permissions(manage_messages=True)
        async def purge(self, interaction, count: app_commands.Range[int, 1, 20]):
            await interaction.response.defer(ephemeral=True, thinking=True)
            gone = await interaction.channel.purge(limit=count)
            await interaction.followup.send(f"Deleted {len(gone)} message(s).")

        @app_commands.command(description="Change a nickname")
        @app_commands.checks.has_any_role("Moderator", "Admin")
        @app_commands.checks.bot_has_permissions(manage_nicknames=True, ban_members=True)
        async def rename(self, interaction, member: discord.Member, nick: str):
            await member.edit(nick=nick)
            await interaction.response.send_message(f"Renamed to {nick}.")

        async def cog_app_command_error(self, interaction, error):
            if isinstance(error, app_commands.CommandOnCooldown):
                text = f"cog: slow down ({error.cooldown.rate}/{error.cooldown.per:.0f}s)"
            elif isinstance(error, app_commands.CheckFailure):
                text = f"cog: {type(error).__name__}: {error}"
            else:
                return  # the tree's handler says it
            await interaction.response.send_message(text, ephemeral=True)

        async def cog_command_error(self, ctx, error):
            if isinstance(error, commands.BadArgument):
                await ctx.send(f"cog ({how(ctx)}): {error}")

    @bot.tree.error
    async def on_app_command_error(interaction, error):
        if interaction.response.is_done():
            return  # the cog's handler answered (the tree's runs after it)
        retry = getattr(error, "retry_after", None)
        await interaction.response.send_message(
            f"tree: {type(error).__name__} in {interaction.command.name}"
            f"{f' (retry in {round(retry)} s)' if retry else ''}", ephemeral=True)

    @bot.event
    async def on_command_error(ctx, error):
        if ctx.command and (ctx.command.has_error_handler() or
                            (ctx.cog and ctx.cog.has_error_handler()
                             and isinstance(error, commands.BadArgument))):
            return
        await ctx.send(f"global ({how(ctx)}): {type(error).__name__}: {error}")

    @bot.command()
    @commands.has_permissions(administrator=True)
    async def unload(ctx):
        await bot.remove_cog("Utility")
        await bot.tree.sync()
        await ctx.send(f"Unloaded; the tree has {sorted(c.name for c in bot.tree.get_commands())}"
                       f" and {len(bot.tree.get_commands(type=discord.AppCommandType.user))} "
                       f"user menus")

    async def setup_hook():
        await bot.add_cog(Utility(bot))
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot
