# A discord.py-style bot built from cogs in extensions, loaded and reloaded while it runs;
# only its imports differ from the discord.py version.
import os

import tidecord as discord
from tidecord.ext import commands


class GardenBot(commands.Bot):
    def __init__(self):
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(command_prefix="!", intents=intents, help_command=None)
        self.greeted = []

    async def setup_hook(self):
        await self.load_extension("cogs.greetings")

    async def on_ready(self):
        print(f"ready with {', '.join(sorted(self.cogs))}", flush=True)


bot = GardenBot()


@bot.command()
@commands.is_owner()
async def load(ctx, name: str):
    await bot.load_extension(name)
    await ctx.send(f"Loaded {name}: {', '.join(sorted(bot.cogs))}")


@bot.command()
@commands.is_owner()
async def unload(ctx, name: str):
    await bot.unload_extension(name)
    await ctx.send(f"Unloaded {name}: {', '.join(sorted(bot.cogs)) or 'no cogs'}")


@bot.command()
@commands.is_owner()
async def reload(ctx, name: str):
    await bot.reload_extension(name)
    await ctx.send(f"Reloaded {name}: {', '.join(sorted(bot.cogs))}")


@bot.command(name="commands")
async def list_commands(ctx):
    names = sorted(c.qualified_name for c in bot.walk_commands())
    await ctx.send(" ".join(names))


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


@bot.event
async def on_command_error(ctx, error):
    if isinstance(error, commands.CommandInvokeError) and \
            isinstance(error.original, commands.ExtensionError):
        failure = error.original
        cause = getattr(failure, "original", None)
        extra = f" ({type(cause).__name__}: {cause})" if cause else ""
        await ctx.send(f"{type(failure).__name__} for {failure.name}{extra}")
    elif isinstance(error, commands.CommandNotFound):
        await ctx.send(f"No such command: {ctx.invoked_with}")
    else:
        await ctx.send(f"{type(error).__name__}: {error}")


bot.run(os.environ["BOT_TOKEN"])
