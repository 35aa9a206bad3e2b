"""`make run` as a newcomer meets it: installs only what running needs, stops with exit code 0.

The Ctrl-C test drives make in a pseudo-terminal, as a person at a terminal does:
the terminal sends SIGINT to its whole foreground process group, make included.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)  # the venv running these tests: `make run` uses it as it is

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def test_make_run_installs_only_tidecord_and_the_examples_extra(tmp_path: Path) -> None:
    plan = subprocess.run(["make", "-n", "run", f"VENV={tmp_path / 'venv'}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=30, check=True).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line]
    assert len(installs) == 1, plan
    assert re.findall(r"-e '\.\[(.*?)\]'", installs[0]) == ["examples"]
    assert "--quiet" in installs[0]


def _read(fd: int, until: float) -> bytes:
    ready, _, _ = select.select([fd], [], [], max(0.0, until - time.monotonic()))
    if not ready:
        return b""
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal closed: everyone in it exited
        return b""


@pytest.mark.skipif(shutil.which("setsid") is None or shutil.which("pkill") is None,
                    reason="needs setsid (util-linux) and pkill (procps)")
def test_make_run_exits_0_after_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "IDEA_BOT_DB": str(tmp_path / "ideas.sqlite3")}
    env.pop("DISCORD_TOKEN", None)
    env.pop("MAKEFLAGS", None)
    # make in a terminal of its own: setsid makes the pseudo-terminal its session's
    # controlling terminal (pty.fork would fork this multi-threaded process).
    terminal, side = pty.openpty()
    make = subprocess.Popen(["setsid", "-w", "-c", "make", "-s", "run", f"VENV={VENV}"],
                            cwd=ROOT, env=env, stdin=side, stdout=side, stderr=side)
    os.close(side)
    seen = b""
    status = None
    try:
        deadline = time.monotonic() + 60
        while b"logged in as" not in seen and time.monotonic() < deadline:
            seen += _read(terminal, deadline)
        assert b"logged in as" in seen, seen.decode(errors="replace")
        os.write(terminal, b"\x03")  # Ctrl-C, typed
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            seen += _read(terminal, min(deadline, time.monotonic() + 0.5))
            status = make.poll()
    finally:
        if status is None:  # everyone in make's session (the bot has a group of its own)
            subprocess.run(["pkill", "-KILL", "-s", str(make.pid)], check=False)
            make.wait()
        os.close(terminal)
    text = seen.decode(errors="replace")
    assert status == 0, text
    assert "tidecord: stopped" in text
    assert not re.search(r"Interrupt|Traceback|Error", text), text
