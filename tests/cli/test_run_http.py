"""`tidecord run --http PORT bot.py`: an HTTP-interaction bot, on the sandbox with no token."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from conftest import CLI

BOT = '''
import tidecord
from tidecord import app_commands


class HttpBot(tidecord.Client):
    def __init__(self):
        super().__init__()
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(description="Answers over HTTP")
        async def ping(interaction: tidecord.Interaction, word: str = "pong") -> None:
            await interaction.response.send_message(word)

        @self.tree.command(description="Answers too long, then again")
        async def long(interaction: tidecord.Interaction) -> None:
            try:
                await interaction.response.send_message("x" * 2001)
            except tidecord.HTTPException as exc:
                await interaction.response.send_message(f"refused: {exc.code}")

    async def setup_hook(self):
        await self.tree.sync()


bot = HttpBot()
'''


async def invoked(http: aiohttp.ClientSession, page: str, name: str,
                  options: dict[str, str] | None = None) -> dict[str, Any]:
    """Alice's use of command ``name`` through the chat page's control routes: the
    interaction's record once the bot answered (or after 5 s)."""
    async with http.post(page + "_sandbox/interactions/command", json={
            "as": "alice", "channel": "general", "name": name,
            "options": options or {}}) as resp:
        assert resp.status == 200, await resp.text()
        made = (await resp.json())["id"]
    for _ in range(100):
        async with http.get(page + f"_sandbox/interactions/{made}") as resp:
            record: dict[str, Any] = await resp.json()
        if record["response_type"] is not None:
            break
        await asyncio.sleep(0.05)
    return record


async def test_an_http_bot_runs_on_the_sandbox(cli: CLI) -> None:
    (cli.cwd / "http_bot.py").write_text(BOT)
    async with cli.tidecord("run", "--http", "0", "http_bot.py") as running:
        page = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        endpoint = (await running.wait_for_line(
            r"serving interactions at (http://127\.0\.0\.1:\d+/interactions)"))[1]
        async with aiohttp.ClientSession() as http:
            async with http.post(endpoint, data=b"{}") as unsigned:
                assert unsigned.status == 401
            record = await invoked(http, page, "ping", {"word": "over http"})
            async with http.get(page + "_sandbox/info") as resp:
                assert (await resp.json())["connections"] == 0  # no gateway at all
        code, out, err = await running.interrupt(seconds=15)
    assert record["response_type"] == 4 and record["original"]["content"] == "over http"
    assert code == 0, err
    assert "Traceback" not in err + out and "left running" not in err, err
    assert out.rstrip().endswith("tidecord: stopped")



async def test_no_inline_lets_the_handler_hear_a_refused_answer(cli: CLI) -> None:
    (cli.cwd / "http_bot.py").write_text(BOT)
    async with cli.tidecord("run", "--http", "0", "--no-inline", "http_bot.py") as running:
        page = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)\s*$"))[1]
        await running.wait_for_line(r"serving interactions at http://")
        async with aiohttp.ClientSession() as http:
            record = await invoked(http, page, "long")
        code, _, err = await running.interrupt(seconds=15)
    assert record["original"]["content"] == "refused: 50035"
    assert code == 0, err


async def test_no_inline_without_http_is_refused_in_one_line(cli: CLI) -> None:
    (cli.cwd / "http_bot.py").write_text(BOT)
    code, out, err = await cli.run("run", "--no-inline", "http_bot.py")
    assert code == 2 and out == ""  # refused before the bot or a sandbox starts
    assert err.strip() == ("tidecord: error: --no-inline is for an HTTP-interaction bot: "
                           "give --http PORT too")
