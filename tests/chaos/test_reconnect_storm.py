"""Reconnect storms under a steady stream of messages.

Resumable faults (drops with and without every resumable close code, op 7, op 9 with
d=true, stalled ACKs, black holes) must lose nothing, duplicate nothing and reorder
nothing. Faults that end the session (op 9 with d=false, 4007, 4009) lose only what
Discord would: what was sent while the bot had no session to receive it.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import pytest

from tidecord.sandbox import Sandbox

from .chaos_helpers import until
from .conftest import StartBot

# Fast heartbeats so that stalls and black holes are noticed in a tenth of a second;
# the send limit is raised to match (120 frames a minute is Discord's, not the test's).
STORM = {"heartbeat_interval": 50, "gateway_send_limit": (1_000_000, 60.0)}
FAULTS = 1000
RESUMABLE_CODES = (4000, 4001, 4002, 4003, 4005, 4008, 1000, 1001, 1011)


async def _fault(sb: Sandbox, kind: str, rng: random.Random) -> bool:
    """Inject one fault; False when there was no live connection to inject it into."""
    if kind == "drop":
        return await sb.drop_connections() > 0
    if kind == "close":
        return await sb.drop_connections(rng.choice(RESUMABLE_CODES)) > 0
    if kind == "reconnect":
        return await sb.send_reconnect() > 0
    if kind == "invalid-resumable":
        return await sb.invalidate_session(resumable=True) > 0
    if kind == "black-hole":
        return await sb.black_hole() > 0
    assert kind == "stall"
    if not sb.hub.live():
        return False
    sb.stall_heartbeat_acks(True)
    return True


@pytest.mark.sandbox(**STORM)
async def test_a_thousand_resumable_faults_lose_nothing(
    sandbox: Sandbox, start_bot: StartBot, chaos_seed: int
) -> None:
    rng = random.Random(chaos_seed)
    # Each fault comes as soon as the bot is back, faster than any network fails: every
    # connection with a session counts as lasting here, or the bot would rightly wait
    # longer and longer between them (test_reconnect_backoff.py).
    bot = await start_bot(reconnect_stable_after=0)
    kinds = ["drop"] * 30 + ["close"] * 30 + ["reconnect"] * 15 + ["invalid-resumable"] * 15 \
        + ["black-hole"] * 5 + ["stall"] * 5
    applied: Counter[str] = Counter()
    sent: list[str] = []
    started = time.monotonic()
    while sum(applied.values()) < FAULTS:
        for _ in range(rng.randrange(4)):  # the steady stream, between faults
            sent.append(f"m{len(sent)}")
            await sandbox.send_message("alice", "general", sent[-1])
        resumed = bot.log.count("resumed")
        kind = rng.choice(kinds)
        if not await _fault(sandbox, kind, rng):
            await until(lambda: bool(sandbox.hub.live()), what="a live connection")
            continue
        applied[kind] += 1
        if rng.random() < 0.5:  # sometimes talk while the bot is away
            sent.append(f"m{len(sent)}")
            await sandbox.send_message("alice", "general", sent[-1])
        # Back: the bot saw RESUMED on a new connection.
        await until(lambda: bot.log.count("resumed") > resumed, within=10,  # noqa: B023
                    what=f"the bot back after {kind} (seed {chaos_seed})")
        sandbox.stall_heartbeat_acks(False)
    await until(lambda: len(bot.contents) >= len(sent), within=20, what="every message")
    elapsed = time.monotonic() - started
    print(f"{sum(applied.values())} faults {dict(applied)}, {len(sent)} messages, "
          f"{elapsed:.1f} s, identifies {sandbox.hub.identifies}")
    duplicates = [c for c, n in Counter(bot.contents).items() if n > 1]
    assert not duplicates, f"duplicated: {duplicates[:5]} (seed {chaos_seed})"
    assert set(bot.contents) == set(sent), f"lost: {set(sent) - set(bot.contents)}"
    assert bot.contents == sent, f"out of order (seed {chaos_seed})"
    assert sandbox.hub.identifies == 1 and bot.log.count("ready") == 1
    assert bot.alive


def _deliverable(sb: Sandbox) -> bool:
    """Whether a message sent now reaches a session the bot is attached to."""
    return any(s.valid and s.connection is not None and not s.connection.closed
               for s in sb.hub.sessions.values())


@pytest.mark.sandbox(**STORM)
async def test_faults_that_end_the_session_lose_only_what_discord_would(
    sandbox: Sandbox, start_bot: StartBot, chaos_seed: int, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(chaos_seed)
    bot = await start_bot()
    must: list[str] = []  # sent while the bot had a session: these must arrive
    may: list[str] = []   # sent while it had none: Discord would not deliver these either
    order: list[str] = []
    # One of each: a new session may IDENTIFY only once per 5 s (max_concurrency 1).
    faults = ["invalid", "4007", "4009"]
    rng.shuffle(faults)

    async def say(n: int) -> None:
        for _ in range(n):
            content = f"m{len(order)}"
            order.append(content)
            (must if _deliverable(sandbox) else may).append(content)
            await sandbox.send_message("alice", "general", content)
            await asyncio.sleep(0.002)

    for kind in faults:
        await say(rng.randrange(1, 6))
        identified = sandbox.hub.identifies
        if kind == "invalid":
            await sandbox.invalidate_session(resumable=False)
        else:
            await sandbox.drop_connections(int(kind))
        # Keep talking while the bot starts a new session (op 9 asks it to wait 1-5 s,
        # then one IDENTIFY per 5 s). A stall of a loaded machine past the 50 ms
        # heartbeat makes the bot reconnect once more meanwhile (a zombie, as it should),
        # which can cost a second such wait: 20 s at worst (CI once ran past the 15 s
        # this waited before).
        async with asyncio.timeout(25):
            while sandbox.hub.identifies == identified or not _deliverable(sandbox):
                await say(1)
                await asyncio.sleep(0.1)
    await say(5)
    await until(lambda: set(must) <= set(bot.contents), within=10, what="every deliverable one")
    lost = [c for c in order if c not in bot.contents]
    print(f"{len(faults)} session-ending faults: {len(order)} sent, {len(lost)} lost, all of "
          f"them sent while the bot had no session ({len(may)} such)")
    assert set(lost) <= set(may), f"lost while deliverable: {set(lost) - set(may)}"
    assert len(bot.contents) == len(set(bot.contents)), "duplicated"
    assert bot.contents == [c for c in order if c in bot.contents], "out of order"
    # With 50 ms heartbeats, a loop held up for a few hundred ms (a loaded CI machine;
    # the sandbox shares the loop) can miss an ACK: a zombie reconnect. One that falls
    # between a new session's IDENTIFY and its READY has no session to resume, and
    # rightly identifies again; it is counted, not hidden.
    zombies = sum("no heartbeat ACK" in r.getMessage() for r in caplog.records)
    assert 1 + len(faults) <= sandbox.hub.identifies <= 1 + len(faults) + zombies
    assert bot.alive
