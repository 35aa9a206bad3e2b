"""Help and command metadata on generated command trees read exactly as in discord.py.

``help_trees.tree(seed)`` writes a random bot (cogs, nested groups, aliases, hidden and
disabled commands, docstrings of every shape, signatures of every parameter kind, checks
that fail for some people); each seed's bot is built on both libraries and compared:
in-process (names, signatures, short docs, parameters, cog and registration orders) and
over the sandbox (every help message asked of default, minimal and subclassed help
commands with random options: its text, embeds, and where it went).
"""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
import random
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.models.base import encode
from tidecord.sandbox import RateLimits, Sandbox

from .help_trees import Tree, queries, tree
from .parity import parity_world, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

DONE = "\u00b7"  # the bot's "that command is over" mark, after each command's replies


def built(seed: int, library: Any) -> tuple[Tree, Any]:
    made = tree(seed)
    namespace: dict[str, Any] = {}
    exec(compile(made.source, f"<help tree {seed}>", "exec", dont_inherit=True), namespace)
    return made, namespace["setup"](*library)


def described(bot: Any) -> dict[str, Any]:
    """Everything about the bot's commands a help command reads, as plain data."""
    out: dict[str, Any] = {"all_commands": list(bot.all_commands), "cogs": list(bot.cogs)}
    for cmd in sorted(bot.walk_commands(), key=lambda c: c.qualified_name):
        out[cmd.qualified_name] = {
            "signature": cmd.signature, "short_doc": cmd.short_doc, "help": cmd.help,
            "brief": cmd.brief, "description": cmd.description, "usage": cmd.usage,
            "aliases": list(cmd.aliases), "hidden": cmd.hidden, "enabled": cmd.enabled,
            "full_parent_name": cmd.full_parent_name, "str": str(cmd),
            "parents": [p.name for p in cmd.parents], "cog_name": cmd.cog_name,
            "root_parent": getattr(cmd.root_parent, "name", None),
            "subcommands": list(getattr(cmd, "all_commands", {})),
            "params": [(p.name, p.displayed_name, p.displayed_default, p.description,
                        p.required, p.kind.name) for p in cmd.clean_params.values()],
            "slash": in_tree(bot, getattr(cmd, "app_command", None)),
        }
    looked_up = {}
    for cmd in bot.walk_commands():
        for path in paths(cmd):
            looked_up[path] = getattr(bot.get_command(path), "qualified_name", None)
    out["get_command"] = dict(sorted(looked_up.items()))
    for name, cog in bot.cogs.items():
        out[f"cog {name}"] = {
            "qualified_name": cog.qualified_name, "description": cog.description,
            "get_commands": [c.qualified_name for c in cog.get_commands()],
            # Below the top level, a group walks a set: only the top order is fixed.
            "walk_top": [c.name for c in cog.walk_commands() if c.parent is None],
            "walk": sorted(c.qualified_name for c in cog.walk_commands()),
        }
    return out


def in_tree(bot: Any, slash: Any) -> tuple[str, bool] | None:
    """A hybrid command's slash side: its name, and whether it is the tree's."""
    if slash is None:
        return None
    names = slash.qualified_name.split()
    found = bot.tree.get_command(names[0])
    for name in names[1:]:
        found = found.get_command(name) if found is not None else None
    return slash.qualified_name, found is slash


def paths(cmd: Any) -> list[str]:
    """Ways to name ``cmd`` (or nearly: get_command has its own idea of some)."""
    names = [*(p.name for p in reversed(cmd.parents)), cmd.name]
    found = [" ".join(names), " ".join(names).upper(), "  ".join(names) + " ",
             " ".join(names) + " extra", " ".join(names) + " extra more"]
    for alias in cmd.aliases:
        found.append(" ".join([*names[:-1], alias]))
    return found


async def metadata(seed: int) -> dict[str, dict[str, Any]]:
    found = {}
    for name, library in (("tidecord", (tidecord, td_commands)),
                          ("discord.py", (dpy, dpy_commands))):
        _, bot = built(seed, library)
        await bot.setup_hook()  # adds the cogs; nothing connects
        found[name] = described(bot)
    return found


@pytest.mark.parametrize("seeds", [range(0, 40), range(40, 80)], ids=["0-39", "40-79"])
async def test_generated_commands_read_as_in_discord_py(seeds: range) -> None:
    for seed in seeds:
        found = await metadata(seed)
        ours, theirs = found["tidecord"], found["discord.py"]
        for key in sorted(set(ours) | set(theirs)):
            assert ours.get(key) == theirs.get(key), f"seed {seed}: {key}"


def message_text(sb: Sandbox, message: Any) -> str:
    channel = sb.state.channel(int(message.channel_id))
    where = f"#{channel.name}" if channel.name else "DM"
    embeds = "".join(f"\n[embed] {encode(e).decode()}" for e in message.embeds or ())
    return f"{where}: {message.content}{embeds}"


async def ask(sb: Sandbox, asked: list[tuple[str, str, str]]) -> list[str]:
    """Each request, and everything the bot said until it marked the command over."""
    bot_id = sb.bot_user.id

    def bot_messages() -> list[Any]:
        found = [m for messages in sb.state.messages.values() for m in messages.values()
                 if m.author.id == bot_id]
        return sorted(found, key=lambda m: m.id)

    said: list[str] = []
    for person, where, text in asked:
        text = text.replace("{bot}", f"<@{bot_id}>").replace("{botid}", str(bot_id))
        before = len(bot_messages())
        if where == "dm":
            sent = await sb.send_dm(person, text)
        else:
            sent = await sb.send_message(person, where, text)
        origin = int(sent.channel_id)

        def over(origin: int = origin, before: int = before) -> bool:
            return any(int(m.channel_id) == origin and m.content.endswith(DONE)
                       for m in bot_messages()[before:])

        try:
            async with asyncio.timeout(10):
                while not over():  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
        except TimeoutError:
            raise AssertionError(f"{text!r} was never marked over") from None
        said.append(f"{person} in {where}: {text}")
        said.extend(message_text(sb, m) for m in bot_messages()[before:])
    return said


async def conversation(sandbox_factory: Any, setup: Any, asked: list[tuple[str, str, str]],
                       world: Any = parity_world) -> dict[str, list[str]]:
    """What each library's bot, made by ``setup(discord, commands)``, answered, in a
    fresh sandbox of ``world()`` each."""
    results = {}
    for name in ("tidecord", "discord.py"):
        # Help sends in bursts: no limit to wait out (the libraries' waits are tested
        # elsewhere).
        unlimited = RateLimits(global_limit=10_000, default=(10_000, 1.0), routes={})
        sb = await sandbox_factory(world=world(), rate_limits=unlimited)
        async with running(name, sb, setup):
            results[name] = await ask(sb, asked)
    return results


async def generated(sandbox_factory: Any, seed: int,
                    per_style: int = 8) -> dict[str, list[str]]:
    asked = queries(tree(seed), random.Random(seed), per_style=per_style)
    return await conversation(sandbox_factory, lambda *library: built(seed, library)[1], asked,
                              slashed_world)


@pytest.mark.parametrize("seed", [1, 2])
async def test_generated_help_reads_as_in_discord_py(sandbox_factory: Any, seed: int) -> None:
    said = await generated(sandbox_factory, seed, per_style=4)
    assert said["tidecord"] == said["discord.py"]


def paged_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    styles = {
        "minimal": lambda: commands.MinimalHelpCommand(
            paginator=commands.Paginator(prefix=None, suffix=None, max_size=300)),
        "default": lambda: commands.DefaultHelpCommand(
            paginator=commands.Paginator(prefix="~~~", suffix="~~~", max_size=400)),
    }

    @bot.command(help="\n".join(f"Line {n} of a help text long enough for pages."
                                for n in range(20)))
    async def long(ctx):
        pass

    @bot.command()
    async def style(ctx, name: str):
        bot.help_command = styles[name]()

    @bot.listen()
    async def on_command_completion(ctx):
        await ctx.send(DONE)

    return bot


async def test_a_paginator_handed_to_help_is_the_one_it_uses(sandbox_factory: Any) -> None:
    """(A new paginator is empty, so falsy: tidecord took it for none given and paged
    at 2000 characters in code blocks.)"""
    asked = [("alice", "general", "!style minimal"), ("alice", "general", "!help long"),
             ("alice", "general", "!style default"), ("alice", "general", "!help long")]
    said = await conversation(sandbox_factory, paged_bot, asked)
    assert said["tidecord"] == said["discord.py"]
    pages = [line for line in said["tidecord"] if line.startswith("#general: ~~~")]
    assert len(pages) > 2 and all(len(page) < 420 for page in pages)


def nested_hybrid_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)

    class Writing(commands.Cog):
        @commands.hybrid_group(fallback="show")
        async def quill(self, ctx):
            """Quill tools."""
            await ctx.send("quill")

        @quill.group(fallback="look")
        async def ink(self, ctx):
            """Ink tools."""
            await ctx.send(f"ink, a slash group named {ctx.command.app_command.name}")

        @ink.command()
        async def blot(self, ctx, size: int = 1):
            """Make a blot."""
            await ctx.send(f"blot {size}")

        @quill.group()
        async def nib(self, ctx):
            """Nib tools (no fallback)."""

        @nib.command()
        async def sharpen(self, ctx):
            """Sharpen the nib."""

        @commands.command()
        async def linked(self, ctx):
            """Whether each hybrid command's slash side is the one in the tree."""
            found = []
            for name in ("quill", "quill ink", "quill ink blot", "quill nib", "quill nib sharpen"):
                slash = bot.tree.get_command(name.split()[0])
                for part in name.split()[1:]:
                    slash = slash.get_command(part)
                found.append(f"{name}: {bot.get_command(name).app_command is slash}")
            await ctx.send(", ".join(found))

    async def setup_hook():
        await bot.add_cog(Writing())

    bot.setup_hook = setup_hook

    @bot.listen()
    async def on_command_completion(ctx):
        await ctx.send(DONE)

    return bot


async def test_a_cogs_hybrid_subgroup_with_a_fallback_loads(sandbox_factory: Any) -> None:
    """(Binding the cog pointed the subgroup's slash side at its own fallback command,
    so add_cog raised AttributeError; a subgroup without a fallback kept the class's
    slash group, not the one in the tree.)"""
    asked = [("alice", "general", text) for text in
             ("!help quill", "!help quill ink", "!quill ink", "!quill ink blot 3", "!linked")]
    said = await conversation(sandbox_factory, nested_hybrid_bot, asked)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: ink, a slash group named ink" in said["tidecord"]
    assert "#general: quill: True, quill ink: True, quill ink blot: True, quill nib: True, " \
           "quill nib sharpen: True" in said["tidecord"]


def lookup_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents,
                       help_command=commands.MinimalHelpCommand())

    @bot.command()
    async def ping(ctx, times: int = 1):
        """Answers pong."""

    @bot.group()
    async def idea(ctx):
        """Ideas."""

    @idea.command()
    async def add(ctx):
        """Add one."""

    @bot.command()
    async def idle(ctx):
        context = bot.help_command.context  # not running: discord.py's MISSING
        await ctx.send(f"{context!r} {bool(context)} {context is discord.utils.MISSING}")
        await ctx.send(DONE)

    @bot.command()
    async def find(ctx, *, name: str):
        found = bot.get_command(name)
        await ctx.send(f"{name!r} names {getattr(found, 'qualified_name', None)!r}")
        await ctx.send_help(name)
        await ctx.send(DONE)

    return bot


async def test_get_command_takes_words_after_a_plain_command_as_its_arguments(
        sandbox_factory: Any) -> None:
    """(tidecord found nothing for "ping 3", so ctx.send_help("ping 3") was silent.)"""
    asked = [("alice", "general", f"!find {name}") for name in
             ("ping 3", "ping 3 4", "idea add", "idea add more", "idea nosuch", "nosuch 3")]
    said = await conversation(sandbox_factory, lookup_bot, asked)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: 'ping 3' names 'ping'" in said["tidecord"]


async def test_a_help_command_not_in_use_has_missing_for_context(sandbox_factory: Any) -> None:
    """(tidecord's was a truthy object of its own.)"""
    said = await conversation(sandbox_factory, lookup_bot, [("alice", "general", "!idle")])
    assert said["tidecord"] == said["discord.py"]
    assert "#general: ... False True" in said["tidecord"]


def mistyped_defaults_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)
    refused = []

    class Sizes(commands.FlagConverter):
        size: int = "big"

    def attempt(name: str, make: Any) -> None:
        try:
            make()
            refused.append(f"{name}: made")
        except TypeError as exc:
            refused.append(f"{name}: {exc}")

    async def count(ctx, n: int = "many"):
        pass

    async def fraction(ctx, n: float = 1):
        pass

    async def who(ctx, member: discord.Member | None = "me"):
        pass

    async def sized(ctx, *, flags: Sizes):
        pass

    async def later(ctx, n: int = commands.parameter(default=lambda ctx: 3)):
        pass

    async def ranged(ctx, n: commands.Range[int, 1, 3] = "x"):
        pass

    for function in (count, fraction, who, sized, later, ranged):
        attempt(function.__name__, lambda f=function: commands.hybrid_command()(f))

    @bot.command()
    async def made(ctx):
        await ctx.send("\n".join(refused))
        await ctx.send(DONE)

    return bot


async def test_a_hybrid_default_of_the_wrong_type_is_refused(sandbox_factory: Any) -> None:
    """(tidecord made the command; a slash option's default must be of its type.)"""
    said = await conversation(sandbox_factory, mistyped_defaults_bot,
                              [("alice", "general", "!made")])
    assert said["tidecord"] == said["discord.py"]
    assert "count: invalid default parameter type given" in said["tidecord"][1]


def slashed_world() -> Any:
    world = parity_world()
    world.bot.username = "Back\\slash\\1"
    return world


def mentioned_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix=commands.when_mentioned_or("!"), intents=intents,
                       help_command=commands.MinimalHelpCommand())

    @bot.command()
    async def prefix(ctx):
        """Shows the prefix."""
        await ctx.send(f"{ctx.prefix!r} reads {ctx.clean_prefix!r}")

    @bot.listen()
    async def on_command_completion(ctx):
        await ctx.send(DONE)

    return bot


async def test_clean_prefix_writes_the_bots_name_as_it_is(sandbox_factory: Any) -> None:
    """(A backslash in the name came out doubled: escaped for re.sub, then given to it
    through a function, which takes its text as it is.)"""
    asked = [("alice", "general", "{bot} help prefix"), ("alice", "general", "<@!{botid}> prefix"),
             ("alice", "dm", "{bot} prefix")]
    said = await conversation(sandbox_factory, mentioned_bot, asked, slashed_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][1].startswith("#general: @Back\\slash\\1 prefix \n")
