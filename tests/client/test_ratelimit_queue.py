"""A bucket's queue: calls waiting for a full window are woken when one of them can go;
the server's clock as the limits read it."""

from __future__ import annotations

import asyncio
import math
import random
import time

import pytest

from tidecord.rest import RateLimited
from tidecord.rest.ratelimit import Bucket, GlobalLimiter, ServerClock, WaitBudget

from .client_helpers import until

ROUTE = "POST /channels/{channel_id}/messages"


class CountingBudget(WaitBudget):
    """A real budget that also counts how often its call went back to waiting."""

    waits = 0

    async def wait(self, event: asyncio.Event, delay: float = math.inf) -> None:
        CountingBudget.waits += 1
        await super().wait(event, delay)


async def test_a_full_window_does_not_wake_its_queue_at_every_answer() -> None:
    bucket = Bucket(ROUTE)
    bucket.update(20, 20, 0.5)  # a window of 20, all free, ending in 0.5 s
    await asyncio.gather(*(bucket.acquire(WaitBudget(ROUTE, None, None)) for _ in range(20)))
    CountingBudget.waits = 0
    queued = [asyncio.create_task(bucket.acquire(CountingBudget(ROUTE, None, None)))
              for _ in range(100)]
    await asyncio.sleep(0)
    # Only the oldest call watches the window; the others wait for their turn.
    assert CountingBudget.waits == 1
    # The window's 20 answers come one loop turn apart, each saying the window is full:
    # nobody can go before it ends, so nobody is woken (all 100 used to be, 20 times).
    for _ in range(20):
        bucket.update(20, 0, 0.5)
        bucket.release()
        await asyncio.sleep(0)
    assert CountingBudget.waits == 1
    # The window ends: 20 of them go, each woken by the one before; the rest wait on.
    # (Waited for, not slept for: after a stall of the machine the window's end and a
    # sleep's end come due in the same loop turn, and the test looked before the second.)
    await until(lambda: sum(task.done() for task in queued) >= 20, within=5)
    await asyncio.sleep(0.05)
    assert sum(task.done() for task in queued) == 20
    for task in queued:
        task.cancel()
    await asyncio.gather(*queued, return_exceptions=True)


async def test_calls_in_flight_when_a_window_ends_count_in_the_next() -> None:
    # A call let go before the window ended and not answered yet may reach the server
    # in the next window (it waited behind the global limit, say): it counts there.
    bucket = Bucket(ROUTE)
    bucket.update(2, 2, 0.2)
    await asyncio.gather(*(bucket.acquire(WaitBudget(ROUTE, None, None)) for _ in range(2)))
    bucket.release()  # one answered, one still on its way
    await asyncio.sleep(0.25)
    await bucket.acquire(WaitBudget(ROUTE, None, None))  # the new window's other call
    blocked = asyncio.create_task(bucket.acquire(WaitBudget(ROUTE, 5.0, None)))
    await asyncio.sleep(0.05)
    assert not blocked.done()  # 2 in the window: the late one and the new one
    bucket.update(2, 1, 0.2)  # the late one's answer: it was the new window's first
    bucket.release()
    # Full: it goes when that window ends, 0.2 s on (the room is for a loaded machine's
    # stalls; its own budget of 5 s would end it as a failure).
    await asyncio.wait_for(blocked, 3.0)


async def test_calls_queued_before_the_window_was_known_learn_when_it_ends() -> None:
    # After a window ends, the calls that find it used up wait with no end known; the
    # answer that tells the new window's end must wake them, or they wait forever.
    bucket = Bucket(ROUTE)
    bucket.update(2, 2, 0.2)
    await asyncio.gather(*(bucket.acquire(WaitBudget(ROUTE, None, None)) for _ in range(2)))
    bucket.release()
    bucket.release()  # both answered
    await asyncio.sleep(0.25)  # the window is over: the next two go at once
    await asyncio.gather(*(bucket.acquire(WaitBudget(ROUTE, None, None)) for _ in range(2)))
    waiting = asyncio.create_task(bucket.acquire(WaitBudget(ROUTE, 5.0, None)))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    bucket.update(2, 0, 0.2)  # the first answer of this window: full, ends in 0.2 s
    bucket.release()
    bucket.release()
    await asyncio.wait_for(waiting, 3.0)  # 0.2 s; the room is for a loaded machine's stalls


async def test_a_call_queued_behind_others_gives_up_when_its_budget_ends() -> None:
    # The calls behind the head share one timer for their deadlines: the one whose
    # budget ends first still gives up then, and the others keep their places.
    bucket = Bucket(ROUTE)
    bucket.update(1, 0, 2.0)  # the window is full for 2 s
    head = asyncio.create_task(bucket.acquire(WaitBudget(ROUTE, None, None)))
    await asyncio.sleep(0)
    patient = asyncio.create_task(bucket.acquire(WaitBudget(ROUTE, None, None)))
    hasty = asyncio.create_task(bucket.acquire(WaitBudget(ROUTE, None, 0.2)))
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(RateLimited):
        await hasty
    # At its own 0.2 s, not at the window's end 2 s away; the room above is for a loaded
    # machine's stalls (0.4-0.5 s in CI).
    assert 0.15 <= loop.time() - started < 1.5
    assert not head.done() and not patient.done()
    await asyncio.wait_for(head, 3)  # the window ended: the oldest call goes
    patient.cancel()
    await asyncio.gather(patient, return_exceptions=True)


def test_the_server_clock_never_places_a_server_time_too_early() -> None:
    # The server's clock runs 1000.25 s ahead of ours; each answer was handled somewhere
    # between its sending and its reading. Whatever the round trips, the local time
    # ``latest`` gives is never before the true one, and quick answers pin it within
    # a few ms. An answer that contradicts the others restarts the estimate.
    ahead = 1000.25
    clock = ServerClock()
    rng = random.Random(7)
    sent = 50.0
    for _ in range(200):
        trip = rng.uniform(0.0005, 0.2)
        handled = sent + rng.uniform(0, trip)  # our time of the server's handling
        assert clock.learn(round(handled + ahead, 3), sent, sent + trip)
        for later in (0.0, 0.5, 3.0):
            placed = clock.latest(handled + ahead + later, sent + trip)
            assert placed >= handled + later
        sent += trip + rng.uniform(0, 0.05)
    assert clock.latest(handled + ahead, sent) - handled < 0.01
    # Read the instant it was handled, with the header's millisecond rounded up: the
    # rounding alone must not place the server's time early.
    handled = sent + 0.0006
    assert clock.learn(round(handled + ahead, 3), sent, handled)
    assert clock.latest(handled + ahead, handled) >= handled
    # A header an hour off contradicts the rest: not trusted, and the estimate restarts.
    assert not clock.learn(sent + ahead + 3600, sent, sent + 0.01)
    assert not clock.learn(sent + 0.2 + ahead, sent + 0.1, sent + 0.3)
    assert clock.learn(sent + 0.45 + ahead, sent + 0.4, sent + 0.5)


def test_an_answer_counted_in_the_last_window_does_not_end_the_next() -> None:
    # The global limiter's decisions at given times (all in the past, so each answer's
    # count is taken at its word): 5 a second. Two requests of the first window are
    # still in flight when the second opens, and take places in it. Their answers then
    # say the server counted them 0.9 s in, in the first window's server window. They
    # must not end the second window a second after that: its own requests, let go at
    # 1.02, opened a server window that lasts until 2.02. A loaded machine, reading the
    # two answers late, let five more go at 1.9 and earned 429s.
    limiter = GlobalLimiter(rate=5, period=1.0)
    t = time.monotonic() - 100
    assert all(limiter._try_grant(t) for _ in range(5))
    for _ in range(3):
        limiter.release(t + 0.01)  # the first window is over at 1.01
    assert not limiter._try_grant(t + 0.5)
    assert all(limiter._try_grant(t + 1.02) for _ in range(3))
    assert not limiter._try_grant(t + 1.02)  # two places are the requests in flight
    limiter.release(t + 0.9)
    limiter.release(t + 0.9)
    # Counted in the old server window: their places are free, in this window.
    assert limiter._try_grant(t + 1.03) and limiter._try_grant(t + 1.03)
    assert not limiter._try_grant(t + 1.95)
    limiter.release(t + 1.04)  # this window's first answer of its own
    assert not limiter._try_grant(t + 2.03)
    assert limiter._try_grant(t + 2.05)
