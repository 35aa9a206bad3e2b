"""A refused token's one line says which token it was, and what is visibly wrong with it.

The token is looked for in --token, then $DISCORD_TOKEN, then ./.token: a variable left
set in the shell hides the file the user just edited, so the line names the source.
None of it ever shows the token itself.
"""

from __future__ import annotations

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

REJECTED = "tidecord: error: the token was rejected by {api} (401 Unauthorized); "

SHAPES = [
    ("MTE5MTE2.abc.def", "it came from $DISCORD_TOKEN"),
    ("Bot MTE5MTE2.abc.def", "it came from $DISCORD_TOKEN; give the token alone, without 'Bot '"),
    ('"MTE5MTE2.abc.def"', "it came from $DISCORD_TOKEN; remove the quotes around it"),
    ("MTE5MTE2.ab c.def", "it came from $DISCORD_TOKEN; a token has no spaces: copy it again"
                          " from the developer portal"),
    ("paste-your-token-here", "it came from $DISCORD_TOKEN; a bot token has three parts"
                              " separated by dots: copy it from the Bot page of the developer"
                              " portal"),
]


@pytest.mark.parametrize(("token", "said"), SHAPES, ids=[s[0] for s in SHAPES])
async def test_a_garbage_token_in_the_environment_says_so(
    cli: CLI, sandbox: Sandbox, token: str, said: str
) -> None:
    cli.env["DISCORD_TOKEN"] = token

    code, out, err = await cli.run("run", str(cli.examples / "seed_bot.py"),
                                   "--api-url", sandbox.api_url)

    assert code == 2
    assert cli.said(err) == [REJECTED.format(api=sandbox.api_url) + said]
    assert "Traceback" not in out + err
    assert "abc" not in err  # no part of the token


@pytest.fixture
def dot_token(cli: CLI) -> None:
    """A well-shaped token the sandbox does not know, in ./.token."""
    (cli.cwd / ".token").write_text("MTE5MTE2.not.it\n")


@pytest.mark.usefixtures("dot_token")
async def test_the_variable_is_named_when_it_hides_the_token_file(
    cli: CLI, sandbox: Sandbox
) -> None:
    cli.env["DISCORD_TOKEN"] = "MTE5MTE2.stale.token"

    code, _, err = await cli.run("run", str(cli.examples / "seed_bot.py"),
                                 "--api-url", sandbox.api_url)

    assert code == 2
    assert cli.said(err) == [REJECTED.format(api=sandbox.api_url)
                             + "it came from $DISCORD_TOKEN"]


@pytest.mark.usefixtures("dot_token")
async def test_the_token_file_is_named(cli: CLI, sandbox: Sandbox) -> None:
    code, _, err = await cli.run("run", str(cli.examples / "seed_bot.py"),
                                 "--api-url", sandbox.api_url)

    assert code == 2
    assert cli.said(err) == [REJECTED.format(api=sandbox.api_url) + "it came from ./.token"]
