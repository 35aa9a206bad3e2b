"""A bot the server refuses ends `tidecord run` with one line: bad token, missing intent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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

WRONG = "Tm90QVJlYWxUb2tlbg.not-the-sandbox-token"


async def test_rejected_token_is_one_line_and_exit_code_2(cli: CLI, sandbox: Sandbox) -> None:
    code, out, err = await cli.run(
        "run", str(cli.examples / "seed_bot.py"), "--api-url", sandbox.api_url, "--token", WRONG
    )

    assert code == 2
    assert cli.said(err) == [
        f"tidecord: error: the token was rejected by {sandbox.api_url} (401 Unauthorized);"
        " it came from --token; a bot token has three parts separated by dots: copy it from"
        " the Bot page of the developer portal"
    ]
    assert WRONG not in out + err
    assert "Traceback" not in out + err


@pytest.fixture
def dot_token(cli: CLI) -> str:
    """A wrong token in ./.token, where the guide keeps its token."""
    (cli.cwd / ".token").write_text(WRONG + "\n")
    return WRONG


async def test_token_from_dot_token_file_is_used(
    cli: CLI, sandbox: Sandbox, dot_token: str
) -> None:
    code, out, err = await cli.run(
        "run", str(cli.examples / "seed_bot.py"), "--api-url", sandbox.api_url
    )

    # Without ./.token this would be "--api-url needs that server's token".
    assert code == 2
    assert "the token was rejected" in err
    assert dot_token not in out + err


async def test_missing_privileged_intent_is_one_line(
    cli: CLI, sandbox_factory: Callable[..., Awaitable[Sandbox]]
) -> None:
    # An application without the message content intent enabled, as on a fresh portal page.
    strict = await sandbox_factory(privileged_intents=[])
    code, out, err = await cli.run(
        "run", str(cli.examples / "seed_bot.py"), "--api-url", strict.api_url,
        "--token", strict.token,
    )

    assert code == 2, err
    lines = cli.said(err)
    assert len(lines) == 1, err
    assert lines[0].startswith("tidecord: error: ")
    assert "MESSAGE_CONTENT" in lines[0]
    assert "Traceback" not in out + err
