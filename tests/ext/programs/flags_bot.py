# A discord.py-style bot with flag-based commands; only its imports differ from the
# discord.py version.
import os
import typing

import tidecord as discord
from tidecord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
intents.members = True
bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)


class EventFlags(commands.FlagConverter, delimiter="=", prefix="-", case_insensitive=True):
    title: str
    when: str = commands.flag(aliases=["at"], default="tomorrow")
    guests: typing.List[discord.Member] = commands.flag(name="guest", default=lambda ctx: [])  # noqa: UP006
    size: commands.Range[int, 1, 20] = 4
    public: bool = False


class PollFlags(commands.FlagConverter):
    question: str = commands.flag(positional=True)
    options: typing.Tuple[str, ...] = commands.flag(name="choices")  # noqa: UP006
    minutes: int = 5


@bot.event
async def on_ready():
    print("ready", flush=True)


@bot.command()
async def event(ctx, *, flags: EventFlags):
    guests = ", ".join(g.display_name for g in flags.guests) or "nobody"
    await ctx.send(f"Event {flags.title!r} {flags.when}, {flags.size} seats, "
                   f"{'public' if flags.public else 'private'}, with {guests}")


@bot.command()
async def poll(ctx, channel: typing.Optional[discord.TextChannel] = None, *,  # noqa: UP045
               flags: PollFlags):
    target = channel or ctx.channel
    await target.send(f"Poll: {flags.question} ({' / '.join(flags.options)}) for "
                      f"{flags.minutes} min")
    if target != ctx.channel:
        await ctx.send(f"Poll posted in {target.mention}")


@bot.command()
async def show(ctx):
    names = {name: (f.aliases, f.required, f.max_args) for name, f in
             EventFlags.get_flags().items()}
    await ctx.send(repr(sorted(names.items())))


@bot.command()
@commands.is_owner()
async def shutdown(ctx):
    await ctx.send("Bye.")
    await bot.close()


@bot.event
async def on_command_error(ctx, error):
    original = getattr(error, "original", None)
    detail = f" ({type(original).__name__})" if isinstance(error, commands.BadFlagArgument) else ""
    await ctx.send(f"{type(error).__name__}: {error}{detail}")


bot.run(os.environ["BOT_TOKEN"])
