"""Bad input to the control API: a clear 400 naming the argument, and nothing lost."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def _call(session: aiohttp.ClientSession, sb: Sandbox, method: str, path: str,
                body: Any = None) -> tuple[int, Any]:
    async with session.request(method, f"{sb.url}/_sandbox{path}", json=body) as resp:
        assert resp.headers["Content-Type"] == "application/json", await resp.text()
        return resp.status, await resp.json()


@pytest.mark.parametrize("seconds", [1e30, 10**400, "nan", "inf", -1])
async def test_an_absurd_clock_advance_is_refused_and_people_can_still_talk(
        sandbox: Sandbox, seconds: Any) -> None:
    before = sandbox.clock.time()
    async with aiohttp.ClientSession() as session:
        status, body = await _call(session, sandbox, "POST", "/clock/advance",
                                   {"seconds": seconds})
        assert status == 400 and "seconds" in body["error"]
        assert sandbox.clock.time() - before < 60
        status, msg = await _call(session, sandbox, "POST", "/messages",
                                  {"as": "alice", "channel": "general", "content": "still here"})
        assert status == 200 and msg["content"] == "still here"


@pytest.mark.parametrize(("fault", "named"), [
    ({"count": 10**30}, "count"),
    ({"count": 1_000_000}, "count"),
    ({"count": 1, "status": 429, "retry_after": "nan"}, "retry_after"),
    ({"count": 1, "status": 429, "retry_after": "inf"}, "retry_after"),
])
async def test_rest_faults_are_bounded_and_checked(sandbox: Sandbox, fault: dict[str, Any],
                                                   named: str) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await _call(session, sandbox, "POST", "/faults/rest", fault)
        assert status == 400 and named in body["error"]
        assert sandbox.faults.pending == 0
        async with session.get(f"{sandbox.api_url}/users/@me",
                               headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
            assert resp.status == 200


@pytest.mark.parametrize("values", [5, "text", ["a"]])
async def test_modal_values_must_be_an_object(sandbox: Sandbox, values: Any) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await _call(session, sandbox, "POST", "/interactions/modal",
                                   {"as": "alice", "interaction": "1", "values": values})
        assert status == 400 and "values" in body["error"]


@pytest.mark.parametrize("options", [5, "text", True])
async def test_command_options_must_be_an_object_or_a_list(sandbox: Sandbox,
                                                           options: Any) -> None:
    from tidecord.models import ApplicationCommand

    command = ApplicationCommand(id=sandbox.state.new_id(), name="greet", description="g")
    sandbox.state.commands[command.id] = command
    async with aiohttp.ClientSession() as session:
        status, body = await _call(session, sandbox, "POST", "/interactions/command",
                                   {"as": "alice", "channel": "general", "name": "greet",
                                    "options": options})
        assert status == 400 and "options" in body["error"]
