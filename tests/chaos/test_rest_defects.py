"""REST defects, one test each: sends land once, every call ends, garbage is a typed error."""

from __future__ import annotations

import asyncio
import socket
import time

import aiohttp
import msgspec
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

import tidecord
from tidecord.models import encode
from tidecord.rest import RESTClient, Route
from tidecord.sandbox import RateLimits, Sandbox

from .chaos_helpers import warnings_of
from .conftest import StartBot

LOOSE = RateLimits(default=(1000, 1.0), routes={})
_VIA = {"Via": "1.1 google", "Content-Type": "application/json"}


def _contents(sb: Sandbox, channel: str = "general") -> list[str]:
    return [m.content for m in sb.messages(channel)]


# -- sends land exactly once ------------------------------------------------------------

async def test_sends_carry_a_nonce_discord_enforces(sandbox: Sandbox, start_bot: StartBot) -> None:
    bot = await start_bot()
    sent = await bot.get_channel(sandbox.channel("general").id).send("with a nonce")
    stored = sandbox.messages("general")[-1]
    assert stored.id == sent.id and isinstance(stored.nonce, str) and stored.nonce


@pytest.mark.parametrize("fault", ["500 after the write", "reset after the write"])
async def test_a_send_applied_then_failed_is_not_posted_twice(
    sandbox: Sandbox, start_bot: StartBot, fault: str
) -> None:
    bot = await start_bot()
    if fault.startswith("500"):
        sandbox.fail_next_rest(1, 500, after_write=True)
    else:
        sandbox.reset_next_rest(1, after_write=True)
    sent = await bot.get_channel(sandbox.channel("general").id).send("exactly once")
    assert _contents(sandbox) == ["exactly once"]
    assert sandbox.messages("general")[0].id == sent.id


async def test_the_sandbox_honours_enforce_nonce_as_discord_documents(sandbox: Sandbox) -> None:
    http = RESTClient(sandbox.api_url)
    general = sandbox.channel("general").id
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=general)
    try:
        await http.login(sandbox.token)
        first = msgspec.json.decode(await http.request_raw(
            route, json={"content": "a", "nonce": "n-1", "enforce_nonce": True}))
        again = msgspec.json.decode(await http.request_raw(
            route, json={"content": "b", "nonce": "n-1", "enforce_nonce": True}))
        assert again["id"] == first["id"] and again["content"] == "a"  # the first, returned
        # Without enforce_nonce the nonce is only echoed: a second message.
        await http.request_raw(route, json={"content": "c", "nonce": "n-1"})
        # After "the past few minutes" the nonce is free again.
        sandbox.clock.advance(6 * 60)
        later = msgspec.json.decode(await http.request_raw(
            route, json={"content": "d", "nonce": "n-1", "enforce_nonce": True}))
        assert later["id"] != first["id"]
        assert _contents(sandbox) == ["a", "c", "d"]
    finally:
        await http.close()


async def test_a_non_idempotent_call_that_may_have_been_applied_is_not_retried(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot()
    channel = bot.get_channel(sandbox.channel("general").id)
    sandbox.fail_next_rest(1, 500, after_write=True)
    with pytest.raises(tidecord.DiscordServerError):
        await channel.create_thread(name="only one")
    threads = [c for c in sandbox.state.threads[sandbox.guild.id].values()
               if c.name == "only one"]
    assert len(threads) == 1


# -- every call ends --------------------------------------------------------------------

async def test_a_call_has_a_total_deadline(sandbox: Sandbox, start_bot: StartBot) -> None:
    bot = await start_bot(rest_timeout=1.0)
    sandbox.slow_next_rest(1, seconds=6.0)
    started = time.monotonic()
    with pytest.raises(tidecord.RESTTimeout) as caught:
        await bot.fetch_user(sandbox.user("alice").id)
    assert time.monotonic() - started < 3.0
    assert isinstance(caught.value, TimeoutError) and "GET /users/{user_id}" in str(caught.value)


async def test_a_stalled_read_is_retried_when_safe(sandbox: Sandbox, start_bot: StartBot) -> None:
    bot = await start_bot(rest_read_timeout=0.5)
    sandbox.slow_next_rest(1, seconds=6.0)
    started = time.monotonic()
    user = await bot.fetch_user(sandbox.user("alice").id)  # a GET: retried after 0.5 s
    assert user.name == "alice" and time.monotonic() - started < 3.0


@pytest.mark.sandbox(rate_limits=LOOSE)
async def test_an_endless_429_storm_ends_with_a_typed_error(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot(rest_timeout=2.0)
    sandbox.fail_next_rest(5000, 429, retry_after=0.05)
    started = time.monotonic()
    # As discord.py: five attempts, each after the wait Discord asked, then the last 429.
    with pytest.raises(tidecord.HTTPException) as caught:
        await bot.fetch_user(sandbox.user("alice").id)
    # 5 x 0.05 s asked: well under the 2 s deadline, which an endless storm would reach
    # (and a backoff on top of each wait, 0.25 + 0.5 + 1 + 2 s, would pass); the margin
    # is for a loaded machine's stalls of 0.4-0.5 s.
    assert time.monotonic() - started < 1.8
    assert caught.value.status == 429 and sandbox.faults.pending == 5000 - 5
    sandbox.faults.clear()


@pytest.mark.parametrize(("body", "error"), [
    (b'{"message":"x","retry_after":1e9,"global":false}', tidecord.RateLimited),
    (b'{"message":"x","retry_after":"soon","global":false}', tidecord.HTTPException),
    (b'{"message":"x","retry_after":-3,"global":false}', tidecord.HTTPException),
    (b'["not", "an", "object"]', tidecord.HTTPException),
])
async def test_a_429_with_an_absurd_or_garbage_wait_is_a_typed_error(
    sandbox: Sandbox, start_bot: StartBot, body: bytes, error: type[Exception]
) -> None:
    bot = await start_bot()
    sandbox.answer_next_rest(1, 429, body, _VIA)
    with pytest.raises(error) as caught:
        await asyncio.wait_for(bot.fetch_user(sandbox.user("alice").id), 5)
    assert type(caught.value).__module__.startswith("tidecord")  # never a bare ValueError


async def test_garbage_rate_limit_headers_are_ignored(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot()
    alice = sandbox.user("alice")
    headers = {"Content-Type": "application/json", "X-RateLimit-Limit": "lots",
               "X-RateLimit-Remaining": "nan", "X-RateLimit-Reset-After": "-inf"}
    sandbox.answer_next_rest(1, 200, encode(alice), headers)
    assert (await bot.fetch_user(alice.id)).name == "alice"
    assert (await bot.fetch_user(alice.id)).name == "alice"


async def test_an_absurd_rate_limit_window_does_not_close_the_route(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    # Seen in the REST fuzz: "Remaining: 0, Reset-After: 1e9" on a 200 shut the
    # route for 31 years, and every later call raised RateLimited.
    bot = await start_bot(max_ratelimit_timeout=1.0)
    alice = sandbox.user("alice")
    headers = {"Content-Type": "application/json", "X-RateLimit-Limit": "5",
               "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "1e9"}
    sandbox.answer_next_rest(1, 200, encode(alice), headers)
    assert (await bot.fetch_user(alice.id)).name == "alice"
    assert (await bot.fetch_user(alice.id)).name == "alice"


@pytest.mark.sandbox(rate_limits=LOOSE)
async def test_one_slow_response_does_not_hold_its_new_bucket(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot()
    alice = sandbox.user("alice").id
    sandbox.slow_next_rest(1, seconds=4.0)
    started = time.monotonic()
    slow = asyncio.ensure_future(bot.fetch_user(alice))
    await asyncio.sleep(0.05)  # the slow one goes first, into a bucket not known yet
    others = await asyncio.wait_for(asyncio.gather(*(bot.fetch_user(alice) for _ in range(10))), 10)
    assert time.monotonic() - started < 3.0, "the others waited for the slow one"
    assert len(others) == 10
    await slow


@pytest.mark.sandbox(rate_limits=LOOSE)
async def test_a_call_can_bound_its_wait_behind_the_global_limit(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot(max_ratelimit_timeout=0.5)
    alice = sandbox.user("alice").id

    async def timed() -> tuple[float, object]:
        started = time.monotonic()
        try:
            result: object = await bot.fetch_user(alice)
        except tidecord.RateLimited as exc:
            result = exc
        return time.monotonic() - started, result

    results = await asyncio.wait_for(asyncio.gather(*(timed() for _ in range(300))), 15)
    refused = [t for t, r in results if isinstance(r, tidecord.RateLimited)]
    served = [t for t, r in results if isinstance(r, tidecord.User)]
    # 50 a second: what fits in the half second is served, the rest refused at once.
    assert refused and served and len(refused) + len(served) == 300
    assert max(served) < 1.5 and max(refused) < 1.5, (max(served), max(refused))
    assert bot.http.ratelimited == 0


# -- a DNS failure at login is final ----------------------------------------------------

class _NoDNS(AbstractResolver):
    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        pass


async def test_a_dns_failure_at_login_is_final(caplog: pytest.LogCaptureFixture) -> None:
    http = RESTClient("http://discord.invalid/api/v10",
                      connector=aiohttp.TCPConnector(resolver=_NoDNS()))
    started = time.monotonic()
    try:
        with pytest.raises(aiohttp.ClientConnectorError):
            await http.login("a-token")
    finally:
        await http.close()
    # No retry: each would log a warning (checked below), and the retries' backoff (0.25
    # + 0.5 + 1 + 2 s, at least half of that with jitter) would pass this bound, which
    # leaves room for a loaded machine's stalls of 0.4-0.5 s.
    assert time.monotonic() - started < 1.5
    assert warnings_of(caplog) == []
