# An extension: a cog that greets people.
import tidecord as discord
from tidecord.ext import commands

GREETING = "Hello"


class Greetings(commands.Cog):
    """Say hello."""

    def __init__(self, bot):
        self.bot = bot
        self.calls = []

    async def cog_load(self):
        self.calls.append("loaded")

    async def cog_check(self, ctx):
        return ctx.author.name != "carol"

    async def cog_command_error(self, ctx, error):
        if isinstance(error, commands.CheckFailure):
            await ctx.send(f"{ctx.author.name} may not use {ctx.command.name}")

    async def cog_before_invoke(self, ctx):
        self.calls.append(f"before {ctx.command.name}")

    @commands.command()
    async def hello(self, ctx, *, member: discord.Member = None):
        member = member or ctx.author
        await ctx.send(f"{GREETING}, {member.display_name}! ({', '.join(self.calls)})")

    @commands.Cog.listener()
    async def on_member_join(self, member):
        channel = discord.utils.get(member.guild.text_channels, name="general")
        await channel.send(f"{GREETING} and welcome, {member.name}!")


async def setup(bot):
    await bot.add_cog(Greetings(bot))
