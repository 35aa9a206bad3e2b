"""`tidecord run --reload`: edited extensions and the bot's own file are reloaded while the
bot stays connected, and each reload is reported in one line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from conftest import CLI

BOT = '''\
import os

from tidecord.ext import commands

bot = commands.Bot(command_prefix="!", help_command=None)
VERSION = "one"


@bot.command()
async def version(ctx):
    await ctx.send(f"bot {VERSION}")


@bot.event
async def setup_hook():
    await bot.load_extension("plants")


bot.run(os.environ["GARDEN_TOKEN"])  # tidecord run takes the bot here, reloads too
'''

PLANTS = '''\
from tidecord.ext import commands

KIND = "tomato"


class Plants(commands.Cog):
    @commands.command()
    async def plant(self, ctx):
        await ctx.send(f"planted {KIND}")


async def setup(bot):
    await bot.add_cog(Plants())
'''


async def say(http: aiohttp.ClientSession, base: str, content: str) -> str:
    """Alice says ``content`` in #general; the bot's next message."""
    async with http.ws_connect(base + "_sandbox/feed") as feed:
        async with http.post(base + "_sandbox/messages",
                             json={"as": "alice", "channel": "general", "content": content}
                             ) as response:
            assert response.status == 200, await response.text()

        async def answer() -> str:
            async for frame in feed:
                event = json.loads(frame.data)
                data: dict[str, Any] = event.get("d") or {}
                if event.get("t") == "MESSAGE_CREATE" and (data.get("author") or {}).get("bot"):
                    return str(data["content"])
            raise AssertionError("the feed closed before the bot answered")

        return await asyncio.wait_for(answer(), 10)


async def write(path: Path, text: str) -> None:
    await asyncio.to_thread(path.write_text, text, encoding="utf-8")


async def test_reload_picks_up_edits_while_connected(cli: CLI) -> None:
    await write(cli.cwd / "garden.py", BOT)
    await write(cli.cwd / "plants.py", PLANTS)
    async with cli.tidecord("run", "garden.py", "--reload") as running:
        chat = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as")
        async with aiohttp.ClientSession() as http:
            assert await say(http, chat, "!plant") == "planted tomato"
            assert await say(http, chat, "!version") == "bot one"

            await write(cli.cwd / "plants.py", PLANTS.replace('"tomato"', '"basil"'))
            await running.wait_for_line(r"tidecord: reloaded extension plants$")
            assert await say(http, chat, "!plant") == "planted basil"

            await write(cli.cwd / "plants.py", PLANTS.replace("KIND =", "KIND = ="))
            line = await running.wait_for_line(r"tidecord: could not reload extension plants.*")
            assert "SyntaxError" in line[0] and "previous version keeps running" in line[0]
            assert await say(http, chat, "!plant") == "planted basil"

            await write(cli.cwd / "garden.py", BOT.replace('"one"', '"two"'))
            line = await running.wait_for_line(r"tidecord: reloaded garden.py: .*")
            assert "1 command(s)" in line[0]
            assert await say(http, chat, "!version") == "bot two"
            assert await say(http, chat, "!plant") == "planted basil"  # the cog stayed

            await write(cli.cwd / "garden.py", "def broken(:\n")
            await running.wait_for_line(r"tidecord: could not reload garden.py: SyntaxError")
            assert await say(http, chat, "!version") == "bot two"
        code, _, err = await running.interrupt(seconds=15)
    assert code == 0, err
    assert "Traceback" not in err and "Task was destroyed" not in err, err


CLIENT = '''\
import tidecord


class Echo(tidecord.Client):
    async def on_message(self, message):
        if message.content == "!echo":
            await message.channel.send("echo one")
'''


async def test_a_client_subclass_gets_its_new_methods(cli: CLI) -> None:
    await write(cli.cwd / "echo.py", CLIENT)
    async with cli.tidecord("run", "echo.py", "--reload") as running:
        chat = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as")
        async with aiohttp.ClientSession() as http:
            assert await say(http, chat, "!echo") == "echo one"
            await write(cli.cwd / "echo.py", CLIENT.replace("echo one", "echo two"))
            line = await running.wait_for_line(r"tidecord: reloaded echo.py: .*")
            assert "class Echo" in line[0]
            assert await say(http, chat, "!echo") == "echo two"
        code, _, err = await running.interrupt(seconds=15)
    assert code == 0, err
