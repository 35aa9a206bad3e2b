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

from tidecord.sandbox import Sandbox, StateError

from ..proof.programs.round4_invites import invites_bot
from ..proof.programs.round4_voice_rooms import voice_rooms_bot
from .parity import Do, Line
from .whole_bots_2_steps import leave, voice
from .whole_bots_3 import compare, run_restarted
from .whole_bots_4 import beyond_messages

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


async def test_voice_rooms_are_made_owned_and_removed_across_a_restart(
        sandbox_factory: Any, tmp_path: Path) -> None:
    async def dave_is_kept_out(sb: Sandbox) -> None:
        await sb.join("dave")
        with pytest.raises(StateError) as caught:  # the room is locked to everyone
            await sb.join_voice("dave", sb.channel("Bobby's room"))
        assert caught.value.code == 50013

    first: list[Line] = [
        ("bob", "general", "!hub Join to Create"),
        ("alice", "general", "!hub lobby"),
        ("alice", "general", "!hub Join to Create"),
        voice("bob", "Join to Create", 1),
        voice("carol", "Bobby's room"),
        ("bob", "general", "!room"),
        ("carol", "general", "!room lock"),
        ("bob", "general", "!room lock"),
        Do(dave_is_kept_out),
        ("bob", "general", "!room limit 2"),
        ("bob", "general", "!room limit 120"),
        ("bob", "general", "!room tune rotterdam full"),
        ("bob", "general", "!room rename Bob's den"),
        ("alice", "general", "!room"),
    ]
    second: list[Line] = [
        ("carol", "general", "!room claim"),
        voice("bob", None),
        voice("alice", "Bob's den"),
        ("alice", "general", "!room claim", 2),
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
            "#mod-log: Made <##Bob's den> for <@@bob> in Voice (now 3 voice channels); they "
            "can manage it: True",
            "#general: Bobby's room: limit 0, bitrate 64000, here Bobby, carol",
            "#general: Only Bobby can do that.", "#general: Bobby's room holds 2 now.",
            "#general: RangeError: value must be between 0 and 99 but received 120",
            "#general: Its owner is still here.",
            "#general: Bobby's room: region rotterdam, video full",
            # Overwrites given in an edit may grant only what the bot holds itself.
            "#general: No mute rights for Alice (403 50013)\n#general: Alice owns Bob's den "
            "now; overwrites for ['@everyone', 'SandboxBot', 'alice']\n#general: Its owner is "
            "still here.",
            # A new channel's overwrites may grant only what the bot holds itself.
            "#mod-log: No mute rights for Alice (403 50013); a plain room instead",
            "#mod-log: Removed Alice's room (Alice left last)",
            "#general: Bob's den: limit 2, bitrate 64000, here carol"):
        assert line in said, line
    for line in ("channel #Bob's den slowmode=0 overwrites=[('@SandboxBot', <Permissions "
                 "value=1048592>, <Permissions value=0>), ('@alice', <Permissions "
                 "value=17825808>, <Permissions value=0>), ('<guild>', <Permissions value=0>, "
                 "<Permissions value=1048576>)]", "voice @carol in #Bob's den",
                 "db rooms (#Bob's den, @alice)", "member @dave nick=None roles=[]"):
        assert line in left, line


def joins_via(person: str, inviter: str | None, replies: int) -> Do:
    """``person`` (new to the sandbox) joins through ``inviter``'s newest live invite
    (None: not through an invite; "vanity": through the guild's vanity code); the step
    ends with ``replies`` bot messages."""
    async def act(sb: Sandbox) -> None:
        if inviter is None:
            await sb.join(person)
            return
        if inviter == "vanity":
            await sb.join(person, invite="sandbox")
            return
        uid = sb.user(inviter).id
        theirs = [i for i in sb.state.live_invites() if i.inviter_id == uid]
        await sb.join(person, invite=max(theirs, key=lambda i: i.created_ms).code)
    act.__name__ = f"{person} joins via {inviter}"
    return Do(act, replies)


async def test_invite_tracker_knows_who_brought_whom_after_a_restart(
        sandbox_factory: Any, tmp_path: Path) -> None:
    async def invites_exist(sb: Sandbox) -> None:
        general = sb.channel("general").id
        sb.state.create_invite(general, sb.user("alice").id, max_age=0)
        sb.clock.advance(1)
        sb.state.create_invite(general, sb.user("bob").id, max_uses=2, max_age=0)
        guild = sb.state.guilds[sb.guild.id]
        guild.features = [*guild.features, "VANITY_URL"]
        guild.vanity_url_code = "sandbox"

    first: list[Line] = [
        ("alice", "general", "!tracked"),
        joins_via("erin", "alice", 1),
        ("carol", "general", "!invite", 3),  # a DM, the answer, the invite's creation
        joins_via("frank", "SandboxBot", 2),  # one use: it goes too
        joins_via("gina", "bob", 1),
    ]
    second: list[Line] = [
        ("alice", "general", "!tracked"),
        joins_via("hank", "bob", 2),  # its last use: the invite goes
        leave("erin", 1),
        ("carol", "general", "!inviter gina"),
        ("carol", "general", "!inviter frank"),
        ("carol", "general", "!inviter bob"),
        ("alice", "general", "!leaderboard"),
        ("bob", "general", "!revoke alice"),
        ("alice", "general", "!revoke alice", 2),
        joins_via("ivy", None, 1),
        joins_via("judy", "vanity", 1),
        ("alice", "general", "!tracked"),
    ]
    runs = await run_restarted(sandbox_factory, invites_bot, [first, second], tmp_path,
                               prepare=invites_exist, extra=beyond_messages)
    said, left = compare(runs)
    for line in (
            "#general: Tracking 2 invites, uses [0, 0]",
            "#mod-log: <@@erin> joined through <@@alice>'s invite",
            "#mod-log: SandboxBot made an invite to <##general> (max uses 1, max age 3600, "
            "temporary False, uses 0)",
            "DM: Your invite is ready (made by SandboxBot, url on discord.gg True)",
            # INVITE_DELETE names the code and channel only.
            "#mod-log: An invite to <##general> is gone (inviter then None, we knew it: True)",
            "#mod-log: <@@frank> joined through <@@carol>'s invite",
            # After the restart, ready read the uses again; bob's last use took his invite.
            "#general: Tracking 2 invites, uses [1, 1]",
            "#mod-log: <@@hank> joined through <@@bob>'s invite",
            "#mod-log: erin left; <@@alice> brought them", "#general: frank came with carol",
            "#general: bob: 2 (0 left)\nalice: 1 (1 left)\ncarol: 1 (0 left)",
            "#general: Revoked 1 of Alice's invites.",
            "#mod-log: <@@ivy> joined; no telling how", "#general: Tracking 0 invites, uses []",
            "#mod-log: <@@judy> joined through the vanity URL sandbox (used 1 times)"):
        assert line in said, line
    assert "db joins (@hank, @bob, 0)" in left and "\ninvite to" not in left  # none left
