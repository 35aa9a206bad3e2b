"""A welcome/goodbye bot as tutorials build one: an embed with the newcomer's avatar and
the member count in the configured channel (or the system channel), an auto-role, an
account-age warning for the staff, a goodbye line, and ``!setwelcome #channel`` kept
in aiosqlite. Written once against ``(discord, commands)``."""

import datetime

import aiosqlite


def welcome_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def welcome_channel(guild):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS settings "
                             "(guild_id INTEGER PRIMARY KEY, channel_id INTEGER)")
            async with db.execute("SELECT channel_id FROM settings WHERE guild_id = ?",
                                  (guild.id,)) as cursor:
                row = await cursor.fetchone()
        if row is not None:
            channel = guild.get_channel(row[0])
            if channel is not None:
                return channel
        return guild.system_channel

    @bot.event
    async def on_member_join(member):
        channel = await welcome_channel(member.guild)
        embed = discord.Embed(title=f"Welcome to {member.guild.name}!",
                              description=f"Hi {member.mention}, glad you are here.",
                              colour=discord.Colour.green(),
                              timestamp=member.joined_at)
        embed.set_thumbnail(url=member.display_avatar.url)
        embed.add_field(name="Member", value=f"#{member.guild.member_count}")
        embed.add_field(name="Account created",
                        value=discord.utils.format_dt(member.created_at, "R"))
        embed.set_footer(text=f"ID: {member.id}")
        await channel.send(embed=embed)
        role = discord.utils.get(member.guild.roles, name="Member")
        await member.add_roles(role, reason="auto-role")
        age = discord.utils.utcnow() - member.created_at
        if age < datetime.timedelta(days=7):
            log = discord.utils.get(member.guild.text_channels, name="mod-log")
            await log.send(f"\N{WARNING SIGN} {member} has a new account "
                           f"({age.days} days old, bot={member.bot}, "
                           f"pending={member.pending}, has Member="
                           f"{role in member.roles})")

    @bot.event
    async def on_member_remove(member):
        channel = await welcome_channel(member.guild)
        roles = [r.name for r in member.roles if not r.is_default()]
        await channel.send(f"{member.display_name} left us. We are "
                           f"{member.guild.member_count} now. They had {roles}.")

    @bot.command()
    @commands.has_permissions(manage_guild=True)
    async def setwelcome(ctx, channel: discord.TextChannel):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS settings "
                             "(guild_id INTEGER PRIMARY KEY, channel_id INTEGER)")
            await db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                             (ctx.guild.id, channel.id))
            await db.commit()
        await ctx.send(f"Welcome messages will go to {channel.mention}.")

    @bot.command()
    async def members(ctx):
        humans = sum(not m.bot for m in ctx.guild.members)
        newest = max(ctx.guild.members, key=lambda m: m.joined_at)
        await ctx.send(f"{ctx.guild.member_count} members, {humans} people; newest "
                       f"{newest.name}; system channel {ctx.guild.system_channel.name}")

    @setwelcome.error
    async def setwelcome_error(ctx, error):
        if isinstance(error, commands.MissingPermissions):
            await ctx.send(f"You need {', '.join(error.missing_permissions)}.")
        elif isinstance(error, commands.ChannelNotFound):
            await ctx.send(f"No channel called {error.argument!r}.")
        elif isinstance(error, commands.MissingRequiredArgument):
            await ctx.send(f"Usage: !setwelcome <{error.param.name}>")
        else:
            raise error

    return bot
