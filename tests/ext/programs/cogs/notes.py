# An extension: a cog with a command group and a bot-wide check.
from tidecord.ext import commands


class Notes(commands.Cog):
    """Keep notes."""

    def __init__(self):
        self.notes = []

    def bot_check(self, ctx):
        return ctx.channel.name != "quiet"

    @commands.group(invoke_without_command=True)
    async def note(self, ctx):
        await ctx.send(f"{len(self.notes)} note(s)")

    @note.command()
    async def add(self, ctx, *, text: str):
        self.notes.append(text)
        await ctx.send(f"Noted #{len(self.notes)}: {text}")

    @note.command(name="list")
    async def list_(self, ctx):
        await ctx.send("; ".join(self.notes) or "no notes")


async def setup(bot):
    await bot.add_cog(Notes())


async def teardown(bot):
    print("notes torn down", flush=True)
