"""Rate limits as Discord sends them, and injected REST failures."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord
import pytest

from tidecord.sandbox import RateLimits, Sandbox

from .sandbox_peers import discord_py

pytestmark = pytest.mark.timeout(30)

TIGHT = RateLimits(routes={"POST /channels/{channel_id}/messages": (2, 1.0)})


async def _post(session: aiohttp.ClientSession, sb: Sandbox, channel: str
                ) -> aiohttp.ClientResponse:
    url = f"{sb.api_url}/channels/{sb.channel(channel).id}/messages"
    async with session.post(url, json={"content": "x"},
                            headers={"Authorization": f"Bot {sb.token}"}) as resp:
        await resp.read()
        return resp


@pytest.mark.sandbox(rate_limits=TIGHT)
async def test_every_response_carries_bucket_headers(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        first = await _post(session, sandbox, "general")
        second = await _post(session, sandbox, "general")
        limited = await _post(session, sandbox, "general")
        other_channel = await _post(session, sandbox, "ideas")
        async with session.get(f"{sandbox.api_url}/users/@me",
                               headers={"Authorization": f"Bot {sandbox.token}"}) as me:
            await me.read()
    assert first.headers["X-RateLimit-Limit"] == "2"
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert second.headers["X-RateLimit-Remaining"] == "0"
    assert first.headers["X-RateLimit-Bucket"] == other_channel.headers["X-RateLimit-Bucket"]
    reset = float(first.headers["X-RateLimit-Reset"])
    assert time.time() < reset < time.time() + 1.5
    assert 0 < float(first.headers["X-RateLimit-Reset-After"]) <= 1.0
    assert "X-RateLimit-Bucket" in me.headers
    assert limited.status == 429
    assert limited.headers["Via"] == "1.1 google"
    assert limited.headers["X-RateLimit-Scope"] == "user"
    assert int(limited.headers["Retry-After"]) >= 0
    assert limited.headers["Content-Type"] == "application/json"
    # the major parameter splits the bucket: #ideas still had room
    assert other_channel.status == 200
    assert len(sandbox.messages("general")) == 2


@pytest.mark.sandbox(rate_limits=TIGHT)
async def test_429_body_is_discords(sandbox: Sandbox) -> None:
    url = f"{sandbox.api_url}/channels/{sandbox.channel('general').id}/messages"
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as session:
        for _ in range(2):
            await _post(session, sandbox, "general")
        async with session.post(url, json={"content": "x"}, headers=headers) as resp:
            body = await resp.json()
    assert set(body) == {"message", "retry_after", "global"}
    assert body["global"] is False and 0 < body["retry_after"] <= 1.0


@pytest.mark.sandbox(rate_limits=RateLimits(global_limit=3, global_per=1.0))
async def test_global_limit(sandbox: Sandbox) -> None:
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(4):
            async with session.get(f"{sandbox.api_url}/users/@me", headers=headers) as resp:
                statuses.append(resp.status)
                last = resp
                body = await resp.json()
    assert statuses == [200, 200, 200, 429]
    assert last.headers["X-RateLimit-Global"] == "true"
    assert last.headers["X-RateLimit-Scope"] == "global"
    assert body["global"] is True


async def test_injected_failures_are_consumed_in_order(sandbox: Sandbox) -> None:
    sandbox.fail_next_rest(1, status=503)
    sandbox.fail_next_rest(1, status=429, retry_after=0.2)
    headers = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as session:
        results = []
        for _ in range(3):
            async with session.get(f"{sandbox.api_url}/users/@me", headers=headers) as resp:
                results.append((resp.status, await resp.json(), resp.headers.get("Via")))
    assert results[0][0] == 503 and results[0][1]["code"] == 0
    assert results[1][0] == 429 and results[1][1]["retry_after"] == 0.2
    assert results[1][2] == "1.1 google"
    assert results[2][0] == 200


@pytest.mark.tidecord_strict(False)
@pytest.mark.sandbox(rate_limits=TIGHT)
async def test_discord_py_waits_out_the_limits_and_retries(sandbox: Sandbox) -> None:
    async with discord_py(sandbox) as client:
        channel = client.get_channel(sandbox.channel("general").id)
        assert isinstance(channel, discord.TextChannel)
        sandbox.fail_next_rest(1, status=429, retry_after=0.1)
        started = time.monotonic()
        for i in range(5):
            await channel.send(f"m{i}")
        elapsed = time.monotonic() - started
    assert [m.content for m in sandbox.messages("general")] == [f"m{i}" for i in range(5)]
    assert elapsed >= 1.0  # 5 sends at 2 per second took at least two windows


# 30 concurrent client connections can stall a loaded machine's loop past strict mode's
# default 100 ms; what this test checks is the sandbox, not loop latency.
@pytest.mark.tidecord_strict(threshold=1.0)
async def test_sandbox_survives_a_flood_of_bad_requests(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async def bad(i: int) -> int:
            async with session.post(f"{sandbox.api_url}/channels/{i}/messages", data=b"{",
                                    headers={"Authorization": f"Bot {sandbox.token}"}) as r:
                return r.status
        statuses = await asyncio.gather(*(bad(i) for i in range(30)))
        assert all(s in (400, 404, 429) for s in statuses), statuses
        await asyncio.sleep(1.1)  # let the global window pass
        ok = await _post(session, sandbox, "general")
    assert ok.status == 200
