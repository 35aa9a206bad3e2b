"""REST faults under a stream of sends: every send lands exactly once.

5xx before and after the write, connection resets before and after it, slow
answers, 429 storms with and without Via and with every scope. A send the library
gives up on (a 429 without Via is a Cloudflare ban: raised at once, as discord.py
does) is sent again by the bot with the same nonce, which is what the nonce is for.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import pytest

import tidecord
from tidecord.sandbox import RateLimits, Sandbox

from .conftest import StartBot

SENDS = 300
LOOSE = RateLimits(default=(1000, 1.0), routes={})


def _inject(sb: Sandbox, rng: random.Random) -> str:
    kind = rng.choice(["5xx", "5xx after", "reset", "reset after", "slow", "429", "429 no via",
                       "none", "none"])
    n = rng.randint(1, 3)
    if kind == "5xx":
        sb.fail_next_rest(n, rng.choice([500, 502, 503, 504]))
    elif kind == "5xx after":
        sb.fail_next_rest(n, 500, after_write=True)
    elif kind == "reset":
        sb.reset_next_rest(n)
    elif kind == "reset after":
        sb.reset_next_rest(n, after_write=True)
    elif kind == "slow":
        sb.slow_next_rest(1, seconds=0.6)  # past the bot's 0.3 s read timeout
    elif kind == "429":
        sb.fail_next_rest(n, 429, retry_after=0.02, scope=rng.choice(["user", "global", "shared"]))
    elif kind == "429 no via":
        sb.fail_next_rest(1, 429, retry_after=0.02, via=False)
    return kind


@pytest.mark.sandbox(rate_limits=LOOSE)
async def test_every_send_lands_exactly_once_through_rest_faults(
    sandbox: Sandbox, start_bot: StartBot, chaos_seed: int
) -> None:
    rng = random.Random(chaos_seed)
    bot = await start_bot(rest_read_timeout=0.3)
    channel = bot.get_channel(sandbox.channel("general").id)
    injected: Counter[str] = Counter()
    resent = 0

    async def send(i: int) -> int:
        nonlocal resent
        nonce = f"chaos-{chaos_seed % 1000}-{i}"
        for _ in range(5):
            try:
                return (await channel.send(f"send {i}", nonce=nonce)).id
            except (tidecord.HTTPException, tidecord.RESTTimeout):
                resent += 1  # given up on: the bot sends it again, same nonce
        raise AssertionError(f"send {i} never landed (seed {chaos_seed})")

    started = time.monotonic()
    ids: list[int] = []
    for first in range(0, SENDS, 10):
        injected[_inject(sandbox, rng)] += 1
        ids += await asyncio.wait_for(
            asyncio.gather(*(send(i) for i in range(first, first + 10))), 60)
    sandbox.faults.clear()
    contents = Counter(m.content for m in sandbox.messages("general"))
    print(f"{SENDS} sends in {time.monotonic() - started:.1f} s, faults {dict(injected)}, "
          f"{resent} sent again by the bot")
    assert contents == Counter(f"send {i}" for i in range(SENDS)), (
        f"duplicated: {[c for c, n in contents.items() if n > 1][:5]}, "
        f"lost: {SENDS - len(contents)} (seed {chaos_seed})")
    assert sorted(ids) == sorted(m.id for m in sandbox.messages("general"))
