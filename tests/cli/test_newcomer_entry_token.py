"""A file ending in discord.py's ``asyncio.run(main())`` runs under `tidecord run` even
where its ``bot.start(...)`` reads a token that is not there (an unset variable, no
``.token`` file): the docs promise the file's token is ignored, so it is not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tidecord

if TYPE_CHECKING:
    from conftest import CLI


@pytest.fixture(autouse=True)
def this_checkout(cli: CLI) -> None:
    """The command runs this checkout's tidecord, the one the test imported (the installed
    console script may point at another)."""
    cli.env["PYTHONPATH"] = str(Path(tidecord.__file__).parents[1])

ENTRY = """\
import asyncio
import os

import tidecord as discord
from tidecord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="?", intents=intents)


@bot.command()
async def hi(ctx):
    await ctx.reply("hi")


class Ticker:
    def start(self, value):  # any other .start() still runs, with its arguments
        print(f"ticker started with {{value}}", flush=True)


async def main():
    Ticker().start(41 + 1)
    async with bot:
        await bot.start({token})


if __name__ == "__main__":
    asyncio.run(main())
"""

TOKENS = {
    "environ": 'os.environ["MY_BOT_TOKEN_NOT_SET"]',
    "file": 'open(".token").read().strip()',
}


@pytest.mark.parametrize("token", TOKENS)
async def test_the_entry_point_runs_without_reading_its_token(cli: CLI, token: str) -> None:
    (cli.cwd / "entry_bot.py").write_text(ENTRY.format(token=TOKENS[token]))

    async with cli.tidecord("run", "entry_bot.py") as running:
        found = await running.wait_for_line(r"chat with it at (\S+)")
        reply = await cli.ask(found.group(1), "?hi")
        code, out, err = await running.interrupt()

    assert reply["content"] == "hi"
    assert "ticker started with 42" in out
    assert code == 0, err
    assert "Traceback" not in out + err
