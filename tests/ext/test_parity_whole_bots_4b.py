"""The fourth round of whole bots, continued: "join to create" voice rooms that belong to
their maker, and an invite tracker that knows who brought whom. Each is written once
against ``(discord, commands)``, driven as people would on tidecord and on discord.py
2.7.1 and restarted in the middle: what each said, and what it left in the sandbox
(rooms and their overwrites, who is in voice, invites) and its database, must be the
same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from ..proof.programs.round4_voice_rooms import voice_rooms_bot
from .parity import Line
from .whole_bots_2_steps import voice
from .whole_bots_3 import compare, run_restarted
from .whole_bots_4 import beyond_messages

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


async def test_voice_rooms_are_made_owned_and_removed_across_a_restart(
        sandbox_factory: Any, tmp_path: Path) -> None:
    first: list[Line] = [
        ("bob", "general", "!hub Join to Create"),
        ("alice", "general", "!hub lobby"),
        ("alice", "general", "!hub Join to Create"),
        voice("bob", "Join to Create", 1),
        voice("carol", "Bobby's room"),
        ("bob", "general", "!room"),
        ("carol", "general", "!room lock"),
        ("bob", "general", "!room lock"),
        ("bob", "general", "!room limit 2"),
        ("bob", "general", "!room limit 120"),
        ("bob", "general", "!room rename Bob's den"),
        ("alice", "general", "!room"),
    ]
    second: list[Line] = [
        ("carol", "general", "!room claim"),
        voice("bob", None),
        ("carol", "general", "!room claim"),
        voice("alice", "Join to Create", 2),
        voice("alice", None, 1),
        ("carol", "general", "!room"),
    ]
    runs = await run_restarted(sandbox_factory, voice_rooms_bot, [first, second], tmp_path,
                               extra=beyond_messages)
    said, left = compare(runs)
    for line in (
            "#general: MissingPermissions: You are missing Manage Channels permission(s) to "
            "run this command.", "#general: ChannelNotFound: Channel \"lobby\" not found.",
            "#mod-log: Made <##Bob's den> for <@@bob> in Voice; they can manage it: True",
            "#general: Bobby's room: limit 0, bitrate 64000, here Bobby, carol",
            "#general: Only Bobby can do that.", "#general: Bobby's room holds 2 now.",
            "#general: RangeError: value must be between 0 and 99 but received 120",
            "#general: Its owner is still here.",
            "#general: carol owns Bob's den now; overwrites for ['@everyone', 'SandboxBot', "
            "'carol']",
            # A new channel's overwrites may grant only what the bot holds itself.
            "#mod-log: No mute rights for Alice (403 50013); a plain room instead",
            "#mod-log: Removed Alice's room (Alice left last)",
            "#general: Bob's den: limit 2, bitrate 64000, here carol"):
        assert line in said, line
    for line in ("channel #Bob's den slowmode=0 overwrites=[('@SandboxBot', <Permissions "
                 "value=1048592>, <Permissions value=0>), ('@carol', <Permissions "
                 "value=17825808>, <Permissions value=0>), ('<guild>', <Permissions value=0>, "
                 "<Permissions value=1048576>)]", "voice @carol in #Bob's den",
                 "db rooms (#Bob's den, @carol)"):
        assert line in left, line
