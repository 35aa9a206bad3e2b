"""The slips of someone's first tidecord bot, each named in one line by `tidecord run`.

A bot file that still imports discord.py, ``Client.run`` called from async code, an
``on_message`` without the message content intent, a misspelt event name: the first
two end the program with one line saying what to change; the last two would run and
stay silent, so `tidecord run` says why before it starts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tidecord
from tidecord.sandbox import Sandbox

if TYPE_CHECKING:
    from conftest import CLI


@pytest.fixture(autouse=True)
def this_checkout(cli: CLI) -> None:
    """The command runs this checkout's tidecord, the one the test imported (the installed
    console script may point at another)."""
    cli.env["PYTHONPATH"] = str(Path(tidecord.__file__).parents[1])



@pytest.fixture
def refused(sandbox: Sandbox) -> tuple[str, ...]:
    """Arguments with which a bot that got past the notes is refused at once (a token
    the sandbox does not know): the notes are printed, and no bot runs for long."""
    return ("--api-url", sandbox.api_url, "--token", "MTE5.not.it")

RUN_INSIDE_ASYNC = """\
import asyncio
import tidecord as discord

client = discord.Client(intents=discord.Intents.default())


async def main():
    client.run("a.token.here")

asyncio.run(main())
"""

RUN_ADVICE = ("Client.run() starts its own event loop, so it cannot be called from async code;"
              " there, use `await client.start(token)`")


async def test_run_inside_async_code_is_one_line_under_tidecord_run(cli: CLI) -> None:
    (cli.cwd / "inside.py").write_text(RUN_INSIDE_ASYNC)

    code, out, err = await cli.run("run", "inside.py")

    assert code == 2
    assert cli.said(err) == [f"tidecord: error: {RUN_ADVICE}"]
    assert "Traceback" not in out + err
    assert "never awaited" not in err


async def test_run_inside_async_code_is_one_line_under_python(cli: CLI) -> None:
    (cli.cwd / "inside.py").write_text(RUN_INSIDE_ASYNC)

    async with cli.spawn(sys.executable, "inside.py") as running:
        code, out, err = await running.finish()

    assert code == 1
    assert out == ""
    assert err.strip() == f"tidecord: {RUN_ADVICE}"


DISCORD_PY_BOTS = {
    # No .token here: were discord.py's run ever called, it would fail before connecting.
    "runs.py": ("import discord\n\nclient = discord.Client(intents=discord.Intents.default())\n"
                "client.run(open('.token').read())\n",
                "runs.py: line 4 runs a discord.py bot"),
    "instance.py": ("import discord\nfrom discord.ext import commands\n\n"
                    "bot = commands.Bot(command_prefix='!', intents=discord.Intents.default())\n",
                    "instance.py defines bot, a discord.py bot"),
    "subclass.py": ("import discord\n\n\nclass MyClient(discord.Client):\n    pass\n",
                    "subclass.py defines MyClient, a discord.py bot"),
}


@pytest.mark.parametrize("name", DISCORD_PY_BOTS)
async def test_a_discord_py_bot_says_which_import_to_change(cli: CLI, name: str) -> None:
    source, said = DISCORD_PY_BOTS[name]
    (cli.cwd / name).write_text(source)

    code, out, err = await cli.run("run", name)

    assert code == 2
    lines = cli.said(err)
    assert len(lines) == 1, err
    assert said in lines[0]
    assert "change `import discord` to `import tidecord as discord`" in lines[0]
    assert "Traceback" not in out + err


NO_INTENT = """\
import tidecord as discord

client = discord.Client(intents=discord.Intents.default())


@client.event
async def on_message(message):
    if message.content == "!ping":
        await message.channel.send("pong")
"""

MISSPELT = """\
import tidecord


class MyBot(tidecord.Client):
    async def on_redy(self):
        print("ready")


bot = MyBot()


@bot.event
async def on_mesage(message):
    pass


@bot.event
async def on_my_own_event(thing):  # dispatched by the program itself: not a slip
    pass
"""


@pytest.fixture
def noted_files(cli: CLI) -> None:
    """The bots whose slips are noted, in the working directory (written before the
    test's loop runs: strict mode would fail a blocking write on it)."""
    for name, source in (("quiet.py", NO_INTENT), ("typo.py", MISSPELT), ("late.py", LATE)):
        (cli.cwd / name).write_text(source)


@pytest.mark.usefixtures("noted_files")
async def test_on_message_without_the_intent_is_noted(cli: CLI, refused: tuple[str, ...]) -> None:
    _, out, _ = await cli.run("run", "quiet.py", *refused)

    notes = [line for line in cli.said(out) if line.startswith("tidecord: note:")]
    assert notes == [
        "tidecord: note: Client handles on_message but the message content intent is off:"
        " message.content is empty except in DMs and messages that mention the bot;"
        " set intents.message_content = True (and enable Message Content in the developer"
        " portal)"
    ]


@pytest.mark.usefixtures("noted_files")
async def test_a_misspelt_event_is_noted_with_the_right_name(
    cli: CLI, refused: tuple[str, ...]
) -> None:
    _, out, _ = await cli.run("run", "typo.py", *refused)

    notes = [line for line in cli.said(out) if line.startswith("tidecord: note:")]
    assert notes == [
        "tidecord: note: on_mesage is not an event, so it is never called;"
        " did you mean on_message?",
        "tidecord: note: on_redy is not an event, so it is never called;"
        " did you mean on_ready?",
    ]


async def test_the_new_project_and_the_examples_get_no_notes(
    cli: CLI, refused: tuple[str, ...]
) -> None:
    code, _, _ = await cli.run("new", "mybot")
    assert code == 0

    for bot in (cli.cwd / "mybot" / "bot.py", cli.examples / "idea_bot.py"):
        _, out, err = await cli.run("run", str(bot), *refused)

        assert "the token was rejected" in err  # it got as far as starting
        assert "note:" not in out + err


@pytest.fixture
def folders(cli: CLI) -> None:
    """A project folder as `tidecord new` makes it, and one with two modules."""
    (cli.cwd / "mybot").mkdir()
    (cli.cwd / "mybot" / "bot.py").write_text("import tidecord\n\nbot = tidecord.Client()\n")
    (cli.cwd / "tools").mkdir()
    for name in ("a.py", "b.py"):
        (cli.cwd / "tools" / name).write_text("")


FOLDERS = [
    ("mybot", "mybot is a folder: give the bot's file, tidecord run mybot/bot.py"),
    ("mybot/", "mybot is a folder: give the bot's file, tidecord run mybot/bot.py"),
    ("tools", "tools is a folder: give the .py file that defines the bot"),
]


@pytest.mark.usefixtures("folders")
@pytest.mark.parametrize(("target", "said"), FOLDERS, ids=[f[0] for f in FOLDERS])
async def test_a_folder_names_the_file_to_run(cli: CLI, target: str, said: str) -> None:
    code, out, err = await cli.run("run", target)

    assert code == 2
    assert cli.said(err) == [f"tidecord: error: {said}"]
    assert "Traceback" not in out + err


LIBRARY_REFUSES = {
    "plain_def.py": ("import tidecord\n\nclient = tidecord.Client()\n\n\n@client.event\n"
                     "def on_message(message):\n    pass\n",
                     "TypeError: event registered must be a coroutine function"
                     " (plain_def.py, line 6)"),
    "no_parens.py": ("from tidecord.ext import commands\n\nbot = commands.Bot(command_prefix='!')\n"
                     "\n\n@bot.command\nasync def ping(ctx):\n    pass\n",
                     "(no_parens.py, line 6)"),
}


@pytest.mark.parametrize("name", LIBRARY_REFUSES)
async def test_a_call_tidecord_refuses_names_the_line_of_the_bot_file(cli: CLI, name: str) -> None:
    source, said = LIBRARY_REFUSES[name]
    (cli.cwd / name).write_text(source)

    code, out, err = await cli.run("run", name)

    assert code == 2
    lines = cli.said(err)
    assert len(lines) == 1, err
    assert lines[0].startswith(f"tidecord: error: could not import {name}: TypeError: ")
    assert lines[0].endswith(said)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("where", ["before", "after"])
async def test_verbose_is_taken_after_the_command_too(
    cli: CLI, where: str, refused: tuple[str, ...]
) -> None:
    argv = ["run", str(cli.examples / "seed_bot.py"), *refused]
    argv = ["-vv", *argv] if where == "before" else [*argv, "-vv"]

    code, out, err = await cli.run(*argv)

    assert code == 2
    assert " DEBUG " in out + err  # was, after: "unrecognized arguments: -vv"
    assert "the token was rejected" in err


LATE = """\
import tidecord as discord

client = discord.Client()
client.run(open(".token").read())


@client.event
async def on_message(message):
    await message.channel.send("pong")

print("after the bot stopped")  # runs, under python, once run() returns: not a slip
"""


@pytest.mark.usefixtures("noted_files")
async def test_a_handler_defined_after_run_is_noted(cli: CLI, refused: tuple[str, ...]) -> None:
    _, out, _ = await cli.run("run", "late.py", *refused)

    notes = [line for line in cli.said(out) if line.startswith("tidecord: note:")]
    assert notes == [
        "tidecord: note: on_message is defined after the bot.run() call of line 4, so never"
        " (run() blocks until the bot stops, under python too): move the run() call to the"
        " end of the file"
    ]
