# An extension: a cog with a slash command and a hybrid command, a GroupCog, and a slash
# command of the module itself, all gone from the bot's tree when it is unloaded.
import tidecord as discord
from tidecord.ext import commands

app_commands = discord.app_commands


class Orchard(commands.Cog):
    """The orchard."""

    def __init__(self):
        self.baskets = {}

    @app_commands.command(description="See the trees")
    async def trees(self, interaction: discord.Interaction):
        await interaction.response.send_message("apple, pear, plum")

    @commands.hybrid_command(description="Pick fruit")
    @commands.cooldown(1, 60, commands.BucketType.user)
    async def pick(self, ctx, fruit: str, amount: int = 1):
        basket = self.baskets.setdefault(ctx.author.name, [])
        basket.extend([fruit] * amount)
        where = "slash" if ctx.interaction else "prefix"
        await ctx.send(f"{ctx.author.name} has {len(basket)} fruit ({where})")


class Cellar(commands.GroupCog, group_name="cellar", group_description="The cellar"):
    def __init__(self):
        self.jars = []

    @app_commands.command(description="Store a jar")
    async def store(self, interaction: discord.Interaction, jar: str):
        self.jars.append(jar)
        await interaction.response.send_message(f"{len(self.jars)} jar(s) in the cellar")

    @app_commands.command(description="Count the jars")
    async def count(self, interaction: discord.Interaction):
        await interaction.response.send_message(f"{len(self.jars)} jar(s): {', '.join(self.jars)}")


@app_commands.command(description="Is it harvest time?")
async def harvest(interaction: discord.Interaction):
    await interaction.response.send_message("Not yet.")


async def setup(bot):
    await bot.add_cog(Orchard())
    await bot.add_cog(Cellar())
    bot.tree.add_command(harvest)
