"""A gateway that drops every connection right after READY or RESUMED.

A flapping network or a proxy that kills sockets lets the bot in and throws it out at
once. Reconnecting at once each time is a tight loop: a connection and a RESUME (or an
IDENTIFY, out of 1000 a day) every few milliseconds. The bot must wait longer after
each such short-lived connection, then come back once the gateway is sound; a single
drop of a connection that had been working still reconnects at once, as Discord asks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

import tidecord
from tidecord.sandbox import Sandbox
from tidecord.sandbox.gateway.connection import Connection

from ..background import in_background
from .chaos_helpers import send_and_see, until, warnings_of
from .conftest import StartBot


class Flapper:
    """Closes (4000, resumable) each connection as soon as it has a session, ``times``
    times in a row, noting when each drop happened and when the next session began."""

    def __init__(self, sb: Sandbox, times: int) -> None:
        self.sb = sb
        self.times = times
        self.dropped_at: list[float] = []
        self.gaps: list[float] = []  # from each drop to the next connection with a session

    async def run(self) -> None:
        # The connections themselves, not their ids: a closed one freed, the next one
        # can be made at its address (Python 3.12 often did), and an id seen before
        # hid a new connection, so its drop and gap went uncounted.
        seen: set[Connection] = set()
        while True:
            for conn in self.sb.hub.live():
                if conn in seen:
                    continue
                seen.add(conn)
                now = time.monotonic()
                if self.dropped_at:
                    self.gaps.append(now - self.dropped_at[-1])
                if len(self.dropped_at) < self.times:
                    conn.close(4000, "Flapping.")  # after the READY or RESUMED queued
                    self.dropped_at.append(now)
            await asyncio.sleep(0.001)


@asynccontextmanager
async def flapping(sb: Sandbox, times: int) -> AsyncIterator[Flapper]:
    flapper = Flapper(sb, times)
    async with in_background(flapper.run(), "test: flapper"):
        yield flapper


async def test_short_lived_connections_back_off_longer_each_time_then_recover(
    sandbox: Sandbox, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    # The test sandbox's heartbeat is 1 s: a connection that ends sooner after its
    # session began did not last (the default measure); waits start at 0.2 s here.
    bot = await start_bot(reconnect_backoff=0.2)
    drops = 6
    async with flapping(sandbox, drops) as flapper:
        await until(lambda: len(flapper.gaps) == drops, within=15,
                    what=f"{drops} drops and the connection after them")
        await asyncio.sleep(0.3)  # no further connection comes while the last one lasts
        assert len(flapper.gaps) == drops
    gaps = flapper.gaps
    print("gaps (s):", [round(g, 3) for g in gaps])
    # The first short-lived connection is reopened at once (a drop says nothing of the
    # next); each one after waits 0.2, 0.4, 0.8, 1.6, 3.2 s, with jitter in [0.5, 1.5).
    # That the first did not wait is told by the warnings below (one per wait, drops - 1
    # of them); its gap only has to be short of a second, since the flapper shares the
    # loop with the bot and a loaded machine stalls it for 0.4-0.5 s now and then.
    assert gaps[0] < 1.0, gaps
    for shorter, longer in zip(gaps[1:], gaps[3:], strict=False):
        assert longer > shorter, gaps  # twice doubled: outgrows any jitter
    assert gaps[-1] >= 3.2 * 0.5, gaps
    assert sum(gaps) >= 6.2 * 0.5, gaps
    # Every drop left the session resumable: resumed each time, never identified again.
    await until(lambda: bot.log.count("resumed") == drops, what=f"the bot's {drops} resumes")
    assert sandbox.hub.identifies == 1
    assert bot.log.count("resumed") == drops
    # One warning per backed-off reconnect, saying how long it waits.
    waits = [m for m in warnings_of(caplog) if "short-lived" in m]
    assert len(waits) == drops - 1, waits
    assert all("reconnecting in" in m and sandbox.token not in m for m in waits)
    # The gateway is sound again: the bot hears people.
    await send_and_see(sandbox, bot, "back after the flapping")
    assert bot.alive


async def test_a_gateway_that_keeps_flapping_sees_a_few_connections_not_a_storm(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    # Default pacing (waits from 1 s, a connection lasts after one heartbeat, 1 s here).
    bot = await start_bot()
    async with flapping(sandbox, 1_000_000) as flapper:
        await asyncio.sleep(2.0)
    # Two at once, then waits of about 1 and 2 s: four connections, five at most with
    # jitter; reconnecting at once made dozens (a RESUME every few milliseconds).
    assert 3 <= len(flapper.dropped_at) <= 5, len(flapper.dropped_at)
    await send_and_see(sandbox, bot, "back once it stopped", within=15)
    assert sandbox.hub.identifies == 1


async def test_a_drop_after_a_lasting_connection_reconnects_at_once(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    # A connection lasts if it stays up 0.3 s after its session began; waits start at
    # 2 s (1 s at the least, with jitter), far above a reconnect's few milliseconds. "At
    # once" allows up to a second: the flapper measures on the loop the bot shares, which
    # a loaded machine stalls for 0.4-0.5 s now and then.
    bot = await start_bot(reconnect_stable_after=0.3, reconnect_backoff=2.0)
    at_once = 1.0
    await asyncio.sleep(0.4)
    async with flapping(sandbox, 3) as flapper:
        await until(lambda: len(flapper.gaps) == 3, what="three connections after drops")
    gaps = flapper.gaps
    # The lasting connection's drop: at once; the first short-lived one's: at once too
    # (one drop says nothing of the next); the second short-lived one in a row: a wait.
    assert gaps[0] < at_once and gaps[1] < at_once and gaps[2] >= 1.0, gaps
    # The flapper sees a connection once the sandbox has queued RESUMED; the bot hears it
    # a moment later (later still on a loaded machine), and its session lasts from then.
    await until(lambda: bot.log.count("resumed") == 3, what="the bot's third resume")
    await asyncio.sleep(0.4)
    async with flapping(sandbox, 1) as flapper:  # it lasted: the count starts over
        await until(lambda: len(flapper.gaps) == 1, what="the connection after the drop")
    assert flapper.gaps[0] < at_once, flapper.gaps
    await until(lambda: bot.log.count("resumed") == 4, what="the bot's fourth resume")
    assert sandbox.hub.identifies == 1 and bot.log.count("resumed") == 4
    await send_and_see(sandbox, bot, "still here")


async def test_a_disconnect_by_hand_is_no_failure_to_wait_after(
    sandbox: Sandbox, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    # Waits start at 5 s (2.5 s at the least): a disconnect that waited to reconnect
    # would be far past the bound below, which a loaded machine's stall is not.
    bot = await start_bot(reconnect_backoff=5.0)
    async with flapping(sandbox, 1) as flapper:  # one short-lived connection already
        await until(lambda: len(flapper.gaps) == 1, what="the connection after the drop")
    shard = bot.get_shard(0)
    assert shard is not None
    # The bot's own disconnect() of another short-lived connection parks the shard at
    # once: it is no failure, and nothing waits to reconnect what it closed on purpose.
    started = time.monotonic()
    await shard.disconnect()
    assert time.monotonic() - started < 1.5
    assert not [m for m in warnings_of(caplog) if "reconnecting in" in m]
    await shard.connect()  # a new session (after the 5 s identify window)
    await send_and_see(sandbox, bot, "connected again")
    assert sandbox.hub.identifies == 2


@pytest.mark.parametrize("options", [
    {"reconnect_backoff": 0}, {"reconnect_backoff": float("nan")},
    {"reconnect_backoff": 61}, {"reconnect_stable_after": -1},
    {"reconnect_stable_after": float("inf")},
])
def test_nonsense_pacing_is_refused_when_the_client_is_made(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="reconnect waits"):
        tidecord.Client(**options)  # type: ignore[arg-type]
