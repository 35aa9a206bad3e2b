"""`tidecord run FILE` on a file that ends with its own ``bot.run(...)``, as many do.

The bot is taken from the ``run`` call instead of running it, and the call's
arguments (a token read from a file that may not exist) are never evaluated.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tidecord
from tidecord.cli import CLIError, load_bot

if TYPE_CHECKING:
    from conftest import CLI

# The README's "Writing a bot" example, as discord.py programs are often written.
README_SHAPE = '''\
import tidecord


class MyBot(tidecord.Client):
    async def on_message(self, message):
        if message.author != self.user and message.content == "ping":
            await message.reply("pong")


intents = tidecord.Intents.default()
intents.message_content = True
MyBot(intents=intents).run(open(".token").read().strip())
AFTER_RUN = True
'''

_names = itertools.count()


def _write(folder: Path, source: str) -> Path:
    """A bot file with a name no other test used (each is imported once, as a module)."""
    path = folder / f"script_bot_{next(_names)}.py"
    path.write_text(source)
    return path


def test_the_bot_comes_from_the_run_call_and_the_token_is_never_read(tmp_path: Path) -> None:
    path = _write(tmp_path, README_SHAPE)
    bot = load_bot(str(path))
    assert type(bot).__name__ == "MyBot"
    assert bot.intents.message_content  # the instance the file built, not a fresh one
    module = sys.modules[path.stem]
    assert not hasattr(module, "AFTER_RUN")  # nothing after the call runs, as while a bot runs
    assert tidecord.Client.run is not None and "capture" not in tidecord.Client.run.__module__


def test_a_module_level_client_run_with_a_missing_variable(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "import os\nimport tidecord\n\n"
        "client = tidecord.Client()\n"
        "try:\n"
        "    client.run(os.environ['NO_SUCH_TOKEN_VARIABLE'])\n"
        "except Exception:\n"
        "    raise SystemExit('the bot file swallowed the stop')\n"
    ))
    bot = load_bot(str(path))
    assert bot is sys.modules[path.stem].client


def test_a_run_made_inside_a_function_called_at_import(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "import tidecord\n\n"
        "class Bot(tidecord.Client):\n"
        "    pass\n\n"
        "def main():\n"
        "    Bot(large_threshold=77).run('not-a-real-token')\n\n"
        "main()\n"
    ))
    assert load_bot(str(path)).large_threshold == 77


def test_other_run_calls_still_run(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "import tidecord\n\n"
        "class Job:\n"
        "    def run(self, *args):\n"
        "        RAN.append(args)\n\n"
        "RAN = []\n"
        "Job().run(1, 2)\n"
        "bot = tidecord.Client()\n"
    ))
    bot = load_bot(str(path))
    assert sys.modules[path.stem].RAN == [(1, 2)]
    assert bot is sys.modules[path.stem].bot


def test_a_run_under_main_guard_is_left_alone(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "import tidecord\n\n"
        "bot = tidecord.Client()\n"
        "if __name__ == '__main__':\n"
        "    bot.run(open('.token').read())\n"
    ))
    bot = load_bot(str(path))
    assert bot is sys.modules[path.stem].bot


def test_a_module_by_dotted_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "script_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bot.py").write_text(README_SHAPE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    bot = load_bot("script_pkg.bot")
    assert type(bot).__name__ == "MyBot"
    assert sys.modules["script_pkg"].bot is sys.modules["script_pkg.bot"]


def test_a_failing_line_before_the_run_is_still_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "import tidecord\n\nx = 1 / 0\ntidecord.Client().run('t')\n")
    with pytest.raises(CLIError, match=r"ZeroDivisionError: division by zero \(script_bot_\d+\.py, "
                                       r"line 3\)"):
        load_bot(str(path))


async def test_tidecord_run_chats_with_the_readme_shape_without_a_token_file(cli: CLI) -> None:
    (cli.cwd / "mybot.py").write_text(README_SHAPE)
    async with cli.tidecord("run", "mybot.py") as running:
        chat_url = (await running.wait_for_line(r"chat page:\s+(http://\S+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as SandboxBot")
        reply = await cli.ask(chat_url, "ping")
        code, out, err = await running.interrupt()

    assert reply["content"] == "pong"
    assert code == 0, err
    assert "Traceback" not in err + out, err
    assert not (cli.cwd / ".token").exists()
