"""``run`` handed the wrong token: ``None`` (``os.getenv`` of a variable not set), a
token Discord refuses, and the right one, as a whole program on tidecord and on
discord.py 2.7.1. Caught, each is discord.py's exception; uncaught, tidecord says it in
one line (discord.py prints a traceback); and the token is in nothing printed, the
debug log of a whole run included."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tidecord.sandbox import Sandbox

from .parity import LIBRARIES
from .test_parity_life_logging import run_program

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

WRONG = "MTIzNDU2.not-a-real.token-at-all"

PROGRAM = f"""
import logging, os
import tidecord as discord
from tidecord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())

@bot.event
async def on_ready():
    await bot.close()

token = {{"unset": os.environ.get("NO_SUCH_TOKEN_VARIABLE"), "wrong": {WRONG!r},
          "right": os.environ["BOT_TOKEN"]}}[os.environ["WHICH"]]
if os.environ.get("UNCAUGHT"):
    bot.run(token, log_level=logging.DEBUG)
else:
    try:
        bot.run(token, log_level=logging.DEBUG)
    except (TypeError, discord.LoginFailure) as error:
        print("caught", type(error).__name__)
    else:
        print("ran")
"""


async def write_program(tmp_path: Path) -> Path:
    """The program, in a folder of its own (its discord.py copy goes to ``tmp_path``)."""
    program = tmp_path / "tidecord" / "tokens.py"
    await asyncio.to_thread(program.parent.mkdir)
    await asyncio.to_thread(program.write_text, PROGRAM, encoding="utf-8")
    return program


async def test_a_wrong_token_is_discord_py_s_error_and_one_line_uncaught(
        sandbox: Sandbox, tmp_path: Path) -> None:
    program = await write_program(tmp_path)
    for which, expected in (("unset", "caught TypeError"), ("wrong", "caught LoginFailure"),
                            ("right", "ran")):
        for library in LIBRARIES:
            said = await run_program(library, sandbox, program, tmp_path, WHICH=which)
            assert said.splitlines()[-1:] == [expected], (library, which, said[-2000:])
    unset = await run_program("tidecord", sandbox, program, tmp_path, WHICH="unset",
                              UNCAUGHT="1")
    assert unset.endswith("\ntidecord: token must be a str, not NoneType (is the "
                          "environment variable that holds it set?)\n"), unset
    assert "Traceback" not in unset
    wrong = await run_program("tidecord", sandbox, program, tmp_path, WHICH="wrong",
                              UNCAUGHT="1")
    assert wrong.endswith("\ntidecord: Improper token has been passed.\n"), wrong
    assert "Traceback" not in wrong


async def everything_printed(sb: Sandbox, program: Path, which: str, **more: str) -> str:
    """All ``program`` writes (stdout and stderr, its debug log), run on tidecord."""
    env = {**os.environ, "BOT_TOKEN": sb.token, "TIDECORD_API_URL": sb.api_url,
           "WHICH": which, "PYTHONDONTWRITEBYTECODE": "1", **more}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(program), env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return out.decode()


async def test_no_token_in_what_a_run_prints(sandbox: Sandbox, tmp_path: Path) -> None:
    program = await write_program(tmp_path)
    right = await everything_printed(sandbox, program, "right")
    assert "logged in as" in right and "DEBUG" in right and right.endswith("ran\n"), right
    assert sandbox.token not in right
    assert sandbox.token.rsplit(".", 1)[-1] not in right  # nor its secret part
    wrong = await everything_printed(sandbox, program, "wrong", UNCAUGHT="1")
    assert "Improper token has been passed." in wrong
    assert "not-a-real" not in wrong and "token-at-all" not in wrong
