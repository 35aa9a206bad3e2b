"""`tidecord check PATH`: every blocking call in a bot's async code, with its line and the fix.

The files are written for each test (a blocking bot in this folder would trip the
project's own ruff ASYNC rules) and checked by the real command, as CI or a
pre-commit hook would run it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CLI

# Eight kinds of blocking call, in the places a discord.py-style bot has async code: an
# event handler, a prefix command, an app command, a view callback, a modal, a task
# loop, and sync helpers of the same file that these call. `# <- NAME` marks each line.
EIGHT_KINDS = '''\
import socket
import sqlite3
import subprocess
import time

import psycopg2
import requests
from PIL import Image

import tidecord
from tidecord import app_commands, ui
from tidecord.ext import commands, tasks

bot = commands.Bot(command_prefix="!")
db = sqlite3.connect("bot.db")


def read_ideas(path):
    with open(path) as f:  # <- open
        return f.read().splitlines()


class Votes(ui.View):
    @ui.button(label="vote")
    async def vote(self, interaction, button):
        db.execute("UPDATE votes SET n = n + 1")  # <- sqlite3
        await interaction.response.send_message("counted")


class Report(ui.Modal):
    async def on_submit(self, interaction):
        self.store(interaction)

    def store(self, interaction):
        with psycopg2.connect("dbname=bot") as conn:  # <- psycopg2
            conn.cursor().execute("INSERT INTO reports VALUES (1)")


@bot.event
async def on_message(message):
    if message.content == "!wait":
        time.sleep(2)  # <- time.sleep
    ideas = read_ideas("ideas.txt")
    await message.reply(ideas[0])


@bot.command()
async def fetch(ctx, url):
    page = requests.get(url, timeout=10)  # <- requests
    await ctx.send(page.text[:100])


@bot.tree.command()
async def resolve(interaction, host: str):
    addresses = socket.getaddrinfo(host, 443)  # <- getaddrinfo
    await interaction.response.send_message(str(addresses[0]))


@tasks.loop(minutes=5)
async def backup():
    subprocess.run(["cp", "bot.db", "backup.db"], check=True)  # <- subprocess


@app_commands.command()
async def card(interaction):
    Image.new("RGB", (800, 400)).save("card.png")  # <- Pillow
'''

# The same kinds of work, done the way the guide says: nothing to report.
CAREFUL = '''\
import asyncio
import sqlite3
import time

import aiosqlite
import requests

import tidecord


def read_ideas(path):
    with open(path) as f:
        return f.read()


@tidecord.blocking
def report(rows):
    time.sleep(1)
    return sqlite3.connect("x.db").execute("SELECT 1").fetchall()


class Bot(tidecord.Client):
    async def on_message(self, message):
        ideas = await tidecord.to_thread(read_ideas, "ideas.txt")
        page = await asyncio.to_thread(lambda: requests.get("https://example.invalid"))
        async with aiosqlite.connect("bot.db") as db:
            await db.execute("SELECT 1")
        await report([])
        await asyncio.sleep(1)
        await message.reply(f"{ideas} {page}")


def main():
    token = open(".token").read()
    Bot().run(token)
'''


# A blocking call both tidecord and ruff flag (line 6), and a busy wait only ruff knows.
SLEEP_AND_BUSY_WAIT = """\
import asyncio
import time


async def on_message(message):
    time.sleep(1)
    while not message.done:
        await asyncio.sleep(1)
"""

# A runnable bot with one blocking call (line 8), for `tidecord run`.
SLOW_BOT = """\
import time

import tidecord


class SlowBot(tidecord.Client):
    async def on_message(self, message):
        time.sleep(1)
"""


def marked(source: str) -> dict[str, int]:
    """The line of each ``# <- NAME`` marker."""
    return {m[1]: n for n, line in enumerate(source.splitlines(), 1)
            if (m := re.search(r"# <- (\S+)$", line))}


async def test_all_eight_kinds_are_found_with_their_line_and_replacement(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / "bot.py").write_text(EIGHT_KINDS)
    code, out, err = await cli.run("check", "bot.py")
    assert code == 1, err
    lines = marked(EIGHT_KINDS)
    expected = {
        "open": ("open() in read_ideas(), reached from event handler on_message",
                 "aiofiles"),
        "sqlite3": ("db.execute() in view callback Votes.vote", "aiosqlite"),
        "psycopg2": ("psycopg2.connect() in Report.store(), reached from modal callback"
                     " Report.on_submit", "asyncpg"),
        "time.sleep": ("time.sleep() in event handler on_message",
                       "`await asyncio.sleep(seconds)`"),
        "requests": ("requests.get() in command fetch", "aiohttp"),
        "getaddrinfo": ("socket.getaddrinfo() in app command resolve", "getaddrinfo(host, port)"),
        "subprocess": ("subprocess.run() in task loop backup", "asyncio.create_subprocess_exec"),
        "Pillow": ("in app command card", "tidecord.to_thread"),
    }
    for name, (what, instead) in expected.items():
        line = lines[name]
        found = re.search(rf"^bot\.py:{line}:\d+: (.*)\n    (.*)$", out, re.MULTILINE)
        assert found, f"{name} (line {line}) not reported:\n{out}"
        assert what in found[1] and instead in found[2], found[0]
    # Nothing else but the next call on the object two of them made: f.read(), and the
    # cursor's execute() on the psycopg2 connection.
    reported = {int(n) for n in re.findall(r"^bot\.py:(\d+):", out, re.MULTILINE)}
    assert reported - set(lines.values()) == {lines["open"] + 1, lines["psycopg2"] + 1}
    assert "conn.cursor().execute() in Report.store()" in out
    assert out.splitlines()[-1].startswith("tidecord check")
    assert "10 blocking calls in the async code of bot.py" in out


@pytest.mark.parametrize("example", ["idea_bot.py", "seed_bot.py"])
async def test_the_example_bots_have_none(cli: CLI, example: str) -> None:
    code, out, err = await cli.run("check", str(cli.examples / example))
    assert code == 0, out + err
    assert f"no blocking calls in the async code of {cli.examples / example}" in out


async def test_offloaded_awaited_and_unreachable_work_is_not_reported(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / "careful.py").write_text(CAREFUL)
    code, out, err = await cli.run("check", "careful.py")
    assert (code, out.splitlines()) == (0, [
        "tidecord check (with ruff's ASYNC rules): no blocking calls in the async code of"
        " careful.py"]), err


async def test_ruffs_async_rules_are_merged_by_line(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "bot.py").write_text(SLEEP_AND_BUSY_WAIT)
    code, out, _ = await cli.run("check", "bot.py")
    assert code == 1
    # tidecord and ruff both flag line 6: one finding, with ruff's code.
    assert re.search(r"^bot\.py:6:5: time\.sleep\(\) in event handler on_message \(ASYNC251\)$",
                     out, re.MULTILINE), out
    # Only ruff knows a busy wait: its finding is listed with its message.
    assert re.search(r"^bot\.py:7:5: .*asyncio\.Event.* \(ASYNC110\)$", out, re.MULTILINE), out
    assert "2 blocking calls" in out
    code, out, _ = await cli.run("check", "--no-ruff", "bot.py")
    assert code == 1 and "(ASYNC" not in out and "1 blocking call in" in out


async def test_bad_paths_exit_with_2_and_folders_are_checked_file_by_file(
    cli: CLI, tmp_path: Path
) -> None:
    assert (await cli.run("check", "missing.py"))[0] == 2
    (tmp_path / "notes.txt").write_text("time.sleep(1)\n")
    code, _, err = await cli.run("check", "notes.txt")
    assert code == 2 and "not a Python file: notes.txt" in err
    (tmp_path / "broken.py").write_text("async def on_message(:\n")
    code, _, err = await cli.run("check", "broken.py")
    assert code == 2 and "cannot parse broken.py" in err and "line 1" in err

    (tmp_path / "broken.py").unlink()
    cogs = tmp_path / "cogs"
    cogs.mkdir()
    (cogs / "slow.py").write_text("import time\n\n\nasync def on_ready():\n    time.sleep(1)\n")
    (cogs / "fine.py").write_text("async def on_ready():\n    pass\n")
    code, out, _ = await cli.run("check", "cogs")
    assert code == 1
    assert "cogs/slow.py:5:5: time.sleep() in event handler on_ready" in out
    assert "1 blocking call in the async code of 2 files" in out


async def test_tidecord_run_says_what_check_would(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "slow_bot.py").write_text(SLOW_BOT)
    async with cli.tidecord("run", "slow_bot.py") as running:
        summary = await running.wait_for_line(r"^tidecord check")
        await running.wait_for_line(r"chat page:")  # Ctrl-C is handled from here on
        code, _, err = await running.interrupt()
    assert summary.string.strip() == (
        "tidecord check (with ruff's ASYNC rules): 1 blocking call in the async code of"
        " slow_bot.py (first: slow_bot.py:8 time.sleep()); `tidecord check slow_bot.py` lists them"
    )
    assert code == 0, err
