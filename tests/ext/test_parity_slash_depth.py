"""Slash command checks and errors in depth, the same bot on tidecord and on discord.py
2.7.1: which exception class each check raises (``has_permissions``, ``has_role``,
``has_any_role``, ``bot_has_permissions``, ``cooldown`` with a key, ``dynamic_cooldown``,
``app_commands.check``), with what text and attributes, what a raising command or
transformer becomes (``CommandInvokeError`` and its ``original``, ``TransformerError``),
a command's own ``@cmd.error`` followed by the tree's handler; and, with no handler at
all, that the interaction goes unanswered and the tree logs the line discord.py logs,
under the same logger name; and what the tree's handler gets when the bot's tree has
changed since its last sync (a command, a subcommand or a context menu gone, a command's
parameters changed): ``CommandNotFound`` naming what is missing, with its parents and
type, or ``CommandSignatureMismatch``."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import logging
import sys
from typing import Any

import pytest

from .hybrid_parity import Act, Registered, Slash, transcripts
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def errors_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    def describe(error: Any) -> str:
        parts = [type(error).__name__, str(error)]
        for attr in ("missing_permissions", "missing_role", "missing_roles", "value",
                     "type", "original"):
            if hasattr(error, attr):
                got = getattr(error, attr)
                if attr == "original":
                    got = f"{type(got).__name__}({got})"
                parts.append(f"{attr}={got!r}")
        if hasattr(error, "retry_after"):  # the text's seconds move with the clock
            parts[1] = parts[1].rsplit(" ", 1)[0]
            parts.append(f"retry_after~{round(error.retry_after)}")
            parts.append(f"cooldown={error.cooldown.rate}/{error.cooldown.per}")
        if hasattr(error, "transformer"):
            parts.append(f"transformer={type(error.transformer).__name__}")
        if hasattr(error, "command"):
            parts.append(f"command={getattr(error.command, 'qualified_name', None)}")
        parts.append(f"mro={[c.__name__ for c in type(error).__mro__[1:4]]}")
        return " | ".join(parts)

    @bot.tree.error
    async def on_tree_error(interaction, error):
        text = "tree: " + describe(error)
        if interaction.response.is_done():
            await interaction.followup.send(text)
        else:
            await interaction.response.send_message(text)

    @bot.tree.command(description="perm")
    @app_commands.checks.has_permissions(manage_guild=True, ban_members=True)
    async def perm(interaction):
        await interaction.response.send_message("ok perm")

    @bot.tree.command(description="role")
    @app_commands.checks.has_role("Moderator")
    async def role(interaction):
        await interaction.response.send_message("ok role")

    @bot.tree.command(description="any role")
    @app_commands.checks.has_any_role("Moderator", 12345)
    async def anyrole(interaction):
        await interaction.response.send_message("ok anyrole")

    @bot.tree.command(description="bot perm")
    @app_commands.checks.bot_has_permissions(ban_members=True)
    async def botperm(interaction):
        await interaction.response.send_message("ok botperm")

    @bot.tree.command(description="cool")
    @app_commands.checks.cooldown(1, 30.0, key=lambda i: i.user.id)
    async def cool(interaction):
        await interaction.response.send_message("ok cool")

    def per_person(interaction):
        if interaction.user.name == "alice":
            return None
        return app_commands.Cooldown(1, 100.0)

    @bot.tree.command(description="dyn")
    @app_commands.checks.dynamic_cooldown(per_person)
    async def dyn(interaction):
        await interaction.response.send_message("ok dyn")

    def is_bob():
        def predicate(interaction):
            return interaction.user.name == "bob"
        return app_commands.check(predicate)

    @bot.tree.command(description="custom")
    @is_bob()
    async def custom(interaction):
        await interaction.response.send_message("ok custom")

    async def raises(interaction):
        raise app_commands.CheckFailure("no carols here")

    @bot.tree.command(description="custom raising")
    @app_commands.check(raises)
    async def custom2(interaction):
        await interaction.response.send_message("ok custom2")

    @bot.tree.command(description="guild only")
    @app_commands.guild_only()
    async def gonly(interaction):
        await interaction.response.send_message("ok gonly")

    @bot.tree.command(description="boom")
    async def boom(interaction):
        raise ValueError("kaboom")

    @bot.tree.command(description="boom after answer")
    async def boom2(interaction):
        await interaction.response.send_message("first")
        raise KeyError("late")

    class Hex(app_commands.Transformer):
        async def transform(self, interaction, value):
            return int(value, 16)

    class Strict(app_commands.Transformer):
        async def transform(self, interaction, value):
            raise app_commands.AppCommandError(f"refused {value}")

    @bot.tree.command(description="wrong number")
    async def number(interaction, n: app_commands.Transform[int, Hex],
                     s: app_commands.Transform[str, Strict] = "x"):
        await interaction.response.send_message(f"n={n}")

    @bot.tree.command(description="mine")
    async def mine(interaction):
        raise app_commands.AppCommandError("my own")

    @bot.tree.command(description="own handler")
    @app_commands.checks.has_permissions(administrator=True)
    async def local(interaction):
        await interaction.response.send_message("ok local")

    @local.error
    async def local_error(interaction, error):
        await interaction.response.send_message("local: " + describe(error))

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


STEPS = [
    Registered(),
    Slash("bob", "perm"),
    Slash("alice", "perm"),
    Slash("bob", "role"),
    Slash("alice", "role"),
    Slash("bob", "anyrole"),
    Slash("bob", "botperm"),
    Slash("bob", "cool"),
    Slash("bob", "cool"),
    Slash("alice", "cool"),
    Slash("alice", "dyn"),
    Slash("alice", "dyn"),
    Slash("bob", "dyn"),
    Slash("bob", "dyn"),
    Slash("alice", "custom"),
    Slash("bob", "custom"),
    Slash("carol", "custom2"),
    Slash("alice", "gonly"),
    Slash("alice", "boom"),
    Slash("alice", "boom2", followups=1),
    Slash("alice", "number", {"n": "ff"}),
    Slash("alice", "number", {"n": "zz"}),
    Slash("alice", "number", {"n": "1", "s": "q"}),
    Slash("alice", "mine"),
    Slash("bob", "local", followups=1),
]


async def test_checks_and_errors_as_on_discord_py(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, errors_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]


def silent_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    @bot.tree.command(description="Fails with nobody to say so")
    async def boom(interaction):
        raise ValueError("kaboom")

    @bot.tree.command(description="Refused with nobody to say so")
    @app_commands.checks.has_permissions(administrator=True)
    async def admin(interaction):
        await interaction.response.send_message("ok")

    @bot.tree.command(description="Offers nothing")
    async def pick(interaction, fruit: str):
        await interaction.response.send_message(fruit)

    @pick.autocomplete("fruit")
    async def fruits(interaction, current):
        raise LookupError("no fruit")

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def test_an_error_nobody_handles(sandbox_factory: Any,
                                       caplog: pytest.LogCaptureFixture) -> None:
    seen: dict[str, list[Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, silent_bot):
            caplog.clear()
            with caplog.at_level(logging.ERROR):
                records = [await sb.invoke_command(who, "general", name)
                           for who, name in (("alice", "boom"), ("bob", "admin"))]
                records.append(await sb.autocomplete("carol", "general", "pick",
                                                     {"fruit": "ap"}, "fruit"))
                await asyncio.sleep(0.3)
            ids = {str(sb.guild.id): "GUILD", str(sb.user("carol").id): "CAROL"}
            logged = [(r.name.split(".", 1)[1], _named(r.getMessage(), ids),
                       type(r.exc_info[1]).__name__ if r.exc_info else None)
                      for r in caplog.records if r.levelno >= logging.ERROR]
        seen[library] = [[r.acknowledged for r in records], logged]
    assert seen["tidecord"] == seen["discord.py"]
    assert seen["tidecord"] == [[False, False, False], [
        ("app_commands.tree", "Ignoring exception in command 'boom'", "CommandInvokeError"),
        ("app_commands.tree", "Ignoring exception in command 'admin'", "MissingPermissions"),
        ("app_commands.tree", "Ignoring exception in autocomplete for 'pick' "
                              "(Guild: GUILD, User: CAROL)", "LookupError")]]


def _named(text: str, ids: dict[str, str]) -> str:
    for snowflake, name in ids.items():
        text = text.replace(snowflake, name)
    return text


def stale_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    @bot.tree.error
    async def tree_error(interaction, error):
        await interaction.response.send_message(
            f"{type(error).__name__}: {getattr(error, 'name', None)} "
            f"{getattr(error, 'parents', None)} {getattr(error, 'type', None)!r} "
            f"command={getattr(interaction.command, 'name', None)}")

    @bot.tree.command(description="Soon gone")
    async def gone(interaction):
        await interaction.response.send_message("here")

    @bot.tree.command(description="Soon changed")
    async def changes(interaction, a: str):
        await interaction.response.send_message(a)

    @bot.tree.context_menu(name="Menu")
    async def menu(interaction, member: discord.Member):
        await interaction.response.send_message("menu")

    group = app_commands.Group(name="group", description="A group")

    @group.command(description="Soon gone from its group")
    async def sub(interaction):
        await interaction.response.send_message("sub")

    async def setup_hook():
        bot.tree.add_command(group)
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def _change_without_syncing(bot: Any) -> None:
    library = sys.modules[type(bot).__module__.split(".")[0]]
    tree = bot.tree
    tree.remove_command("gone")
    tree.remove_command("changes")
    tree.remove_command("Menu", type=library.AppCommandType.user)
    tree.get_command("group").remove_command("sub")

    async def changes(interaction: Any, a: str, b: int) -> None:
        await interaction.response.send_message(a)
    tree.add_command(library.app_commands.Command(name="changes", description="Changed",
                                                  callback=changes))


STALE_STEPS = [
    Act("the tree changes, unsynced", _change_without_syncing),
    Slash("alice", "gone"),
    Slash("alice", "changes", {"a": "x"}),
    Slash("alice", "group", {"sub": {}}),
    Slash("alice", "Menu", target="bob"),
]


async def test_a_tree_changed_since_its_sync(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, stale_bot, STALE_STEPS)
    assert said["tidecord"] == said["discord.py"]
    assert [step[1]["original"]["content"] for step in said["tidecord"][1:]] == [
        "CommandNotFound: gone [] <AppCommandType.chat_input: 1> command=None",
        "CommandSignatureMismatch: None None None command=changes",
        "CommandNotFound: sub ['group'] <AppCommandType.chat_input: 1> command=None",
        "CommandNotFound: Menu [] <AppCommandType.user: 2> command=None"]
