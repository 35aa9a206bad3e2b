"""The end of the third round of whole bots (a leveling bot; a utility bot of context
menus, hybrid commands and groups), each written once against ``(discord, commands)``,
driven as people would on tidecord and on discord.py 2.7.1: what each said, and what it
left in the sandbox and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round3_levels import levels_bot
from ..proof.programs.round3_utility import utility_bot
from .hybrid_parity import Registered, Say, Slash, transcripts
from .parity import Line, later
from .whole_bots_2_steps import latest, post
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


def carols_message(sb: Sandbox) -> Any:
    return latest(sb, "carol", "general")


UTILITY_STEPS = [
    Say("alice", "general", "!tag create rules Be nice"),
    Slash("alice", "tag", {"create": {"name": "faq", "content": "Read the docs"}}),
    Say("bob", "general", "!tag rules"),
    Slash("bob", "tag", {"show": {"name": "faq"}}),
    Say("bob", "general", "!tag nope"),
    Slash("bob", "tag", {"show": {"name": "nope"}}),
    Slash("alice", "tag", {"list": {}}),
    Say("carol", "general", "!tag delete rules"),
    Slash("carol", "tag", {"delete": {"name": "rules"}}),
    Slash("alice", "User info", target="bob"),
    Say("carol", "general", "buy cheap stuff", replies=0),
    Slash("bob", "Report message", target=carols_message),
    Slash("bob", "Report message", target=carols_message),
    Slash("carol", "purge", {"count": 2}),
    Slash("alice", "purge", {"count": 2}, followups=1),
    Slash("alice", "rename", {"member": "carol", "nick": "Caz"}),
    Slash("bob", "rename", {"member": "carol", "nick": "Caz"}),
    Say("carol", "general", "!nothing"),
    Say("bob", "general", "!unload"),
    Say("alice", "general", "!unload"),
    Registered(),
]


async def test_utility_bot_context_menus_hybrid_groups_and_error_handlers(
        sandbox_factory: Any) -> None:
    runs = await transcripts(sandbox_factory, utility_bot, UTILITY_STEPS)
    for n, (ours, theirs) in enumerate(zip(runs["tidecord"], runs["discord.py"], strict=True)):
        assert ours == theirs, (n, UTILITY_STEPS[n])
    said = "\n".join(str(step) for step in runs["tidecord"])
    for line in ("Saved 'faq' (slash).", "cog (slash): No tag called 'nope'.",
                 "'content': 'faq, rules', 'ephemeral': True",
                 "tag delete refused (slash): MissingPermissions",
                 "bob: Display name=Bobby; Roles=Helper; Moderator=False; asked by alice via "
                 "User info (AppCommandType.user)", "Thanks, the moderators will look.",
                 # A context menu is no cog's: only the tree's handler hears its errors.
                 "tree: CommandOnCooldown in Report message (retry in 60 s)",
                 "cog: MissingPermissions: You are missing Manage Messages permission(s)",
                 "Deleted 2 message(s).",
                 "cog: BotMissingPermissions: Bot requires Ban Members permission(s)",
                 "global (prefix): CommandNotFound: Command \"nothing\" is not found",
                 "Unloaded; the tree has [] and 0 user menus"):
        assert line in said, line
    assert runs["tidecord"][-1] == []  # cog_unload took the menus away, the sync the rest
