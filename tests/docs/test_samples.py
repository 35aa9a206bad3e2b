"""The README's and the docs' code samples do what the text says (see samples.py)."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tidecord.cli import load_bot
from tidecord.cli.main import build_parser
from tidecord.sandbox import Sandbox, World

from .samples import ROOT, Sample, every_sample

SAMPLES = every_sample()
MAKE_TARGETS = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))


def _of(*kinds: str) -> Any:
    chosen = [s for s in SAMPLES if s.kind in kinds]
    return pytest.mark.parametrize("sample", chosen, ids=[s.where for s in chosen])


def test_every_block_has_a_known_kind() -> None:
    kinds = {"compile", "run", "bot", "test", "pyproject", "world", "sh", "toml", "json", "skip"}
    assert [s.where for s in SAMPLES if s.kind not in kinds] == []
    # The docs show runnable bots, tests and scripts, not only fragments.
    assert {"bot", "test", "run"} <= {s.kind for s in SAMPLES}


@_of("compile")
def test_python_compiles(sample: Sample) -> None:
    compile(sample.code, sample.where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


@_of("toml", "pyproject")
def test_toml_loads(sample: Sample) -> None:
    tomllib.loads(sample.code)


@_of("json", "world")
def test_json_loads(sample: Sample) -> None:
    data = json.loads(sample.code)
    if sample.kind == "world":
        World.from_dict(data)


@_of("sh")
def test_commands_exist(sample: Sample) -> None:
    for line in sample.code.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0].endswith("tidecord"):
            try:
                build_parser().parse_args(words[1:])
            except SystemExit as stop:  # --help and --version stop with 0
                assert stop.code == 0, f"does not parse: {line}"
        elif words[0] == "make":
            assert set(words[1:]) <= MAKE_TARGETS, line


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("PYTEST", "TIDECORD")) and k != "DISCORD_TOKEN"}


@_of("run")
def test_scripts_run(sample: Sample, tmp_path: Path) -> None:
    script = tmp_path / "sample.py"
    script.write_text(sample.code)
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=_clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]


@pytest.fixture
def bot_file(sample: Sample, tmp_path: Path) -> Path:
    """The sample written where its name says (sync: writing a file blocks)."""
    path = tmp_path / sample.options.get("name", "sample_bot.py")
    path.write_text(sample.code)
    return path


@_of("bot")
async def test_bots_answer_on_the_sandbox(
    sample: Sample, bot_file: Path, sandbox: Sandbox,
    run_bot: Callable[..., Awaitable[asyncio.Task[Any]]],
) -> None:
    bot = await asyncio.to_thread(load_bot, str(bot_file))  # as `tidecord run` finds it
    bot.api_url = sandbox.api_url
    await run_bot(bot.start(sandbox.token), close=bot.close)
    if "say" in sample.options:
        await sandbox.send_message("alice", "general", sample.options["say"])
        reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=10)
        assert reply.content.startswith(sample.options["expect"]), reply.content


@_of("test")
def test_tests_pass_in_a_project(sample: Sample, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    bots = {s.options.get("name"): s for s in sample.siblings("bot")}
    for name in sample.options.get("uses", "").split(","):
        if name:
            (project / name).write_text(_sample_named(name, bots).code)
    (project / "pyproject.toml").write_text(
        "".join(s.code for s in sample.siblings("pyproject")) or "")
    (project / "tests" / "test_sample.py").write_text(sample.code)
    pytest_script = Path(sys.executable).with_name("pytest")
    done = subprocess.run([str(pytest_script), "-W", "error"], cwd=project, env=_clean_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "passed" in done.stdout and "failed" not in done.stdout


def _sample_named(name: str, here: dict[str | None, Sample]) -> Sample:
    """A bot sample by name: from the same document, else from any other."""
    if name in here:
        return here[name]
    found = [s for s in SAMPLES if s.kind == "bot" and s.options.get("name") == name]
    assert found, f"no bot sample named {name}"
    return found[0]
