"""A counting game with a utility kit, as tutorials build them: in #counting each
message must be the next number from someone other than the last counter (right ones
get ✅, wrong ones are deleted), plus ``!serverinfo``, ``!userinfo``, colour roles,
``!poll``, ``!slowmode``, ``!top`` and ``!lock`` / ``!unlock``. Written once against
``(discord, commands)``."""

CHECK = "\N{WHITE HEAVY CHECK MARK}"
NUMBERS = [f"{n}\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}" for n in range(1, 10)]


def counting_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    game = {"count": 0, "last": None}

    @bot.listen("on_message")
    async def count(message):
        if message.author.bot or getattr(message.channel, "name", None) != "counting":
            return
        expected = game["count"] + 1
        if not message.content.isdigit() or int(message.content) != expected:
            await message.delete()
            await message.channel.send(f"{message.author.display_name} wrote "
                                       f"{message.content!r}: the next number is {expected}.")
        elif message.author.id == game["last"]:
            await message.add_reaction("\N{CROSS MARK}")
            await message.channel.send("Let someone else count the next one. Back to 1!")
            game.update(count=0, last=None)
        else:
            game.update(count=expected, last=message.author.id)
            await message.add_reaction(CHECK)

    @bot.command()
    @commands.guild_only()
    async def serverinfo(ctx):
        guild = ctx.guild
        embed = discord.Embed(title=guild.name, description=guild.description,
                              colour=discord.Colour.dark_teal())
        if guild.icon:
            embed.set_thumbnail(url=guild.icon.url)
        embed.add_field(name="Owner", value=guild.owner.mention)
        embed.add_field(name="Members", value=f"{guild.member_count} "
                        f"({sum(m.bot for m in guild.members)} bots)")
        embed.add_field(name="Channels", value=f"{len(guild.text_channels)} text, "
                        f"{len(guild.voice_channels)} voice, {len(guild.categories)} categories")
        embed.add_field(name="Roles", value=str(len(guild.roles) - 1))
        embed.add_field(name="Boosts", value=f"{guild.premium_subscription_count} "
                        f"(tier {guild.premium_tier})")
        embed.add_field(name="Verification", value=str(guild.verification_level))
        embed.add_field(name="Created", value=discord.utils.format_dt(guild.created_at, "D"))
        embed.set_footer(text=f"ID: {guild.id} | icon {guild.icon is not None}")
        await ctx.send(embed=embed)

    @bot.command()
    @commands.guild_only()
    async def userinfo(ctx, *, member: discord.Member = None):
        member = member or ctx.author
        roles = [r.mention for r in reversed(member.roles) if not r.is_default()]
        embed = discord.Embed(title=str(member), colour=member.colour)
        embed.set_thumbnail(url=member.display_avatar.url)
        embed.add_field(name="Nickname", value=member.nick or "none")
        embed.add_field(name="Top role", value=member.top_role.name)
        embed.add_field(name="Roles", value=" ".join(roles) or "none", inline=False)
        embed.add_field(name="Joined", value=discord.utils.format_dt(member.joined_at, "R"))
        embed.add_field(name="Created", value=discord.utils.format_dt(member.created_at, "D"))
        embed.add_field(name="Flags", value=f"bot={member.bot} owner="
                        f"{member == ctx.guild.owner} boosting={member.premium_since}")
        await ctx.send(embed=embed)

    @bot.command()
    async def colour(ctx, colour: discord.Colour):
        role = await ctx.guild.create_role(name=f"colour {colour}", colour=colour)
        await ctx.author.add_roles(role)
        await ctx.send(f"{ctx.author.display_name} is {colour} now.")

    @bot.command()
    async def roles(ctx):
        # Highest first: guild.roles is lowest first.
        await ctx.send(" > ".join(r.name for r in reversed(ctx.guild.roles)),
                       allowed_mentions=discord.AllowedMentions.none())

    @bot.command()
    async def poll(ctx, question: str, *answers: str):
        if not 2 <= len(answers) <= len(NUMBERS):
            return await ctx.send(f"Give between 2 and {len(NUMBERS)} answers.")
        lines = [f"{emoji} {answer}" for emoji, answer in zip(NUMBERS, answers, strict=False)]
        embed = discord.Embed(title=question, description="\n".join(lines))
        embed.set_footer(text=f"Poll by {ctx.author.display_name}")
        message = await ctx.send(embed=embed)
        for emoji in NUMBERS[:len(answers)]:
            await message.add_reaction(emoji)

    @bot.command()
    @commands.has_permissions(manage_channels=True)
    async def slowmode(ctx, seconds: commands.Range[int, 0, 21600]):
        channel = await ctx.channel.edit(slowmode_delay=seconds)
        await ctx.send(f"Slowmode in {channel.mention} is {channel.slowmode_delay} s.")

    @bot.command()
    @commands.has_permissions(manage_channels=True)
    async def top(ctx, channel: discord.TextChannel):
        result = await channel.edit(position=0, reason="pinned to the top")
        await ctx.send(f"{channel.mention} is on top now (edit gave {result}).")

    @bot.command()
    async def channels(ctx):
        await ctx.send(" | ".join(f"{c.name}:{c.position}" for c in ctx.guild.text_channels))

    @bot.command()
    @commands.has_permissions(manage_channels=True)
    async def lock(ctx, channel: discord.TextChannel = None):
        channel = channel or ctx.channel
        everyone = ctx.guild.default_role
        await channel.set_permissions(everyone, send_messages=False, reason="locked")
        fetched = await ctx.guild.fetch_channel(channel.id)
        allowed = fetched.overwrites_for(everyone).send_messages
        await ctx.send(f"\N{LOCK} {channel.mention} is locked (send_messages={allowed}).")

    @bot.command()
    @commands.has_permissions(manage_channels=True)
    async def unlock(ctx, channel: discord.TextChannel = None):
        channel = channel or ctx.channel
        await channel.set_permissions(ctx.guild.default_role, send_messages=None)
        await ctx.send(f"\N{OPEN LOCK} {channel.mention} is open again.")

    @bot.event
    async def on_command_error(ctx, error):
        if isinstance(error, commands.MissingPermissions):
            await ctx.send(f"You need {error.missing_permissions}.")
        elif isinstance(error, commands.BadArgument | commands.MissingRequiredArgument):
            await ctx.send(f"{type(error).__name__}: {error}")
        else:
            raise error

    return bot
