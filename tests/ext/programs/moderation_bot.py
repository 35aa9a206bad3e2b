# A discord.py-style moderation bot; only its imports differ from the discord.py version.
import datetime
import os
import typing

import tidecord as discord
from tidecord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
intents.members = True
bot = commands.Bot(command_prefix=commands.when_mentioned_or("!", "mod "), intents=intents,
                   case_insensitive=True, help_command=None)


@bot.event
async def on_ready():
    print(f"ready as {bot.user.name}", flush=True)


async def log(ctx, text):
    channel = discord.utils.get(ctx.guild.text_channels, name="mod-log")
    await channel.send(f"{ctx.author.display_name}: {text}")


@bot.command()
@commands.guild_only()
@commands.has_permissions(kick_members=True)
@commands.bot_has_permissions(kick_members=True)
async def kick(ctx, member: discord.Member, *, reason: str = "no reason given"):
    """Kick someone out."""
    if member.top_role >= ctx.author.top_role and ctx.author != ctx.guild.owner:
        return await ctx.send("You can't kick someone at or above you.")
    await member.kick(reason=reason)
    await ctx.send(f"Kicked {member.name}: {reason}")
    await log(ctx, f"kicked {member.name} ({reason})")


@bot.command()
@commands.has_any_role("Moderator", "Helper")
@commands.cooldown(2, 60, commands.BucketType.member)
async def warn(ctx, member: discord.Member, *, reason: str):
    await ctx.send(f"{member.mention}, you have been warned: {reason}",
                   allowed_mentions=discord.AllowedMentions.none())
    await log(ctx, f"warned {member.name}")


@warn.error
async def warn_error(ctx, error):
    if isinstance(error, commands.MissingRequiredArgument):
        await ctx.send(f"Usage: !warn <member> <reason> (missing {error.param.name})")


@bot.command(aliases=["timeout"])
@commands.has_permissions(moderate_members=True)
async def mute(ctx, member: discord.Member, minutes: commands.Range[int, 1, 60] = 10):
    await member.timeout(datetime.timedelta(minutes=minutes), reason=f"by {ctx.author}")
    await ctx.send(f"Muted {member.display_name} for {minutes} minute(s).")


@bot.command()
@commands.has_permissions(manage_messages=True)
async def purge(ctx, amount: commands.Range[int, 1, 50],
                user: typing.Optional[discord.Member] = None):  # noqa: UP045
    deleted = await ctx.channel.purge(
        limit=amount + 1, check=lambda m: user is None or m.author == user or m == ctx.message)
    await ctx.send(f"Deleted {len(deleted) - 1} message(s).")


@bot.group(invoke_without_command=True)
@commands.has_permissions(manage_roles=True)
async def role(ctx):
    await ctx.send("Use !role add or !role remove.")


@role.command(name="add")
async def role_add(ctx, member: discord.Member, *, role: discord.Role):
    await member.add_roles(role)
    await ctx.send(f"Gave {role.name} to {member.display_name}.")


@role.command(name="remove")
async def role_remove(ctx, member: discord.Member, *, role: discord.Role):
    await member.remove_roles(role)
    await ctx.send(f"Took {role.name} from {member.display_name}.")


@bot.command()
async def whois(ctx, *, member: discord.Member = commands.Author):
    embed = discord.Embed(title=member.display_name, colour=member.colour)
    embed.add_field(name="Username", value=member.name)
    roles = [r.name for r in member.roles if not r.is_default()]
    embed.add_field(name="Roles", value=", ".join(roles) or "none")
    embed.add_field(name="Bot", value=str(member.bot))
    await ctx.send(embed=embed)


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


@bot.event
async def on_command_error(ctx, error):
    if ctx.command is not None and ctx.command.has_error_handler() and \
            isinstance(error, commands.MissingRequiredArgument):
        return
    if isinstance(error, commands.CommandNotFound):
        return
    if isinstance(error, commands.CommandOnCooldown):
        await ctx.send(f"Slow down, {ctx.author.display_name}: wait {round(error.retry_after)}s.")
    elif isinstance(error, commands.MissingPermissions):
        await ctx.send(f"You need: {', '.join(error.missing_permissions)}.")
    elif isinstance(error, (commands.MissingAnyRole, commands.MissingRole)):
        await ctx.send("You need a staff role for that.")
    elif isinstance(error, commands.BadArgument):
        await ctx.send(f"Bad argument: {error}")
    elif isinstance(error, commands.UserInputError):
        await ctx.send(f"Input error: {error}")
    elif isinstance(error, commands.CheckFailure):
        await ctx.send("You can't use that here.")
    else:
        await ctx.send(f"Something broke: {type(error).__name__}")
        raise error


bot.run(os.environ["BOT_TOKEN"])
