"""REST: rate limits kept before the request, 429s and 5xx handled, typed errors."""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

import pytest
from aiohttp import web

import tidecord
from tidecord.rest import RESTClient, Route
from tidecord.sandbox import RateLimits, Sandbox, World

from ..health.sandbox_thread import SandboxThread
from ..loop_stalls import watching_stalls
from .client_helpers import Connect

TIGHT = RateLimits(routes={"POST /channels/{channel_id}/messages": (20, 0.5)})


@pytest.mark.sandbox(rate_limits=TIGHT)
async def test_burst_of_200_sends_earns_no_429(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    started = time.monotonic()
    sent = await asyncio.wait_for(
        asyncio.gather(*(channel.send(f"burst {i}") for i in range(200))), 30
    )
    elapsed = time.monotonic() - started
    assert len({m.id for m in sent}) == 200
    assert client.http.ratelimited == 0
    # 200 at 20 per 0.5 s needs 9 full windows (4.5 s); the upper bound is slack
    # for a loaded machine, the lower one proves the pacing happened before sending.
    assert 4.0 <= elapsed < 20.0, elapsed
    contents = [m.content for m in sandbox.messages("general")]
    assert sorted(contents) == sorted(f"burst {i}" for i in range(200))


ORDERLY = RateLimits(routes={"POST /channels/{channel_id}/messages": (10, 0.3)})


@pytest.mark.sandbox(rate_limits=ORDERLY)
async def test_sends_queued_for_a_channel_leave_in_the_order_they_were_made(
        sandbox: Sandbox, connect: Connect) -> None:
    # 60 sends at once, 10 a window: 50 wait for later windows. Each window's end used
    # to wake all of them on their own timers, and whichever timer fired first went,
    # so a channel showed "queued 37" before "queued 12".
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    await channel.send("learn the bucket")
    await asyncio.sleep(0.35)
    sent = await asyncio.wait_for(
        asyncio.gather(*(channel.send(f"queued {i}") for i in range(60))), 30)
    assert client.http.ratelimited == 0
    assert [m.content for m in sent] == [f"queued {i}" for i in range(60)]
    stored = [m.content for m in sandbox.messages("general") if m.content.startswith("queued")]
    assert stored == [f"queued {i}" for i in range(60)]


LOOSE_ROUTES = RateLimits(default=(1000, 1.0), routes={})


@pytest.mark.sandbox(rate_limits=LOOSE_ROUTES)
async def test_global_limit_of_50_per_second_is_kept(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    general = client.get_channel(sandbox.channel("general").id)
    ideas = client.get_channel(sandbox.channel("ideas").id)
    calls = [general.send("g") for _ in range(50)] + [ideas.send("i") for _ in range(50)]
    calls += [client.fetch_user(sandbox.user("alice").id) for _ in range(50)]
    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*calls), 15)
    # 150 calls at 50 per second: two full waits, and not one 429.
    assert time.monotonic() - started >= 2.0
    assert client.http.ratelimited == 0


@pytest.mark.sandbox(rate_limits=LOOSE_ROUTES)
async def test_global_limit_holds_when_the_server_counts_some_requests_late(
        sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    general = client.get_channel(sandbox.channel("general").id)
    await general.send("learn the bucket")
    await asyncio.sleep(1.1)  # the global window of that send is over
    # Ten of the first fifty wait 1.1 s in the server before it counts them: they land
    # in the next second, with the fifty after them. Slots stamped when granted let
    # those fifty go at once (ten 429s); slots held until answered do not.
    for attempt in (1, 2):
        sandbox.slow_next_rest(10, 1.1)
        earned = client.http.ratelimited
        started = time.monotonic()
        sent, stalled = await _burst([general], 100)
        took = time.monotonic() - started
        earned = client.http.ratelimited - earned
        # The server shares this loop: a stall of it (155 ms once, in a CI worker) stops
        # its clock and the bot's together, which no bot meets on Discord, and cost six
        # 429s. Such a run says nothing: once more.
        if earned == 0 or stalled < 0.1 or attempt == 2:
            break
        await asyncio.sleep(1.1)
    assert earned == 0, f"{earned} 429s (the loop stalled {stalled:.2f} s at most)"
    assert len({m.id for m in sent}) == 100
    # The ten slots held 1.1 s and then rested 1 s: the last ten went out after 2.1 s.
    assert took >= 2.0


@pytest.mark.sandbox(rate_limits=LOOSE_ROUTES)
async def test_sends_at_a_steady_pace_below_the_global_limit_never_wait(
        sandbox: Sandbox, connect: Connect) -> None:
    # 30 sends a second for 3.5 s, under the global 50 a second. Each window ends a
    # second after its first answer, and the send answered across that end takes a
    # place in the next. The late answer used to keep the window open instead (each
    # of the next ones pushing its end a second on), until it held 50 sends: the 51st
    # then waited about a second.
    client = await connect()
    channels = [client.get_channel(sandbox.channel(name).id) for name in ("general", "ideas")]
    for channel in channels:
        await channel.send("learn the bucket")
    # Each answer takes 50 ms, so the sends made in the last 50 ms of every window are
    # answered after it ends, whatever the machine's timing.
    sandbox.slow_next_rest(200, 0.05)
    # Judged by the time the sends spent waiting for rate limits (the client's own
    # count), not by how long each took: on a loaded machine the loop's lag and the
    # sandbox's answers would decide that.
    before = client.http.ratelimit_wait
    pending = []
    for i in range(105):
        pending.append(asyncio.create_task(channels[i % 2].send(f"t{i}")))
        await asyncio.sleep(1 / 30)
    await asyncio.wait_for(asyncio.gather(*pending), 20)
    assert client.http.ratelimited == 0
    waited = client.http.ratelimit_wait - before
    assert waited < 0.3, waited


async def _burst(channels: list[Any], count: int) -> tuple[list[Any], float]:
    """``count`` messages sent at once over ``channels``, garbage collection held off;
    and the longest the loop went without running meanwhile (s)."""
    gc.collect()
    gc.disable()
    try:
        async with watching_stalls() as stalls:
            sent = await asyncio.wait_for(asyncio.gather(
                *(channels[i % len(channels)].send(f"w{i}") for i in range(count))), 20)
    finally:
        gc.enable()
    return sent, stalls.longest


@pytest.mark.sandbox(rate_limits=LOOSE_ROUTES)
async def test_a_slow_answer_does_not_hold_the_next_global_window(
        sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channels = [client.get_channel(sandbox.channel(name).id) for name in ("general", "ideas")]
    for channel in channels:
        await channel.send("learn the bucket")
    await asyncio.sleep(1.1)
    # Ten of the first fifty are held 0.8 s before the server counts them: still
    # inside its first window. The window is over a second after it opened, whatever
    # those ten did, and the next fifty go together. Holding each of the fifty places
    # until a second after its own answer let forty go at 1 s and the last ten at 1.8.
    for attempt in (1, 2):
        sandbox.slow_next_rest(10, 0.8)
        earned = client.http.ratelimited
        sent, stalled = await _burst(channels, 150)
        earned = client.http.ratelimited - earned
        # When the server made each (a snowflake's milliseconds): the second fifty are
        # one burst. (Judged within the burst, so a loaded machine that delays a whole
        # window does not decide it.)
        made = sorted(m.created_at for m in sent)
        second = (made[99] - made[50]).total_seconds()
        # The sandbox shares this loop: a stall of it (once 0.5 s of garbage collection
        # on a starved CPU, in a CI worker) stops the server's clock and the bot's
        # together, which no bot meets on Discord; a loaded machine spreads a burst too.
        # Such a run says nothing: once more (the fault this test is about, ten held
        # 0.8 s, shows every time).
        if (earned == 0 and second < 0.5) or attempt == 2:
            break
        await asyncio.sleep(1.1)
    assert earned == 0, f"{earned} 429s (the loop stalled {stalled:.2f} s at most)"
    assert len({m.id for m in sent}) == 150
    assert second < 0.5, [round((t - made[0]).total_seconds(), 3) for t in made]


async def test_a_window_ends_when_the_server_counted_not_when_the_bot_read_the_answer(
        ) -> None:
    # The sandbox on its own thread, as Discord: it counts the requests while the bot's
    # loop is stuck for 0.4 s right after the first one arrives, so the bot reads every
    # answer of that window late. The server's window still ends a second after it
    # counted the first request (its Reset less Reset-After says when that was), and
    # the next fifty go then, not a second after the bot read the first answer.
    async with SandboxThread(rate_limits=LOOSE_ROUTES) as remote:
        sandbox = remote.sandbox
        assert sandbox is not None
        client = tidecord.Client(api_url=sandbox.api_url)
        await client.login(sandbox.token)
        try:
            channels = [client.get_partial_messageable(sandbox.channel(name).id)
                        for name in ("general", "ideas")]
            for channel in channels:
                await channel.send("learn the bucket")
            loop = asyncio.get_running_loop()
            for attempt in (1, 2):
                await asyncio.sleep(1.1)
                first = f"w{attempt}-0"

                async def stall_the_bot_at_the_first(sb: Sandbox, first: str = first) -> None:
                    await sb.wait_for_message("general", check=lambda said: said.content == first,
                                              timeout=10)
                    loop.call_soon_threadsafe(time.sleep, 0.4)

                stall = asyncio.create_task(remote.call(stall_the_bot_at_the_first))
                earned = client.http.ratelimited
                sent = await asyncio.wait_for(asyncio.gather(
                    *(channels[i % 2].send(f"w{attempt}-{i}") for i in range(100))), 20)
                await stall
                earned = client.http.ratelimited - earned
                counted = sorted(m.created_at for m in sent)
                gap = (counted[50] - counted[0]).total_seconds()
                # A loaded machine that stops the whole process (both threads) for 0.4-0.5
                # s as the window ends sends the fifty late once; the fault (a window
                # timed from the bot's late reading, 1.4 s) is late every time: once more.
                if (earned == 0 and 1.0 <= gap < 1.25) or attempt == 2:
                    break
            assert earned == 0
            assert 1.0 <= gap < 1.25, gap
        finally:
            await client.close()


QUEUED = RateLimits(global_limit=15, routes={"POST /channels/{channel_id}/messages": (10, 1.0)})


@pytest.mark.sandbox(rate_limits=QUEUED)
async def test_sends_kept_waiting_by_the_global_limit_count_in_the_window_they_reach(
        sandbox: Sandbox, connect: Connect) -> None:
    # 10 sends to one channel, then 20 to another, each channel 10 a second, all
    # behind a global 15 a second: the second channel's first 5 go at once, its next 5
    # wait for the global limit past the end of its window, and reach the server in
    # the next one. Its window ending must not let 10 more go beside them.
    client = await connect(rest_global_rate=15)
    first, second = (client.get_channel(sandbox.channel(name).id)
                     for name in ("general", "ideas"))
    for channel in (first, second):
        await channel.send("learn the bucket")
    await asyncio.sleep(1.1)
    sends = [first.send(f"a{i}") for i in range(10)] + [second.send(f"b{i}") for i in range(20)]
    sent = await asyncio.wait_for(asyncio.gather(*sends), 30)
    assert len({m.id for m in sent}) == 30
    assert client.http.ratelimited == 0


async def test_injected_429_is_waited_out_and_retried(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sandbox.fail_next_rest(1, 429, retry_after=0.2)
    started = time.monotonic()
    msg = await channel.send("after a 429")
    assert msg.content == "after a 429"
    assert time.monotonic() - started >= 0.2
    assert client.http.ratelimited == 1


async def test_5xx_is_retried_then_raised(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sandbox.fail_next_rest(2, 502)
    assert (await channel.send("third time lucky")).content == "third time lucky"
    client.http.max_retries = 2
    sandbox.fail_next_rest(2, 503)
    with pytest.raises(tidecord.DiscordServerError) as caught:
        await channel.send("never")
    assert caught.value.status == 503


async def test_rate_limit_wait_beyond_the_cap_raises(sandbox: Sandbox) -> None:
    async with tidecord.Client(api_url=sandbox.api_url, max_ratelimit_timeout=0.5) as client:
        await client.login(sandbox.token)
        sandbox.fail_next_rest(1, 429, retry_after=3.0)
        with pytest.raises(tidecord.RateLimited) as caught:
            await client.fetch_user(sandbox.user("alice").id)
        assert caught.value.retry_after == pytest.approx(3.0)


async def _serve(handler) -> tuple[web.AppRunner, str]:  # type: ignore[no-untyped-def]
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/api/v10"


async def test_429_without_via_or_json_is_raised_at_once() -> None:
    calls = 0

    async def cloudflare(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        return web.Response(status=429, text="<html>banned</html>", content_type="text/html")

    runner, url = await _serve(cloudflare)
    http = RESTClient(url)
    try:
        with pytest.raises(tidecord.HTTPException) as caught:
            await http.request(Route("GET", "/users/@me"))
        assert caught.value.status == 429 and calls == 1
    finally:
        await http.close()
        await runner.cleanup()


async def test_errors_carry_code_and_error_tree_without_secrets() -> None:
    async def invalid(request: web.Request) -> web.Response:
        body = {"code": 50035, "message": "Invalid Form Body",
                "errors": {"content": {"_errors": [
                    {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}
                ]}}}
        return web.json_response(body, status=400)

    runner, url = await _serve(invalid)
    http = RESTClient(url)
    http.set_token("secret-token-value")
    try:
        route = Route("POST", "/webhooks/{webhook_id}/{webhook_token}", webhook_id=1,
                      webhook_token="webhook-secret")
        with pytest.raises(tidecord.HTTPException) as caught:
            await http.request(route, json={"content": "x" * 3000})
        err = caught.value
        assert (err.status, err.code) == (400, 50035)
        assert err.errors["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
        assert "In content: Must be 2000 or fewer in length." in str(err)
        for text in (str(err), repr(err), repr(route), repr(http)):
            assert "webhook-secret" not in text and "secret-token-value" not in text
    finally:
        await http.close()
        await runner.cleanup()


async def test_a_sub_limit_holds_back_only_the_calls_that_meet_it(
        sandbox_factory: Any, connect: Connect) -> None:
    # Two renames per channel per ten minutes: the third 429s while the route's bucket
    # still has room. Other edits of that channel must go on at once, as Discord takes
    # them, rather than wait out the ten minutes behind a closed bucket.
    sandbox = await sandbox_factory(world=World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice", "members": ["alice"],
                    "bot_permissions": ["view_channel", "send_messages", "manage_channels"],
                    "channels": [{"name": "general"}]}],
    }))
    client = await connect(sb=sandbox)
    channel = client.get_channel(sandbox.channel("general").id)
    for name in ("chat", "lobby"):
        await channel.edit(name=name)
    started = time.monotonic()
    with pytest.raises(tidecord.RateLimited) as caught:
        await channel.edit(name="hall")
    assert 590 < caught.value.retry_after <= 600
    edited = await channel.edit(slowmode_delay=5)
    assert edited.slowmode_delay == 5
    assert time.monotonic() - started < 5
    assert client.http.ratelimited == 1
    assert sandbox.state.channel(channel.id).name == "lobby"
