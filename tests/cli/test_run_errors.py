"""`tidecord run` refuses what it cannot run with one clear line and exit code 2."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CLI

BOTS = {
    "nobot.py": "import tidecord\n\nANSWER = 42\n",
    "broken.py": "import tidecord\n\nraise RuntimeError('the database is gone')\n",
    "syntax.py": "import tidecord\n\ndef on_message(:\n    pass\n",
    "needs_args.py": (
        "import tidecord\n\n"
        "class NeedyBot(tidecord.Client):\n"
        "    def __init__(self, database_url):\n"
        "        super().__init__()\n"
    ),
    "two_bots.py": (
        "import tidecord\n\n"
        "first = tidecord.Client()\n"
        "second = tidecord.Client()\n"
    ),
}

CASES = [
    ("missing.py", "no such file: missing.py"),
    ("no.such.module", "no such file or module: no.such.module"),
    ("nobot.py", "no bot found in"),
    ("broken.py", "import broken.py: RuntimeError: the database is gone (broken.py, line 3)"),
    ("syntax.py", "could not import syntax.py: SyntaxError"),
    ("needs_args.py", "NeedyBot() needs arguments"),
    ("two_bots.py", "has several bots (first, second)"),
]


@pytest.fixture
def bot_files(cli: CLI) -> None:
    """The broken bots above, in the working directory."""
    for name, source in BOTS.items():
        (cli.cwd / name).write_text(source)


@pytest.mark.usefixtures("bot_files")
@pytest.mark.parametrize(("target", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_unrunnable_target_is_one_line_and_exit_code_2(
    target: str, expected: str, cli: CLI
) -> None:
    code, out, err = await cli.run("run", target)

    assert code == 2
    lines = cli.said(err)
    assert len(lines) == 1, err
    assert lines[0].startswith("tidecord: error: ")
    assert expected in lines[0]
    assert "Traceback" not in err + out


async def test_help_names_both_commands(cli: CLI) -> None:
    code, out, _ = await cli.run("--help")

    assert code == 0
    assert "run" in out and "sandbox" in out


async def test_api_url_without_token_says_what_is_missing(cli: CLI) -> None:
    code, _, err = await cli.run(
        "run", str(cli.examples / "seed_bot.py"), "--api-url", "http://127.0.0.1:9/api/v10"
    )

    assert code == 2
    assert cli.said(err) == [
        "tidecord: error: --api-url needs that server's token: --token, $DISCORD_TOKEN or ./.token"
    ]
