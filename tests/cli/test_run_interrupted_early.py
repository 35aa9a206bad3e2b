"""Ctrl-C while ``tidecord run`` is still importing the library (its first few tenths
of a second) stops it as a Ctrl-C during the start-up that follows does: quietly, with
exit code 130 (128 + SIGINT, as shells give) and ``tidecord: stopped``, not the
traceback of whichever import it cut short."""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.timeout(60)

BOT = ("import tidecord\n\nclient = tidecord.Client(intents=tidecord.Intents.default())\n"
       "client.run('no token: tidecord run offers the sandbox')\n")


async def _interrupted_while_importing(cli: Any, argv: list[str]) -> tuple[int, str, str]:
    """Start ``argv run bot.py``; Ctrl-C once the ``tidecord`` package is half imported
    (Python's import-time report names one of its modules done, the package not yet)."""
    env = dict(cli.env, PYTHONPROFILEIMPORTTIME="1")
    process = await asyncio.create_subprocess_exec(
        *argv, "run", "bot.py", cwd=cli.cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        assert process.stderr is not None
        report: list[str] = []
        async with asyncio.timeout(20):
            while True:
                line = (await process.stderr.readline()).decode()
                assert line, f"ended before importing tidecord: {''.join(report)[-2000:]}"
                report.append(line)
                if line.split("|")[-1].strip() == "tidecord.models.base":
                    break
        process.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()
    said = "".join(line for line in [*report, *err.decode().splitlines(keepends=True)]
                   if not line.startswith("import time:"))
    return process.returncode or 0, out.decode(), said


@pytest.mark.parametrize("how", ["command", "python -m"])
async def test_ctrl_c_while_the_library_imports_stops_quietly(cli: Any, how: str) -> None:
    (cli.cwd / "bot.py").write_text(BOT)
    argv = cli.tidecord_argv if how == "command" else [
        sys.executable, "-m", "tidecord.cli"]
    code, out, err = await _interrupted_while_importing(cli, argv)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert (code, out) == (130, "tidecord: stopped\n"), err
