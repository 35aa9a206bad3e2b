"""A "go live" bot as tutorials build one: a member who starts streaming gets the Live
role and an announcement, loses it when the stream ends; other presence changes are
logged with the activity as discord.py prints it; ``!status`` changes the bot's own
presence and reads it back from ``guild.me``. Written once against
``(discord, commands)``."""


def presence_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.presences = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       activity=discord.Game("with fire"), status=discord.Status.idle)

    def streaming(member):
        return next((a for a in member.activities if isinstance(a, discord.Streaming)), None)

    @bot.event
    async def on_presence_update(before, after):
        guild = after.guild
        live = discord.utils.get(guild.roles, name="Live")
        stream, was = streaming(after), streaming(before)
        if stream is not None and was is None:
            await after.add_roles(live, reason="went live")
            general = discord.utils.get(guild.text_channels, name="general")
            await general.send(f"{after.display_name} is live: {stream.name} at {stream.url} "
                               f"(on mobile {after.is_on_mobile()}, {after.mobile_status})")
        elif stream is None and was is not None:
            await after.remove_roles(live, reason="stream over")
            general = discord.utils.get(guild.text_channels, name="general")
            await general.send(f"{after.display_name}'s stream is over.")
        else:
            log = discord.utils.get(guild.text_channels, name="mod-log")
            await log.send(f"{after.name}: {before.status} -> {after.status} "
                           f"({after.raw_status}, desktop {after.desktop_status}) "
                           f"{after.activity!r} / {after.activity}")

    @bot.command()
    async def status(ctx):
        me = ctx.guild.me
        before = f"{me.status} {me.activity!r}"
        await bot.change_presence(status=discord.Status.dnd, activity=discord.Activity(
            type=discord.ActivityType.watching, name="the server"))
        await ctx.send(f"was {before}; now {me.status} {me.activity!r}")

    return bot
