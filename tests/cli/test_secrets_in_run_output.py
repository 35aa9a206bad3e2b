"""``tidecord run -vv`` prints the bot token nowhere: not at DEBUG, not when the bot's
code logs its objects or fails with them in the message, not when the token is revoked
mid-session and the program ends on it."""

from __future__ import annotations

import base64
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tidecord
from tidecord.sandbox import Sandbox

if TYPE_CHECKING:
    from conftest import CLI

BOT = '''
import logging
import os

import aiohttp
import tidecord

log = logging.getLogger("bot")


class Bot(tidecord.Client):
    async def on_ready(self):
        url = os.environ["HOOK_URL"]
        async with aiohttp.ClientSession() as session:
            hook = tidecord.Webhook.from_url(url, session=session)
            log.debug("have %r on %r with %r: %r", hook, self, self.http, vars(self))
            await hook.send("hello", wait=True)
            wrong = tidecord.Webhook.from_url(url[:-4] + "AAAA", session=session)
            try:
                await wrong.send("nope")
            except tidecord.HTTPException:
                log.exception("refused: %r %s", wrong, wrong)
        print("READY", flush=True)
        raise RuntimeError(f"a handler fails with {self} {self.http} {hook} in its message")


bot = Bot(intents=tidecord.Intents.default())
'''


def _forms(secret: str) -> list[str]:
    return [secret, secret.split(".")[-1], urllib.parse.quote(secret, safe=""),
            base64.b64encode(secret.encode()).decode().rstrip("=")]


@pytest.fixture(autouse=True)
def this_checkout(cli: CLI) -> None:
    """The programs run this checkout's tidecord, the one the test imported (the installed
    console script may point at another)."""
    cli.env["PYTHONPATH"] = str(Path(tidecord.__file__).parents[1])


@pytest.fixture
def bot_file(cli: CLI) -> str:
    (cli.cwd / "bot.py").write_text(BOT)
    return "bot.py"


async def test_a_revoked_token_ends_the_run_without_showing_it(
    cli: CLI, sandbox: Sandbox, bot_file: str
) -> None:
    token = sandbox.token
    hook = sandbox.state.create_webhook(sandbox.channel("general").id, "Relay", None,
                                        sandbox.user("alice").id)
    cli.env["HOOK_URL"] = f"{sandbox.api_url}/webhooks/{hook.id}/{hook.token}"
    cli.env["DISCORD_TOKEN"] = token
    async with cli.tidecord("-vv", "run", bot_file, "--api-url", sandbox.api_url) as running:
        await running.wait_for_line("^READY")
        sandbox.state.token = token[:-4] + "ZZZZ"  # revoked: a resume now meets 4004
        await sandbox.drop_connections()
        code, out, err = await running.finish(20)

    assert code == 2, err
    assert "the token was refused by the gateway" in err
    assert "a handler fails with" in err and "DEBUG" in err  # what we look through is there
    assert sandbox.messages("general")[-1].content == "hello"
    for form in [*_forms(token), *_forms(sandbox.state.token), *_forms(hook.token)]:
        assert form not in out + err, form


@pytest.mark.parametrize("command", ["status", "reset"])
async def test_an_unreachable_redis_is_named_without_its_password(
    cli: CLI, command: str
) -> None:
    url = "redis://worker:hunter2-redis-password@127.0.0.1:9/0"  # port 9: nothing listens
    code, out, err = await cli.run("cluster", command, "--redis", url)

    assert code == 2, err
    assert cli.said(err) == [
        "tidecord: error: cannot reach Redis at 127.0.0.1:9/0: Error 111 connecting to "
        "127.0.0.1:9. Connect call failed ('127.0.0.1', 9)."]
    assert "hunter2" not in out + err
