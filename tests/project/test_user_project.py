"""The pytest plugin in a user's own project: their bot, their tests, nothing of ours.

The project holds what the README's "Testing a bot" section tells a user to write,
and no more: pytest is run there as a user runs it (the ``pytest`` command, not
``python -m pytest``), in a subprocess, with the venv running this suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BOT = '''\
import tidecord


class EchoBot(tidecord.Client):
    async def on_message(self, message):
        if message.author != self.user and message.content.startswith("!echo "):
            await message.reply(message.content.removeprefix("!echo "))
'''

TEST = '''\
from bot import EchoBot


async def test_echo(sandbox, run_bot):
    bot = EchoBot(api_url=sandbox.api_url)
    await run_bot(bot.start(sandbox.token), close=bot.close)

    await sandbox.send_message("alice", "general", "!echo hello")
    reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=10)

    assert reply.content == "hello"
'''

# What the README says to add to a project's pyproject.toml, and nothing else.
PYPROJECT = '''\
[tool.pytest.ini_options]
pythonpath = ["."]   # tests import the bot from the project's folder
'''


def _pytest(project: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TIDECORD"))}
    return subprocess.run([str(Path(sys.executable).with_name("pytest")), "-W", "error"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def test_a_users_project_runs_its_bot_tests_with_only_what_the_readme_says(
    tmp_path: Path,
) -> None:
    project = tmp_path / "echo-bot"
    (project / "tests").mkdir(parents=True)
    (project / "bot.py").write_text(BOT)
    (project / "tests" / "test_bot.py").write_text(TEST)
    (project / "pyproject.toml").write_text(PYPROJECT)

    done = _pytest(project)

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
    assert "warning" not in done.stdout.lower(), done.stdout


def test_a_project_that_chose_strict_mode_keeps_it(tmp_path: Path) -> None:
    project = tmp_path / "strict-bot"
    (project / "tests").mkdir(parents=True)
    (project / "bot.py").write_text(BOT)
    (project / "tests" / "test_bot.py").write_text(TEST)
    (project / "pyproject.toml").write_text(PYPROJECT + 'asyncio_mode = "strict"\n')

    done = _pytest(project)

    # Unmarked, the async test is not pytest-asyncio's to run in strict mode.
    assert done.returncode != 0
    assert "async def functions are not natively supported" in done.stdout, done.stdout[-3000:]
