"""Checks, cooldowns, concurrency limits, hooks and error handlers behave as in discord.py:
the same bot on tidecord and on discord.py 2.7.1 says the same things, in the same order."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def checks_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="?", intents=intents, help_command=None)
    log: list[str] = []
    # Events run as tasks of their own: when they run beside a command's hooks is up to
    # the event loop, so they are kept apart from the hooks' strict order.
    events: list[str] = []
    gate = asyncio.Event()
    queued = {"runs": 0}

    @bot.check
    async def no_carol(ctx):
        return ctx.author.name != "carol"

    @bot.check_once
    def once(ctx):
        log.append("check-once")
        return True

    @bot.before_invoke
    async def bot_before(ctx):
        log.append("bot-before")

    @bot.after_invoke
    async def bot_after(ctx):
        log.append("bot-after")

    class Staff(commands.Cog):
        """Staff-only things."""

        async def cog_check(self, ctx):
            return ctx.guild is None or ctx.author.name != "bob" or ctx.command.name == "wave"

        async def cog_before_invoke(self, ctx):
            log.append("cog-before")

        async def cog_after_invoke(self, ctx):
            log.append("cog-after")

        async def cog_command_error(self, ctx, error):
            log.append(f"cog-error {type(error).__name__}")

        @commands.command()
        async def wave(self, ctx):
            log.append("wave")
            await ctx.send("wave " + " ".join(log))

        @commands.command()
        async def staff(self, ctx):
            await ctx.send("staff only")

        @commands.command()
        async def explode(self, ctx):
            raise KeyError("boom")

        @explode.error
        async def explode_error(self, ctx, error):
            log.append(f"command-error {type(error.original).__name__}")

    async def setup_hook():
        await bot.add_cog(Staff())

    bot.setup_hook = setup_hook

    @bot.command()
    @commands.has_role("Moderator")
    async def modrole(ctx):
        await ctx.send("you are a moderator")

    @bot.command()
    @commands.has_any_role("Moderator", "Helper")
    async def anyrole(ctx):
        await ctx.send("you help or moderate")

    @bot.command()
    @commands.has_permissions(manage_messages=True, kick_members=True)
    async def perms(ctx):
        await ctx.send("you may manage messages")

    @bot.command()
    @commands.bot_has_permissions(ban_members=True)
    async def botperms(ctx):
        await ctx.send("the bot may ban")

    @bot.command()
    @commands.has_guild_permissions(kick_members=True)
    async def guildperms(ctx):
        await ctx.send("you may kick")

    @bot.command()
    @commands.guild_only()
    async def guildonly(ctx):
        await ctx.send("in a guild")

    @bot.command()
    @commands.dm_only()
    async def dmonly(ctx):
        await ctx.send("in a DM")

    @bot.command()
    @commands.is_owner()
    async def owner(ctx):
        await ctx.send("hello owner")

    @bot.command()
    @commands.is_nsfw()
    async def spicy(ctx):
        await ctx.send("spicy")

    @bot.command()
    @commands.check_any(commands.is_owner(), commands.has_role("Helper"))
    async def either(ctx):
        await ctx.send("owner or helper")

    @bot.command()
    @commands.check(lambda ctx: ctx.channel.name == "ideas")
    async def ideasonly(ctx):
        await ctx.send("in ideas")

    @bot.command(enabled=False)
    async def disabled(ctx):
        await ctx.send("never")

    @bot.command()
    @commands.cooldown(2, 60, commands.BucketType.user)
    async def limited(ctx):
        await ctx.send("limited ok")

    @bot.command()
    @commands.cooldown(1, 60, commands.BucketType.channel)
    async def perchannel(ctx):
        await ctx.send("channel ok")

    @bot.command()
    @commands.cooldown(1, 60, commands.BucketType.guild)
    async def perguild(ctx):
        await ctx.send("guild ok")

    def rule(ctx):
        return None if ctx.author.name == "alice" else commands.Cooldown(1, 60)

    @bot.command()
    @commands.dynamic_cooldown(rule, commands.BucketType.member)
    async def dynamic(ctx):
        await ctx.send("dynamic ok")

    @bot.command()
    @commands.max_concurrency(1, commands.BucketType.guild)
    async def slow(ctx):
        await ctx.send("slow started")
        await gate.wait()
        gate.clear()
        await ctx.send("slow done")

    @bot.command()
    @commands.max_concurrency(1, wait=True)
    async def queue(ctx):
        queued["runs"] += 1
        run = queued["runs"]
        await ctx.send(f"queue start {run}")
        if run == 1:
            await gate.wait()
            gate.clear()
        await ctx.send(f"queue end {run}")

    @bot.command()
    async def release(ctx):
        gate.set()

    @bot.command()
    async def hooks(ctx):
        await ctx.send(" ".join(log) + " / events: " + " ".join(events))
        log.clear()
        events.clear()

    @bot.event
    async def on_command(ctx):
        events.append(f"on_command {ctx.command.qualified_name}")

    @bot.event
    async def on_command_completion(ctx):
        events.append(f"completed {ctx.command.qualified_name}")

    @bot.event
    async def on_command_error(ctx, error):
        if isinstance(error, commands.CommandOnCooldown):
            text = f"cooldown {error.type.name} {round(error.retry_after)} {error.cooldown.rate}"
        elif isinstance(error, commands.CheckAnyFailure):
            text = f"{error} / {[type(e).__name__ for e in error.errors]}"
        elif isinstance(error, (commands.MissingPermissions, commands.BotMissingPermissions)):
            text = f"{error} {error.missing_permissions}"
        else:
            text = str(error)
        log.append(f"bot-error {type(error).__name__}")
        await ctx.send(f"{type(error).__name__}: {text} | {' '.join(log)}")
        log.clear()

    return bot


LINES = [
    ("alice", "general", "?modrole"),
    ("bob", "general", "?modrole"),
    ("bob", "general", "?anyrole"),
    ("carol", "general", "?anyrole"),
    ("alice", "general", "?perms"),
    ("bob", "general", "?perms"),
    ("alice", "general", "?botperms"),
    ("alice", "general", "?guildperms"),
    ("bob", "general", "?guildperms"),
    ("alice", "general", "?guildonly"),
    ("alice", "general", "?dmonly"),
    ("alice", "general", "?owner"),
    ("bob", "general", "?owner"),
    ("alice", "general", "?spicy"),
    ("alice", "after-dark", "?spicy"),
    ("bob", "general", "?either"),
    ("carol", "general", "?either"),
    ("alice", "general", "?either"),
    ("alice", "ideas", "?ideasonly"),
    ("alice", "general", "?ideasonly"),
    ("alice", "general", "?disabled"),
    ("alice", "general", "?hooks"),
    ("alice", "general", "?wave"),
    ("alice", "general", "?hooks"),
    ("bob", "general", "?staff"),
    ("bob", "general", "?wave"),
    ("alice", "general", "?explode"),
    ("alice", "general", "?limited"),
    ("alice", "general", "?limited"),
    ("alice", "general", "?limited"),
    ("bob", "general", "?limited"),
    ("alice", "general", "?perchannel"),
    ("bob", "general", "?perchannel"),
    ("bob", "ideas", "?perchannel"),
    ("alice", "general", "?perguild"),
    ("bob", "ideas", "?perguild"),
    ("alice", "general", "?dynamic"),
    ("alice", "general", "?dynamic"),
    ("bob", "general", "?dynamic"),
    ("bob", "general", "?dynamic"),
    ("alice", "general", "?slow"),
    ("bob", "general", "?slow"),
    ("alice", "general", "?release"),
    ("alice", "general", "?queue"),
    ("bob", "general", "?queue", 0),
    ("alice", "general", "?release", 3),
    ("alice", "general", "?hooks"),
]


async def test_checks_cooldowns_hooks_and_errors_as_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, checks_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    answers = said["tidecord"]
    assert any(a.startswith("#general: MissingRole: Role 'Moderator' is required") for a in answers)
    assert any("cooldown user 60 2" in a for a in answers)
    assert any(a.startswith("#general: MaxConcurrencyReached: Too many people") for a in answers)
    assert "#general: queue end 2" in answers


DM_LINES = [
    ("alice", "dm", "?guildonly"),
    ("alice", "dm", "?dmonly"),
    ("alice", "dm", "?modrole"),
    ("alice", "dm", "?perms"),
    ("alice", "dm", "?spicy"),
]


async def test_checks_in_direct_messages_as_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, checks_bot, DM_LINES)
    assert said["tidecord"] == said["discord.py"]
    assert any("NoPrivateMessage: This command cannot be used in private messages." in a
               for a in said["tidecord"])
