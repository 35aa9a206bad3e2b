"""The pytest plugin as a bot's author meets it: a failed wait says what the bot did
say, a modal is submitted straight after the command that opens it, and each test's
bot is freed once its test is over."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tidecord
from tidecord import app_commands, ui
from tidecord.ext import commands
from tidecord.sandbox import Sandbox
from tidecord.sandbox.state import StateError

pytestmark = [pytest.mark.timeout(30)]

log = logging.getLogger("a_users_bot")


class Feedback(ui.Modal, title="Feedback"):
    text: ui.TextInput[Any] = ui.TextInput(label="Your feedback", custom_id="text")

    async def on_submit(self, interaction: tidecord.Interaction[Any]) -> None:
        await interaction.response.send_message(f"Thanks: {self.text.value}")


class SlashBot(tidecord.Client):
    """Opens a modal, answers plainly, or (``/mute``) never answers."""

    def __init__(self, **options: Any) -> None:
        super().__init__(intents=tidecord.Intents.default(), **options)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(description="Give feedback")
        async def feedback(interaction: tidecord.Interaction[Any]) -> None:
            await interaction.response.send_modal(Feedback())

        @self.tree.command(description="Say hi")
        async def hi(interaction: tidecord.Interaction[Any]) -> None:
            await interaction.response.send_message("hi")

        @self.tree.command(description="Pick a fruit")
        async def fruit(interaction: tidecord.Interaction[Any], name: str) -> None:
            await interaction.response.send_message(f"You picked {name}")

        @fruit.autocomplete("name")
        async def fruit_names(interaction: tidecord.Interaction[Any], current: str) -> list[Any]:
            return [tidecord.app_commands.Choice(name="banana", value="banana")]

        @self.tree.command(description="Never answers")
        async def mute(interaction: tidecord.Interaction[Any]) -> None:
            return None

    async def setup_hook(self) -> None:
        await self.tree.sync()


@pytest.fixture
async def slash_bot(sandbox: Sandbox, run_bot: Any) -> SlashBot:
    bot = SlashBot(api_url=sandbox.api_url)
    await run_bot(bot.start(sandbox.token), close=bot.close)
    return bot


async def test_a_failed_wait_shows_what_the_bot_said(sandbox: Sandbox, run_bot: Any) -> None:
    bot = commands.Bot(command_prefix="!", api_url=sandbox.api_url)

    @bot.command()
    async def count(ctx: commands.Context, times: int) -> None:
        await ctx.send(f"x{times}")

    await run_bot(bot.start(sandbox.token), close=bot.close)
    await sandbox.send_message("alice", "general", "!count 3")
    with pytest.raises(TimeoutError) as failed:
        await sandbox.wait_for_message(author=sandbox.bot_user, timeout=1,
                                       check=lambda m: m.content == "x4")
    assert str(failed.value) == ("no message by SandboxBot passing check within 1 s; "
                                 "posted since: SandboxBot in #general: 'x3'")


async def test_a_failed_wait_says_when_nothing_came(sandbox: Sandbox) -> None:
    # No bot here at all: the failure says that too.
    await sandbox.join("zed")  # the join's system message, then silence
    with pytest.raises(TimeoutError) as failed:
        await sandbox.wait_for_message("general", author=sandbox.bot_user, timeout=0.2)
    assert str(failed.value) == ("no message in #general by SandboxBot within 0.2 s; "
                                 "posted since: zed in #general: '' "
                                 "(system message of type 7); "
                                 "no bot is connected to the gateway")
    await sandbox.send_message("alice", "general", "hello")  # moves the wait's floor
    with pytest.raises(TimeoutError, match=r"within 0.2 s; nothing was posted since; no bot"):
        await sandbox.wait_for_message(timeout=0.2)


async def test_a_failed_wait_says_the_bot_left(sandbox: Sandbox, run_bot: Any) -> None:
    bot = commands.Bot(command_prefix="!", api_url=sandbox.api_url)

    @bot.command(name="quit")
    async def quit_(ctx: commands.Context) -> None:
        await bot.close()

    await run_bot(bot.start(sandbox.token), close=bot.close)
    with pytest.raises(TimeoutError, match=r"nothing was posted since$"):
        await sandbox.wait_for_message(timeout=0.2)  # connected: no word about the bot
    await sandbox.send_message("alice", "general", "!quit")
    with pytest.raises(TimeoutError, match=r"since; no bot is connected to the gateway$"):
        await sandbox.wait_for_message(author=sandbox.bot_user, timeout=1)


async def test_a_modal_is_submitted_straight_after_its_command(
        sandbox: Sandbox, slash_bot: SlashBot) -> None:
    opened = await sandbox.invoke_command("alice", "general", "feedback")
    await sandbox.submit_modal("alice", opened, {"text": "great bot"})
    thanks = await sandbox.wait_for_message(author=sandbox.bot_user)
    assert thanks.content == "Thanks: great bot"


async def test_submitting_what_opened_no_modal_says_what_the_bot_did(
        sandbox: Sandbox, slash_bot: SlashBot) -> None:
    said_hi = await sandbox.invoke_command("alice", "general", "hi")
    with pytest.raises(StateError, match=r"answered it with callback type 4$"):
        await sandbox.submit_modal("alice", said_hi, {"text": "?"})
    silent = await sandbox.invoke_command("alice", "general", "mute")
    with pytest.raises(StateError, match=r"it did not answer it$"):
        await sandbox.submit_modal("alice", silent, {"text": "?"})
    with pytest.raises(TimeoutError, match=f"did not answer interaction {silent.id} "
                                           r"\(type 2\) within 0.1 s"):
        await silent.wait_response(0.1)


async def test_a_bot_that_logs_a_warning_passes_strict_mode(sandbox: Sandbox,
                                                            run_bot: Any) -> None:
    # pytest's own log file handler (os.devnull unless --log-file) takes every warning:
    # strict mode is on here, and must not blame the bot's line for pytest's write.
    bot = commands.Bot(command_prefix="!", api_url=sandbox.api_url)

    @bot.command()
    async def odd(ctx: commands.Context) -> None:
        log.warning("someone asked for something odd")
        await ctx.send("noted")

    await run_bot(bot.start(sandbox.token), close=bot.close)
    await sandbox.send_message("alice", "general", "!odd")
    noted = await sandbox.wait_for_message(author=sandbox.bot_user)
    assert noted.content == "noted"


async def test_a_discord_py_bot_runs_on_discord_py_sandbox(discord_py_sandbox: Sandbox,
                                                           run_bot: Any) -> None:
    # No pointing by hand: the fixture sets discord.py's REST base, gateway and CDN.
    import discord
    from discord.ext import commands as dpy_commands

    intents = discord.Intents.default()
    intents.message_content = True
    bot = dpy_commands.Bot(command_prefix="?", intents=intents)

    @bot.command()
    async def avatar(ctx: dpy_commands.Context[Any]) -> None:
        image = await ctx.author.display_avatar.read()
        await ctx.reply(f"{ctx.author.name}: {image[1:4].decode()}")

    await run_bot(bot.start(discord_py_sandbox.token), close=bot.close)
    await discord_py_sandbox.send_message("alice", "general", "?avatar")
    reply = await discord_py_sandbox.wait_for_message(author=discord_py_sandbox.bot_user)
    assert reply.content == "alice: PNG"


async def test_a_bot_made_without_api_url_talks_to_the_sandbox(sandbox: Sandbox,
                                                               run_bot: Any) -> None:
    # Forgetting api_url= once sent the sandbox's token to discord.com (a DNS error
    # offline): during a test, $TIDECORD_API_URL is the sandbox's.
    bot = commands.Bot(command_prefix="!")

    @bot.command()
    async def ping(ctx: commands.Context) -> None:
        await ctx.send("pong")

    await run_bot(bot.start(sandbox.token), close=bot.close)
    await sandbox.send_message("alice", "general", "!ping")
    assert (await sandbox.wait_for_message(author=sandbox.bot_user)).content == "pong"


async def test_a_bot_that_never_connects_fails_run_bot_saying_so(sandbox: Sandbox,
                                                                 run_bot: Any) -> None:
    class Stuck(commands.Bot):
        async def setup_hook(self) -> None:
            await asyncio.Event().wait()  # never done: the bot never reaches the gateway

    bot = Stuck(command_prefix="!")
    with pytest.raises(TimeoutError, match=r"did not connect to the sandbox's gateway "
                                           r"within 0.5 s \(0 of 1 connections identified\)"):
        await run_bot(bot.start(sandbox.token), close=bot.close, ready_timeout=0.5)


async def test_a_command_without_its_required_option_is_refused(
        sandbox: Sandbox, slash_bot: SlashBot) -> None:
    # Discord's client sends no command missing a required option: neither does a person.
    with pytest.raises(StateError, match="option 'name' is required"):
        await sandbox.invoke_command("alice", "general", "fruit")
    typing = await sandbox.autocomplete("alice", "general", "fruit", {"name": "b"}, "name")
    assert typing.interaction.type == 4  # while typing it is not checked
    await sandbox.invoke_command("alice", "general", "fruit", {"name": "banana"})
    picked = await sandbox.wait_for_message(author=sandbox.bot_user)
    assert picked.content == "You picked banana"


async def test_run_bot_runs_a_bot_on_a_sandbox_from_the_factory(
        sandbox_factory: Any, run_bot: Any) -> None:
    other = await sandbox_factory(seed=9)
    bot = commands.Bot(command_prefix="!", api_url=other.api_url)

    @bot.command()
    async def ping(ctx: commands.Context) -> None:
        await ctx.send("pong")

    await run_bot(bot.start(other.token), close=bot.close, sandbox=other, ready_timeout=5)
    await other.send_message("alice", "general", "!ping")
    assert (await other.wait_for_message(author=other.bot_user)).content == "pong"


# A suite's bots, one per test: each is freed once its test is over (its cache too).
EACH_TESTS_BOT = '''\
import gc
import weakref

import tidecord
from tidecord.ext import commands

bots = []


async def test_a_bot(sandbox, run_bot):
    bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.all())

    @bot.command()
    async def ping(ctx):
        await ctx.send("pong")

    await run_bot(bot.start(sandbox.token), close=bot.close)
    await sandbox.send_message("alice", "general", "!ping")
    assert (await sandbox.wait_for_message(author=sandbox.bot_user)).content == "pong"
    bots.append((weakref.ref(bot), weakref.ref(bot._connection)))


def test_the_bot_of_the_test_before_is_freed():
    gc.collect()
    gc.collect()
    (bot, state), = bots
    assert bot() is None, "the bot"
    assert state() is None, "its state and cache"
'''


def test_each_tests_bot_is_freed_after_its_test(tmp_path: Path) -> None:
    (tmp_path / "test_bots.py").write_text(EACH_TESTS_BOT)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TIDECORD"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "test_bots.py"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
