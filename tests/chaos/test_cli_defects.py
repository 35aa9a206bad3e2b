"""CLI defects, one test each: one signal stops a piped sandbox, 4004 is named as such,
and --help warns that --token shows in ``ps``."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

import tidecord
from tidecord.cli.main import build_parser
from tidecord.cli.runner import _explain
from tidecord.gateway import IdentifyGate, Shard
from tidecord.sandbox import Sandbox

TIDECORD = str(Path(sys.executable).with_name("tidecord"))


async def test_a_piped_sandbox_stops_at_the_first_sigterm(tmp_path: Path) -> None:
    # `tidecord sandbox | head -2`: the reader goes away after two lines.
    read, write = os.pipe()
    process = await asyncio.create_subprocess_exec(
        TIDECORD, "sandbox", stdout=write, stderr=asyncio.subprocess.PIPE, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    os.close(write)
    try:
        with os.fdopen(read, "rb") as out:
            first_two = [await asyncio.to_thread(out.readline) for _ in range(2)]
        assert first_two[0].startswith(b"tidecord sandbox is running")
        process.send_signal(signal.SIGTERM)  # once
        _, err = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()
    assert process.returncode == 0, err.decode()
    assert b"BrokenPipeError" not in err and b"Traceback" not in err, err.decode()


async def test_gateway_4004_is_reported_as_an_authentication_failure(sandbox: Sandbox) -> None:
    async with tidecord.Client(api_url=sandbox.api_url) as client:
        session = client.http.session
        shard = Shard(0, 1, session=lambda: session, token="not-the-token",
                      gateway_url=sandbox.gateway_url, intents=tidecord.Intents.default(),
                      on_dispatch=lambda *a: None, identify_gate=IdentifyGate(1))
        with pytest.raises(tidecord.LoginFailure) as caught:
            await asyncio.wait_for(shard.run(), 5)
    line = str(_explain(caught.value, sandbox.api_url, "not-the-token"))
    assert "4004" in line and "authentication failed" in line and "401" not in line
    assert "not-the-token" not in line


def test_help_says_a_token_on_the_command_line_shows_in_ps() -> None:
    run = build_parser()._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    assert "`ps`" in run.format_help()
