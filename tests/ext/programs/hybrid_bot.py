# A discord.py-style bot with slash commands on bot.tree, hybrid commands and a hybrid
# group, and an extension of cogs with slash and hybrid commands, loaded and unloaded
# while it runs; only its imports differ from the discord.py version.
import os
from typing import Optional

import tidecord as discord
from tidecord.ext import commands

app_commands = discord.app_commands


class OrchardBot(commands.Bot):
    def __init__(self):
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(command_prefix="!", intents=intents, help_command=None)
        self.reminders = []

    async def setup_hook(self):
        await self.load_extension("cogs.orchard")
        await self.tree.sync()

    async def on_ready(self):
        print("ready", flush=True)


bot = OrchardBot()


def how(ctx):
    return "slash" if ctx.interaction else "prefix"


@bot.tree.command(description="Say hello")
@app_commands.describe(member="Who to greet (you, if nobody)")
async def hello(interaction: discord.Interaction,
                member: Optional[discord.Member] = None):  # noqa: UP045
    who = member or interaction.user
    await interaction.response.send_message(f"Hello, {who.display_name}!")


@bot.hybrid_command(description="Roll dice")
@app_commands.describe(sides="Sides per die", count="How many dice")
async def roll(ctx, sides: commands.Range[int, 2, 100], count: int = 1):
    await ctx.send(f"{count}d{sides} rolls at most {sides * count} ({how(ctx)})")


@bot.hybrid_group(fallback="list", description="Reminders")
async def remind(ctx):
    listed = ", ".join(bot.reminders) or "none"
    await ctx.send(f"{len(bot.reminders)} reminder(s): {listed} ({how(ctx)})")


@remind.command(name="add", description="Add a reminder")
async def remind_add(ctx, *, text: str):
    bot.reminders.append(text)
    await ctx.send(f"Reminder {len(bot.reminders)} saved ({how(ctx)})")


@remind.command(name="drop", description="Drop a reminder")
@commands.has_permissions(manage_messages=True)
async def remind_drop(ctx, number: int):
    dropped = bot.reminders.pop(number - 1)
    await ctx.send(f"Dropped {dropped!r} ({how(ctx)})")


@bot.command()
@commands.is_owner()
async def load(ctx, name: str):
    await bot.load_extension(name)
    synced = await bot.tree.sync()
    await ctx.send(f"Loaded {name}; slash: {' '.join(sorted(c.name for c in synced))}")


@bot.command()
@commands.is_owner()
async def unload(ctx, name: str):
    await bot.unload_extension(name)
    synced = await bot.tree.sync()
    await ctx.send(f"Unloaded {name}; slash: {' '.join(sorted(c.name for c in synced))}")


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


@bot.event
async def on_command_error(ctx, error):
    if isinstance(error, commands.CommandNotFound):
        await ctx.send(f"No such command: {ctx.invoked_with}")
    elif isinstance(error, commands.CommandOnCooldown):
        await ctx.send(f"Slow down, {ctx.author.name} ({how(ctx)})")
    else:
        await ctx.send(f"{type(error).__name__}: {error} ({how(ctx)})")


bot.run(os.environ["BOT_TOKEN"])
