# A discord.py-style bot with its own Context class and its own help command; only its
# imports differ from the discord.py version.
import os

import tidecord as discord
from tidecord.ext import commands


class GardenContext(commands.Context):
    """A context that knows the garden's ledger and can tick a message."""

    @property
    def ledger(self):
        return self.bot.ledger

    async def tick(self, ok: bool):
        await self.message.add_reaction("\N{WHITE HEAVY CHECK MARK}" if ok else "\N{CROSS MARK}")

    async def say(self, text):
        return await self.send(f"[{self.command.qualified_name}] {text}")


class GardenHelp(commands.HelpCommand):
    def __init__(self):
        super().__init__(command_attrs={"aliases": ["commands"], "help": "Show what I can do"},
                         verify_checks=True)

    async def send_bot_help(self, mapping):
        embed = discord.Embed(title="Garden bot", colour=discord.Colour.green())
        for cog, cmds in mapping.items():
            shown = await self.filter_commands(cmds, sort=True)
            if shown:
                name = cog.qualified_name if cog else "General"
                embed.add_field(name=name, value="\n".join(
                    f"`{self.context.clean_prefix}{c.name}` {c.short_doc}" for c in shown),
                    inline=False)
        embed.set_footer(text=f"{self.invoked_with} <command> for more")
        await self.get_destination().send(embed=embed)

    async def send_command_help(self, command):
        embed = discord.Embed(title=self.get_command_signature(command).strip(),
                              description=command.help or "No help.")
        if command.aliases:
            embed.add_field(name="Aliases", value=", ".join(command.aliases))
        await self.get_destination().send(embed=embed)

    async def send_group_help(self, group):
        shown = await self.filter_commands(group.commands, sort=True)
        lines = [f"{self.get_command_signature(c).strip()}: {c.short_doc}" for c in shown]
        await self.get_destination().send(f"**{group.qualified_name}**\n" + "\n".join(lines))

    async def send_cog_help(self, cog):
        shown = await self.filter_commands(cog.get_commands(), sort=True)
        await self.get_destination().send(
            f"{cog.qualified_name}: {cog.description} ({', '.join(c.name for c in shown)})")

    def subcommand_not_found(self, command, string):
        return f"{command.qualified_name} has no {string}"

    async def send_error_message(self, error):
        await self.get_destination().send(f"Help: {error}")


class GardenBot(commands.Bot):
    def __init__(self):
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
        super().__init__(command_prefix=self.prefix_for, intents=intents,
                         help_command=GardenHelp(), strip_after_prefix=True,
                         description="I look after the garden.")
        self.ledger = {"tomato": 3}

    async def prefix_for(self, bot, message):
        return ["g!", "garden "] if message.guild else ["", "g!"]

    async def get_context(self, origin, /, *, cls=GardenContext):
        return await super().get_context(origin, cls=cls)

    async def setup_hook(self):
        await self.add_cog(Plants())

    async def on_ready(self):
        print("ready", flush=True)


class Plants(commands.Cog):
    """Plants in the garden."""

    @commands.group(invoke_without_command=True, aliases=["p"])
    async def plant(self, ctx: GardenContext):
        """Plant things."""
        await ctx.say(", ".join(f"{k}: {v}" for k, v in sorted(ctx.ledger.items())))

    @plant.command(brief="Add plants")
    async def add(self, ctx: GardenContext, kind: str, count: int = 1):
        """Add plants of one kind."""
        ctx.ledger[kind] = ctx.ledger.get(kind, 0) + count
        await ctx.tick(True)
        await ctx.say(f"{kind} now {ctx.ledger[kind]}")

    @plant.command(hidden=True)
    async def reset(self, ctx: GardenContext):
        """Forget every plant."""
        ctx.ledger.clear()
        await ctx.say("reset")


bot = GardenBot()


@bot.command()
async def ping(ctx):
    """Check that I am awake."""
    await ctx.say(f"pong ({type(ctx).__name__}, valid={ctx.valid}, prefix={ctx.clean_prefix!r})")


@bot.command()
@commands.has_role("Moderator")
async def prune(ctx):
    """Moderators only: prune the garden."""
    await ctx.say("pruned")


@bot.command()
async def explain(ctx, *, name: str):
    """Show the help of a command."""
    await ctx.send_help(name)


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


@bot.event
async def on_command_error(ctx, error):
    await ctx.send(f"{type(error).__name__} in {ctx.invoked_with}: {error}")


bot.run(os.environ["BOT_TOKEN"])
