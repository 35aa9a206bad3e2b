"""Seeded sequences of clicks, edits and restarts of the views of
``test_views_over_time_like_discord_py``'s bot, on tidecord and on discord.py 2.7.1
against the same sandbox: a persistent menu, a dynamic counter, one view on two
messages that edits move to more messages, stopped by a click, and restarts that leave
only the persistent menu and the counter answering. What the bot answered, noted and
logged must match.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from tidecord.models import Message, walk_components
from tidecord.sandbox import Sandbox

from ..ext.test_parity_views_life import said
from ..proof.harness import current
from .test_views_over_time_like_discord_py import click, messages, run_on_both

pytestmark = pytest.mark.timeout(60)

ACTIONS = {"menu": 2, "count": 2, "pair": 4, "rehome": 2, "end": 1, "restart": 1}


def sequence(seed: int) -> list[list[tuple[str, str]]]:
    """Eight steps (action, person) of one seed, split where the bot restarts."""
    rng = random.Random(seed)
    runs: list[list[tuple[str, str]]] = [[]]
    for _ in range(8):
        action = rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        if action == "restart":
            runs.append([])
        else:
            runs[-1].append((action, rng.choice(("alice", "bob", "carol"))))
    return runs


async def counter_label(sb: Sandbox, message: Message) -> str:
    now = await current(sb, message)
    return next(str(c.label) for c in walk_components(now.components)
                if str(c.custom_id).startswith("count:"))


@pytest.mark.parametrize("seed", range(5))
async def test_seeded_clicks_edits_and_restarts(sandbox_factory: Any, seed: int) -> None:
    runs_of = sequence(seed)

    async def scenario(sb: Sandbox, bot: Any, run: int) -> list[Any]:
        rng = random.Random(seed * 100 + run)
        if run == 0:
            for command in ("!menu", "!counter 0", "!twice"):
                await said(sb, "alice", command)
            await asyncio.sleep(0.1)
        out: list[Any] = []
        for action, person in runs_of[run]:
            pairs = [*messages(sb, "first"), *messages(sb, "second"), *messages(sb, "home")]
            pairs = [m for m in pairs if (await current(sb, m)).components]
            if action == "menu":
                out.append(await click(sb, person, messages(sb, "menu")[0], "Hello", 0.5))
            elif action == "count":
                counter = messages(sb, "counter")[0]
                out.append(await click(sb, person, counter, await counter_label(sb, counter),
                                       0.5))
            elif action == "rehome":
                if getattr(bot, "pair", None) is None:  # restarted: the view is gone
                    await said(sb, "alice", "!twice")
                await said(sb, "alice", "!rehome")
                out.append("rehomed")
            else:
                label = "Pair" if action == "pair" else "End"
                out.append(await click(sb, person, rng.choice(pairs), label, 0.5))
        return out

    runs = await run_on_both(sandbox_factory, scenario, restarts=len(runs_of) - 1)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, runs_of
