"""`tidecord new NAME`: a project that runs on the sandbox and whose tests pass, as installed.

The main test installs tidecord the way a user does: from a wheel built with
``python -m build`` into a fresh venv (never from this checkout), then creates a
project with that venv's ``tidecord new``, runs its ``pytest`` and chats with its
``tidecord run bot.py``. The wheel and the venv are built once for the module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CLI

ROOT = Path(__file__).resolve().parents[2]
FILES = ["bot.py", "tests/test_bot.py", "pyproject.toml", ".gitignore", "README.md"]


def _run(*argv: str | Path, cwd: Path, timeout: float = 300) -> str:
    """Run a command to its end; fail with its output if it fails. Returns stdout + stderr."""
    # No PYTHONPATH either: one naming this checkout would have the venv's tidecord
    # imported from here (`PYTHONPATH=. pytest` did).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST", "TIDECORD", "VIRTUAL_ENV"))
           and k not in ("DISCORD_TOKEN", "PYTHONPATH")}
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{argv} failed:\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv's bin/ with tidecord[testing] installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"  # a copy, so the build leaves nothing in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "tidecord", source / "tidecord",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = _run(sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", source,
                 cwd=work)
    assert "Warning" not in built, built  # e.g. setuptools' project.license deprecation
    [wheel] = (work / "dist").glob("tidecord-*.whl")
    # A venv without its own pip (seconds saved): this venv's pip installs into it.
    _run(sys.executable, "-m", "venv", "--without-pip", work / "venv", cwd=work)
    bin_dir = work / "venv" / "bin"
    _run(sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--quiet",
         "--disable-pip-version-check", "--no-compile", f"{wheel}[testing]", cwd=work)
    yield bin_dir


def test_the_project_runs_on_the_sandbox_and_its_tests_pass(installed: Path, cli: CLI) -> None:
    said = _run(installed / "tidecord", "new", "mybot", cwd=cli.cwd)
    project = cli.cwd / "mybot"
    assert "tidecord: created mybot/" in said
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == \
        sorted(FILES)
    assert ".token" in (project / ".gitignore").read_text().splitlines()

    tested = _run(installed / "pytest", "-W", "error", cwd=project, timeout=120)
    assert "2 passed" in tested, tested
    # The installed tidecord was tested, not this checkout.
    where = _run(installed / "python", "-c", "import tidecord; print(tidecord.__file__)",
                 cwd=project)
    assert str(ROOT) not in where and "site-packages" in where


async def test_tidecord_run_bot_chats_on_the_sandbox(installed: Path, cli: CLI) -> None:
    await _new(installed, cli)
    ran = replace(cli, cwd=cli.cwd / "mybot", tidecord_argv=[str(installed / "tidecord")])
    async with ran.tidecord("run", "bot.py") as running:
        chat_url = (await running.wait_for_line(r"chat page:\s+(http://\S+/)\s*$"))[1]
        await running.wait_for_line(r"logged in as SandboxBot")
        reply = await ran.ask(chat_url, "!ping")
        code, out, err = await running.interrupt()

    assert reply["content"] == "pong"
    assert code == 0, err
    assert "Traceback" not in out + err, err


async def _new(installed: Path, cli: CLI) -> None:
    code, _, err = await replace(cli, tidecord_argv=[str(installed / "tidecord")]).run(
        "new", "mybot")
    assert code == 0, err


async def test_new_refuses_a_folder_in_use_and_a_bad_name(cli: CLI) -> None:
    (cli.cwd / "taken").mkdir()
    (cli.cwd / "taken" / "notes.txt").write_text("mine")
    code, _, err = await cli.run("new", "taken")
    assert code == 2
    assert cli.said(err) == ["tidecord: error: taken already exists and is not an empty folder"]
    assert [p.name for p in (cli.cwd / "taken").iterdir()] == ["notes.txt"]

    code, _, err = await cli.run("new", "my bot!")
    assert code == 2
    assert cli.said(err)[0].startswith("tidecord: error: 'my bot!' is not a project name")
