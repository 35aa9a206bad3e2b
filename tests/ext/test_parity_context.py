"""What a Context tells a command, and how commands call each other, as in discord.py."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any, Optional

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def context_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.AutoShardedBot(command_prefix=commands.when_mentioned_or("?"),
                                  intents=intents, help_command=None, owner_ids={1, 2})

    @bot.group(invoke_without_command=False)
    async def garden(ctx, size: Optional[int] = 1):  # noqa: UP045
        await ctx.send(f"garden size={size} sub={ctx.invoked_subcommand} "
                       f"passed={ctx.subcommand_passed!r}")

    @garden.group(name="bed")
    async def bed(ctx):
        await ctx.send(f"bed parents={ctx.invoked_parents} with={ctx.invoked_with}")

    @bed.command(name="plant")
    async def plant(ctx, *, what: str = "nothing"):
        await ctx.send(f"plant {what}: {ctx.command.qualified_name} / parents "
                       f"{[p.name for p in ctx.command.parents]} / root "
                       f"{ctx.command.root_parent.name} / full {ctx.command.full_parent_name!r}")

    @bot.command()
    async def info(ctx, a: int, *, b: str):
        await ctx.reply(f"valid={ctx.valid} prefix={ctx.clean_prefix!r} invoked={ctx.invoked_with}"
                        f" me={ctx.me.name} args={len(ctx.args)} kwargs={sorted(ctx.kwargs)} "
                        f"cog={ctx.cog} guild={ctx.guild.name} channel={ctx.channel.name}")

    @bot.command()
    async def call(ctx):
        await ctx.invoke(info, 5, b="direct")
        await ctx.invoke(bot.get_command("garden bed plant"), what="roses")

    @bot.command()
    async def again(ctx):
        await ctx.send(f"again {ctx.command.name}")

    @bot.command()
    async def redo(ctx):
        ctx.command = bot.get_command("again")
        await ctx.reinvoke()

    @bot.command()
    async def typing(ctx):
        async with ctx.typing():
            await ctx.send("typed")

    @bot.command()
    async def lookup(ctx):
        names = sorted(c.qualified_name for c in bot.walk_commands())
        found = [getattr(bot.get_command(n), "qualified_name", None)
                 for n in ("garden", "garden bed", "garden bed plant", "garden nope", "nope")]
        await ctx.send(f"{names} {found}")

    @bot.command()
    async def drop(ctx, name: str):
        removed = bot.remove_command(name)
        await ctx.send(f"removed {getattr(removed, 'name', None)}")

    @bot.command()
    async def owner(ctx):
        await ctx.send(f"owner={await bot.is_owner(ctx.author)}")

    seen: list[str] = []

    async def note_before(ctx):
        seen.append(f"before {ctx.command.name}")

    @bot.command()
    @commands.before_invoke(note_before)
    @commands.bot_has_role("SandboxBot")
    @commands.bot_has_any_role("Nope", "SandboxBot")
    @commands.bot_has_guild_permissions(kick_members=True)
    async def hooked(ctx):
        seen.append("body")

    @hooked.after_invoke
    async def note_after(ctx):
        seen.append(f"after {ctx.command.name}")
        await ctx.send(" / ".join(seen))

    @bot.command()
    @commands.bot_has_role("Moderator")
    async def botrole(ctx):
        await ctx.send("never")

    class Tidy(commands.Cog):
        def __init__(self, where):
            self.where = where

        async def cog_unload(self):
            await self.where.send("tidy cog unloaded")

        @commands.command()
        async def tidy(self, ctx):
            await ctx.send(f"cog {self.qualified_name}: {[c.name for c in self.get_commands()]} "
                           f"{[c.qualified_name for c in self.walk_commands()]}")

    @bot.command()
    async def addcog(ctx):
        await bot.add_cog(Tidy(ctx.channel))
        await ctx.send(f"cogs: {sorted(bot.cogs)} {bot.get_cog('Tidy') is not None}")

    @bot.command()
    async def dropcog(ctx):
        removed = await bot.remove_cog("Tidy")
        await ctx.send(f"removed {type(removed).__name__}, cogs: {sorted(bot.cogs)}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot


LINES = [
    ("alice", "general", "?garden"),
    ("alice", "general", "?garden 3"),
    ("alice", "general", "?garden bed", 2),
    ("alice", "general", "?garden bed plant tulips", 3),
    ("alice", "general", "?garden nope"),
    ("alice", "general", "?info 1 two three"),
    ("alice", "general", lambda sb: f"<@{sb.bot_user.id}> info 2 mention"),
    ("alice", "general", "?call", 2),
    ("alice", "general", "?redo"),
    ("alice", "general", "?typing"),
    ("alice", "general", "?lookup"),
    ("alice", "general", "?drop again"),
    ("alice", "general", "?again"),
    ("alice", "general", "?owner"),
    ("alice", "general", "?hooked"),
    ("alice", "general", "?botrole"),
    ("alice", "general", "?addcog"),
    ("alice", "general", "?tidy"),
    ("alice", "general", "?dropcog", 2),
    ("alice", "general", "?tidy"),
]


async def test_contexts_and_command_calls_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, context_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert any(line.startswith("#general: [reply]\nvalid=True prefix='?'")
               for line in said["tidecord"])


def prefix_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True

    class Shifty(commands.Bot):
        async def get_prefix(self, message):
            # The string prefix given to the constructor is overridden here.
            here = getattr(message.channel, "name", None)
            return "$" if here == "general" else await super().get_prefix(message)

    bot = Shifty(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def ping(ctx):
        await ctx.send(f"pong via {ctx.prefix!r}")

    @bot.command()
    async def reprefix(ctx, new: str):
        bot.command_prefix = new
        await ctx.send(f"prefix now {bot.command_prefix!r}")

    return bot


PREFIX_LINES = [
    ("alice", "general", "$ping"),
    ("alice", "general", "!ping", 0),
    ("alice", "dm", "!ping"),
    ("alice", "dm", "!reprefix ?"),
    ("alice", "dm", "!ping", 0),
    ("alice", "dm", "?ping"),
]


async def test_get_prefix_overrides_and_prefix_changes_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, prefix_bot, PREFIX_LINES)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: pong via '$'" in said["tidecord"]
