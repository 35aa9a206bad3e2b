"""`tidecord sandbox`: a sandbox alone, with its URLs and token printed, until Ctrl-C."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

if TYPE_CHECKING:
    from conftest import CLI


async def test_sandbox_prints_its_urls_and_serves_until_ctrl_c(cli: CLI) -> None:
    async with cli.tidecord("sandbox", "--port", "0") as running:
        rest = (await running.wait_for_line(r"REST base:\s+(http://127\.0\.0\.1:\d+/api/v10)$"))[1]
        gateway = (await running.wait_for_line(r"gateway:\s+(ws://\S+)$"))[1]
        token = (await running.wait_for_line(r"bot token:\s+(\S+)$"))[1]
        chat = (await running.wait_for_line(r"chat page:\s+(http://\S+/)$"))[1]

        async with aiohttp.ClientSession() as http:
            async with http.get(rest + "/gateway") as response:
                assert response.status == 200
                assert (await response.json())["url"] == gateway
            headers = {"Authorization": f"Bot {token}"}
            async with http.get(rest + "/users/@me", headers=headers) as response:
                assert response.status == 200
                assert (await response.json())["bot"] is True
            async with http.get(chat) as response:
                assert response.status == 200

        code, out, err = await running.interrupt(seconds=10)

    assert code == 0, err
    assert "Traceback" not in err, err
    assert out.rstrip().endswith("tidecord: stopped")


async def test_sandbox_with_a_world_file_serves_that_world(cli: CLI) -> None:
    world = str(cli.examples / "world.json")
    async with cli.tidecord("sandbox", "--world", world) as running:
        rest = (await running.wait_for_line(r"REST base:\s+(\S+)$"))[1]
        token = (await running.wait_for_line(r"bot token:\s+(\S+)$"))[1]
        headers = {"Authorization": f"Bot {token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            async with http.get(rest + "/users/@me") as response:
                me = await response.json()
            async with http.get(rest + "/users/@me/guilds") as response:
                guilds = await response.json()
        code, _, err = await running.interrupt(seconds=10)

    assert me["username"] == "IdeaBot"
    assert [g["name"] for g in guilds] == ["Side Projects"]
    assert code == 0, err


async def test_sandbox_refuses_a_missing_world_file(cli: CLI) -> None:
    code, _, err = await cli.run("sandbox", "--world", "nowhere.json", seconds=10)

    assert code == 2
    assert cli.said(err) == ["tidecord: error: no such world file: nowhere.json"]


@pytest.fixture
def bad_world(cli: CLI) -> Path:
    """A world file that is not JSON."""
    path = cli.cwd / "bad.json"
    path.write_text('{"guilds": [')
    return path


async def test_sandbox_refuses_a_broken_world_file_in_one_line(cli: CLI, bad_world: Path) -> None:
    code, _, err = await cli.run("sandbox", "--world", str(bad_world), seconds=10)

    assert code == 2
    lines = cli.said(err)
    assert len(lines) == 1
    assert lines[0].startswith(f"tidecord: error: cannot load world file {bad_world}: ")
    assert "JSONDecodeError" in lines[0]


async def test_sandbox_on_a_busy_port_is_one_line(cli: CLI, sandbox: Sandbox) -> None:
    busy = str(sandbox.port)
    code, _, err = await cli.run("sandbox", "--port", busy, seconds=10)

    assert code == 2
    [line] = cli.said(err)
    assert line.startswith(f"tidecord: error: cannot listen on 127.0.0.1:{busy}: ")
    assert "Traceback" not in err
