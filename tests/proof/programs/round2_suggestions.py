"""A suggestions bot as tutorials build one: ``!suggest`` posts an embed in #ideas with
✅/❌ votes and a discussion thread on it; staff ``!approve`` / ``!deny`` a suggestion
named by id or link, which recolours its embed, says so in the thread and archives and
locks it; ``!tally`` counts the votes; its author may ``!withdraw`` it. Written once
against ``(discord, commands)``."""

YES = "\N{WHITE HEAVY CHECK MARK}"
NO = "\N{CROSS MARK}"


def suggestions_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    counter = {"n": 0}

    @bot.command()
    @commands.guild_only()
    async def suggest(ctx, *, idea: str):
        ideas = discord.utils.get(ctx.guild.text_channels, name="ideas")
        counter["n"] += 1
        embed = discord.Embed(title=f"Suggestion #{counter['n']}", description=idea,
                              colour=discord.Colour.blurple())
        embed.set_author(name=ctx.author.display_name, icon_url=ctx.author.display_avatar)
        embed.add_field(name="Status", value="Pending")
        message = await ideas.send(embed=embed)
        for emoji in (YES, NO):
            await message.add_reaction(emoji)
        thread = await message.create_thread(name=f"Suggestion #{counter['n']}",
                                             auto_archive_duration=1440)
        await thread.send(f"Discuss {ctx.author.mention}'s idea here.",
                          allowed_mentions=discord.AllowedMentions.none())
        await ctx.reply(f"Posted in {ideas.mention} (thread {thread.mention}, "
                        f"{thread.auto_archive_duration} min, parent "
                        f"{thread.parent.name}, starter {thread.id == message.id}).",
                        mention_author=False)

    async def decide(ctx, message, verdict, colour, reason):
        if message.author != bot.user or not message.embeds:
            return await ctx.send("That is not a suggestion.")
        embed = message.embeds[0]
        embed.colour = colour
        embed.set_field_at(0, name="Status",
                           value=f"{verdict} by {ctx.author.display_name}: {reason}")
        await message.edit(embed=embed)
        thread = message.thread or ctx.guild.get_thread(message.id)
        if thread is None:
            thread = await ctx.guild.fetch_channel(message.id)
        await thread.send(f"This suggestion was {verdict.lower()}.")
        thread = await thread.edit(archived=True, locked=True)
        await ctx.send(f"{embed.title} {verdict.lower()}; thread {thread.name} "
                       f"archived={thread.archived} locked={thread.locked}.")

    @bot.command()
    @commands.has_role("Staff")
    async def approve(ctx, message: discord.Message, *, reason: str = "no reason"):
        await decide(ctx, message, "Approved", discord.Colour.green(), reason)

    @bot.command()
    @commands.has_any_role("Staff", "Moderator")
    async def deny(ctx, message: discord.Message, *, reason: str = "no reason"):
        await decide(ctx, message, "Denied", discord.Colour.red(), reason)

    @bot.command()
    async def withdraw(ctx, message: discord.Message):
        embed = message.embeds[0] if message.embeds else None
        if embed is None or embed.author.name != ctx.author.display_name:
            return await ctx.send("Only its author can withdraw a suggestion.")
        edited = await message.edit(content=f"~~{embed.title}~~ withdrawn by "
                                            f"{ctx.author.display_name}.", embed=None)
        await ctx.send(f"Withdrawn ({len(edited.embeds)} embeds left).")

    @bot.command()
    async def tally(ctx, message: discord.Message):
        counts = {str(r.emoji): r.count - r.me for r in message.reactions}
        voters = []
        for reaction in message.reactions:
            voters += [f"{u.name}{reaction.emoji}" async for u in reaction.users()
                       if not u.bot]
        await ctx.send(f"{YES} {counts.get(YES, 0)} {NO} {counts.get(NO, 0)}; "
                       f"{sorted(voters)}")

    @bot.event
    async def on_command_error(ctx, error):
        if isinstance(error, commands.MissingRole):
            await ctx.send(f"You need the {error.missing_role} role.")
        elif isinstance(error, commands.MissingAnyRole):
            await ctx.send(f"You need one of {error.missing_roles}.")
        elif isinstance(error, commands.MessageNotFound):
            await ctx.send(f"No message {error.argument} here.")
        elif isinstance(error, commands.ChannelNotReadable):
            await ctx.send(f"I can't read {error.argument.name}.")
        elif isinstance(error, commands.MissingRequiredArgument):
            await ctx.send(f"Tell me the {error.param.name}.")
        else:
            raise error

    return bot
