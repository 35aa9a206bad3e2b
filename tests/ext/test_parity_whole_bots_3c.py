"""The end of the third round of whole bots (a leveling bot; a utility bot of context
menus, hybrid commands and groups), each written once against ``(discord, commands)``,
driven as people would on tidecord and on discord.py 2.7.1: what each said, and what it
left in the sandbox and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from ..proof.programs.round3_levels import levels_bot
from .parity import Line, later
from .whole_bots_2_steps import post
from .whole_bots_3 import compare, presses, run_restarted

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


async def test_leveling_bot_cooldowns_rewards_and_leaderboard(sandbox_factory: Any,
                                                              tmp_path: Path) -> None:
    first: list[Line] = [
        ("alice", "general", "!reward 1 Live"),
        ("alice", "general", "!reward 2 Veteran"),
        ("bob", "general", "!reward 3 Legend"),
        post("alice", "general", "hello all"),
        post("bob", "general", "hi"),
        post("bob", "general", "spam"),  # within the minute: no XP
        later(61),
        post("bob", "general", "again", 1),
        post("carol", "general", "hello"),
        ("bob", "general", "!cooldown"),
    ]
    second: list[Line] = [
        post("bob", "general", "back"),  # the cooldowns were in memory: gone
        post("bob", "general", "too soon"),
        later(61),
        post("bob", "general", "more", 1),
        ("alice", "general", "!setxp carol 140"),
        ("bob", "general", "!setxp carol 1000"),
        ("bob", "general", "!rank"),
        ("bob", "general", "!rank carol"),
        ("bob", "general", "!rank dave"),
        ("alice", "general", "!leaderboard"),
        presses("bob", "lb:next"),
        presses("alice", "lb:next"),
    ]
    runs = await run_restarted(sandbox_factory, levels_bot, [first, second], tmp_path)
    said, left = compare(runs)
    for line in ("#general: Level 2 gives Veteran (made True, position 1, hoist True).",
                 "#general: MissingPermissions: You are missing Manage Roles permission(s) to "
                 "run this command.",
                 "#general: <@@bob> reached level 1! You are now Live.",
                 "#general: Next XP in 60 s; tokens 0; 1/60s; BucketType.member",
                 "#general: <@@bob> reached level 2! You are now Veteran.",
                 "[title] Bobby\n[field] Level: 2\n[field] XP: 100 (----------)\n"
                 "[field] Rank: #2", "[field] XP: 140 (########--)\n[field] Rank: #1",
                 '#general: MemberNotFound: Member "dave" not found.'):
        assert line in said, line
    for line in ("member @bob nick=Bobby roles=['Member', 'Veteran']",  # Live taken back
                 "SandboxBot: {title=Leaderboard; color=#9b59b6; footer=Page 2/2; field #3 "
                 "Alice=level 0 (25 XP)} [Previous] [Next (disabled)] (edited)",
                 "ephemeral to @bob: SandboxBot: Only Alice can turn these pages.",
                 "db xp (@alice, 25)\ndb xp (@bob, 100)\ndb xp (@carol, 140)"):
        assert line in left, line
