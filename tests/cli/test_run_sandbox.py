"""With no token, the idea bot runs on a local sandbox in the same process, until Ctrl-C.

Both ways a user starts it: `tidecord run examples/idea_bot.py` and
`python examples/idea_bot.py`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import aiohttp
import pytest

if TYPE_CHECKING:
    from conftest import CLI

COMMANDS = ["tidecord run", "python idea_bot.py"]


def argv(cli: CLI, command: str) -> list[str]:
    """The command line a user types, with absolute paths."""
    idea_bot = str(cli.examples / "idea_bot.py")
    if command == "tidecord run":
        return [*cli.tidecord_argv, "run", idea_bot]
    return [sys.executable, idea_bot]


@pytest.mark.parametrize("command", COMMANDS)
async def test_no_token_serves_chat_page_and_the_bot_answers(command: str, cli: CLI) -> None:
    async with cli.spawn(*argv(cli, command)) as running:
        chat_url = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as .* chat with it at " + chat_url)

        async with aiohttp.ClientSession() as http, http.get(chat_url) as page:
            assert page.status == 200
            assert "<html" in (await page.text()).lower()
        reply = await cli.ask(chat_url, ".idea")
        # A card is rendered in tidecord's worker thread: that must end with the rest.
        card = await cli.ask(chat_url, ".idea card")

        code, out, err = await running.interrupt(seconds=15)

    assert reply["content"].startswith("Okay, so how about this: ")
    assert [a["filename"].endswith(".png") for a in card["attachments"]] == [True]
    assert code == 0, err
    assert "Traceback" not in err and "Traceback" not in out, err
    assert "left running" not in err, err
    assert "Task was destroyed" not in err and "Unclosed" not in err, err
    assert out.rstrip().endswith("tidecord: stopped")
    assert (cli.cwd / "ideas.sqlite3").exists()  # IDEA_BOT_DB from the environment
    if command == "tidecord run":  # what `tidecord check` would say, in one line, first
        assert ("tidecord check (with ruff's ASYNC rules): no blocking calls in the async code"
                f" of {cli.examples / 'idea_bot.py'}") in out.splitlines()[0]


async def test_ctrl_c_while_the_bot_is_still_connecting_stops_cleanly(cli: CLI) -> None:
    async with cli.spawn(*argv(cli, "tidecord run")) as running:
        # The sandbox is up and the bot is only starting to log in.
        await running.wait_for_line(r"chat page:")
        code, out, err = await running.interrupt(seconds=15)

    assert code == 0, err
    assert "Traceback" not in err + out, err
    assert "left running" not in err, err
    assert out.rstrip().endswith("tidecord: stopped")


HANGING_CLOSE = '''import asyncio

import tidecord


class StuckBot(tidecord.Client):
    async def close(self):
        try:
            await self.flush_the_queue()
        finally:
            await super().close()

    async def flush_the_queue(self):
        await asyncio.Event().wait()  # a queue nobody drains
'''


async def test_a_close_that_hangs_is_named_and_cancelled(cli: CLI) -> None:
    (cli.cwd / "stuck.py").write_text(HANGING_CLOSE)
    cli.env["TIDECORD_CLOSE_TIMEOUT"] = "1"
    async with cli.tidecord("run", "stuck.py") as running:
        await running.wait_for_line(r"logged in as")
        code, out, err = await running.interrupt(seconds=15)

    # Where it hung, down to the user's own line, so that it can be fixed.
    assert "bot.close() took over 1 s, waiting at stuck.py:9 in close > stuck.py:14 in " \
           "flush_the_queue" in err, err
    assert code == 0, err
    assert "Traceback" not in err + out, err
    assert out.rstrip().endswith("tidecord: stopped")


ASYNC_MAIN = '''import asyncio
import os

import tidecord as discord
from tidecord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents)


async def main():
    async with bot:
        await bot.load_extension("greetings")
        await bot.start(os.getenv("DISCORD_TOKEN"))


if __name__ == "__main__":
    print("main block ran")
    asyncio.run(main())
'''

GREETINGS = '''from tidecord.ext import commands


@commands.command()
async def hello(ctx):
    await ctx.reply("hello from the extension")


async def setup(bot):
    bot.add_command(hello)
'''


async def test_a_file_ending_in_asyncio_run_main_runs_its_main(cli: CLI) -> None:
    # discord.py's recommended shape: extensions loaded in main(), under `async with bot`.
    (cli.cwd / "async_bot.py").write_text(ASYNC_MAIN)
    (cli.cwd / "greetings.py").write_text(GREETINGS)
    async with cli.tidecord("run", "async_bot.py") as running:
        chat_url = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as")
        reply = await cli.ask(chat_url, "!hello")
        code, out, err = await running.interrupt(seconds=15)

    assert reply["content"] == "hello from the extension"
    assert "main block ran" in out  # the file's own entry block, as under python async_bot.py
    assert code == 0, err
    assert "Traceback" not in err + out, err
    assert out.rstrip().endswith("tidecord: stopped")
