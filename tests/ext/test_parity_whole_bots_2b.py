"""More whole tutorial bots (what the first ones reach for next; join-to-create voice
rooms with modmail; an invite tracker with moderation; games and a spam guard), each
written once against ``(discord, commands)``, driven as people would on tidecord and on
discord.py 2.7.1: what each said, and what it left in the sandbox, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
from pathlib import Path
from typing import Any

import pytest

from tidecord.models import Emoji
from tidecord.sandbox import Sandbox

from ..proof.harness import READING_PAUSE
from ..proof.programs.round2_extras import YES, extras_bot
from ..proof.programs.round2_games import games_bot
from ..proof.programs.round2_guardian import guardian_bot
from ..proof.programs.round2_presence import presence_bot
from ..proof.programs.round2_rooms import rooms_bot
from .parity import Do
from .whole_bots_2 import run_whole
from .whole_bots_2_steps import (
    answered,
    click,
    compare,
    join,
    latest,
    pick,
    post,
    presence,
    react,
    says,
    then_says,
    voice,
)

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def bot_reacted(emoji: str, channel: str) -> Do:
    """Until the bot's own ``emoji`` is on its last message in ``channel`` and someone
    has had a moment to see it: the bot waits for a reaction only once its own is on."""
    async def act(sb: Sandbox) -> None:
        async with asyncio.timeout(10):
            while not any(u.id == sb.bot_user.id for u in sb.state.reaction_users(  # noqa: ASYNC110
                    latest(sb, sb.bot_user.username, channel).id, Emoji(name=emoji))):
                await asyncio.sleep(0.005)
        await asyncio.sleep(READING_PAUSE)
    act.__name__ = f"the bot reacts {emoji}"
    return Do(act)


def edited_to(content: str, channel: str) -> Do:
    """Until the bot's last message in ``channel`` reads ``content`` (a wait_for or a
    view that timed out edits it)."""
    async def act(sb: Sandbox) -> None:
        async with asyncio.timeout(10):
            while latest(sb, sb.bot_user.username, channel).content != content:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
    act.__name__ = f"the bot's message reads {content!r}"
    return Do(act)


async def test_extras_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    thumbs = "\N{THUMBS UP SIGN}"
    runs = await run_whole(sandbox_factory, extras_bot, [
        post("bob", "general", "nice"),
        react("carol", thumbs, "bob", "general", 1),
        ("alice", "general", "!confirm"),
        bot_reacted(YES, "general"),
        react("alice", YES, "SandboxBot", "general", 2),
        react("carol", thumbs, "bob", "general", 1, remove=True),
        ("bob", "general", "!confirm"),
        edited_to("Timed out.", "general"),
        ("alice", "general", "!vote"),
        click("bob", "general", "extras:vote"),
        click("carol", "general", "extras:vote", replies=1),
        then_says("general", "wait() said True; finished True"),
        ("alice", "general", "!discuss carol", 3),
        join("dave", 2),
        ("carol", "general", "!last"),
        says("alice", "general", "!notice", 1, 1),
        ("bob", "general", "!work"),
        ("bob", "general", "!work"),
        ("alice", "general", "!work yes"),
        ("alice", "general", "!work"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("add 👍 by Member carol: count 1, me False, custom False, on bob's 'nice'",
                 "add ✅ by Member alice: count 2, me True, custom False, on SandboxBot's",
                 "#general: Confirmed by Alice (2 reactions).",
                 "#mod-log: remove 👍 by carol: count 0",
                 "#general: wait() said True; finished True",
                 "thread discussion in #general by True, type public_thread",
                 "2 in here: ['SandboxBot', 'carol']; message.thread True; starter True; "
                 "owner True", "DM to dave: sent; dm channel True with dave",
                 "#general: alice: !discuss carol | SandboxBot: wait() said True; finished "
                 "True | SandboxBot: Closed with 2 votes.", "#mod-log: left: 0",
                 "#general: resting for 60 s", "worked; cooldown reset; on cooldown False"):
        assert line in said, line
    for line in ("SandboxBot: Timed out. [✅ x1] (edited)",
                 "SandboxBot: Closed with 2 votes. [Vote (2) (disabled)] (edited)",
                 # Adding someone to a thread says so in it, as Discord does.
                 "SandboxBot: (type MessageType.recipient_add)  (pings ['@carol'])",
                 "DM with @dave\n  SandboxBot: Welcome to Sandbox, dave!"):
        assert line in left, line
    assert "vanishes" not in left and "!notice" not in left


async def test_voice_rooms_and_modmail_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    async def dm(sb: Sandbox, text: str, files: Any = ()) -> None:
        await sb.send_dm("carol", text, files=files)

    runs = await run_whole(sandbox_factory, rooms_bot, [
        voice("bob", "Join to Create", 1),
        voice("carol", "Lounge"),
        ("alice", "general", "!voice"),
        voice("carol", "Bobby's room"),
        voice("bob", None),
        voice("carol", None, 1),
        Do(lambda sb: dm(sb, "help, I was muted", (("log.txt", b"spam filter"),)), 2),
        Do(lambda sb: dm(sb, "hello?", (("SPOILER_proof.png", b"proof"),)), 1),
        Do(lambda sb: dm(sb, "keep this hidden", (("SPOILER_more.png", b"more"),)), 1),
        ("alice", "general", "!reply carol thanks, looking", 2),
        ("alice", "general", "!mute bob carol 10 spamming", 3),
        ("alice", "general", "!mute"),
        # Timed out, bob may send nothing: his timeout lifted (the bot logs it), he
        # tries to mute.
        Do(lambda sb: sb.state.update_member(sb.guild.id, sb.user("bob").id,
                                             communication_disabled_until=None), 1),
        ("bob", "general", "!mute carol"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#mod-log: bob got Bobby's room in Voice (limit 3, owner may manage: True)",
                 "#general: Join to Create: []\nLounge: ['carol']\nBobby's room: ['bob']\n"
                 "[\"bob@Bobby's room mute=False\", 'carol@Lounge mute=False']",
                 "#mod-log: Bobby's room was empty and is gone",
                 "#modmail-carol: **carol:** help, I was muted\n[log.txt: 'spam filter']",
                 "#general: Sent to carol; ticket modmail-carol; dm True",
                 "#general: Muted Bobby, carol for 10 min: spamming",
                 "#mod-log: bob timed out: True", "#mod-log: carol timed out: True",
                 "#general: Name someone to mute.",
                 "MissingPermissions: You are missing Moderate Members permission(s)"):
        assert line in said, line
    assert "channel #Bobby's room" not in left  # deleted once empty
    assert "DM with @carol\n  carol: help, I was muted [📨 x1] [files log.txt]\n" in left
    assert "SandboxBot: Staff: thanks, looking [files reply.txt]" in left
    # to_file() makes no spoiler unless asked, as discord.py's: the prefix goes.
    assert "[files proof.png]" in left and "[files SPOILER_more.png]" in left


async def test_invite_tracker_and_guardian_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    async def join_by_invite(sb: Sandbox) -> None:
        await sb.join("dave", invite=sorted(sb.state.invites)[0])

    runs = await run_whole(sandbox_factory, guardian_bot, [
        ("alice", "general", "!invite", 2),
        Do(join_by_invite, 1),
        ("alice", "general", "!what bob"),
        ("alice", "general", "!what Staff"),
        ("alice", "general", "!what ideas"),
        ("alice", "general", "!what nothing"),
        ("alice", "general", "!say hello from the past", 2),
        ("alice", "general", "!ban carol being rude", 2),
        ("alice", "general", lambda sb: f"!unban {sb.user('carol').id}", 2),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#mod-log: invite made by SandboxBot: max_uses=5 max_age=3600 temp=False "
                 "ch=general", "#mod-log: dave joined via 1 invite(s), invited by SandboxBot",
                 "#general: Member: bob", "#general: Role: Staff", "#general: channel: ideas",
                 '#general: BadUnionArgument: Could not convert "thing" into Member, Role or '
                 "TextChannel.", "#welcome: saw webhook message from Alice User bot=True 0000",
                 "#mod-log: echo Alice bot=True webhook=True type=WebhookMessage disc=0000",
                 "#mod-log: ban event carol Member",
                 "#general: banned carol; bans=[('carol', 'being rude')] entry=being rude",
                 "#mod-log: unban event carol User"):
        assert line in said, line
    assert "webhook Alice: hello from the past" in left and "!say" not in left
    assert "member @carol" not in left  # banned, and not back until she joins again


async def test_games_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    runs = await run_whole(sandbox_factory, games_bot, [
        ("alice", "general", "!ttt bob"),
        click("alice", "general", "ttt:0:0"), click("bob", "general", "ttt:0:1"),
        click("bob", "general", "ttt:1:1"), click("alice", "general", "ttt:1:0"),
        click("bob", "general", "ttt:1:1"), click("alice", "general", "ttt:2:0", replies=1),
        then_says("general", "final:\nX X X\nO O .\n. . ."),
        ("carol", "general", "!trivia"),
        answered("carol", "general", "41"),
        post("bob", "general", "42"),
        answered("carol", "general", " 42 ", 1),
        ("carol", "general", "!trivia", 2),
        ("alice", "general", "!games"),
        pick("bob", ["chess", "go"]), pick("carol", ["poker"]),
        post("bob", "lobby", "buy"), post("bob", "lobby", "cheap"), post("bob", "lobby", "stuff"),
        post("carol", "lobby", "hi"), post("bob", "lobby", "now", 1),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#general: final:\nX X X\nO O .\n. . .",
                 "#general: [reply]\nCorrect, carol!", "#general: Time's up: 42.",
                 "#general: bob picked ['chess', 'go'] of ['chess', 'go', 'poker']",
                 "#general: carol picked ['poker'] of ['chess', 'go', 'poker']",
                 "#lobby: <@@bob> slow down (4 removed)"):
        assert line in said, line
    for line in ("SandboxBot: Alice wins! [X (disabled)] [X (disabled)] [X (disabled)] "
                 "[O (disabled)] [O (disabled)] [\u200b (disabled)]",
                 "ephemeral to @bob: SandboxBot: Not your turn.",
                 "carol: 41 [❌ x1]\n  bob: 42\n  carol:  42 \n",
                 "channel #lobby slowmode=0 overwrites=[]\n  carol: hi\n  SandboxBot: <@@bob> "
                 "slow down (4 removed) (pings ['@bob'])"):
        assert line in left, line


async def test_go_live_presence_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    stream = {"type": 1, "name": "Speedrun", "url": "https://twitch.tv/bob"}
    runs = await run_whole(sandbox_factory, presence_bot, [
        presence("bob", "online", [{"type": 0, "name": "Chess"}]),
        presence("bob", "idle", [stream], platforms=("mobile",)),
        presence("carol", "dnd", [{"type": 4, "name": "Custom Status", "state": "busy"}]),
        presence("carol", "online", [{"type": 3, "name": "the rain", "details": "calm"}]),
        presence("bob", "online", [{"type": 0, "name": "Chess"}]),
        presence("bob", "offline", []),
        ("alice", "general", "!status"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#mod-log: bob: offline -> online (online, desktop online) "
                 "<Game name='Chess' platform=None> / Chess",
                 "#general: Bobby is live: Speedrun at https://twitch.tv/bob (on mobile True, "
                 "idle)",
                 "#mod-log: carol: offline -> dnd (dnd, desktop dnd) <CustomActivity name='busy' "
                 "emoji=None> / busy",
                 "#mod-log: carol: dnd -> online (online, desktop online) <Activity "
                 "type=<ActivityType.watching: 3> name='the rain' url=None platform=None "
                 "details='calm' application_id=None session_id=None emoji=None>",
                 "#general: Bobby's stream is over.",
                 "#mod-log: bob: online -> offline (offline, desktop offline) None / None",
                 # The bot's own presence, as guild.me shows it once changed.
                 "#general: was offline None; now dnd <Activity type=<ActivityType.watching: "
                 "3> name='the server' url=None platform=None details=None "
                 "application_id=None session_id=None emoji=None>"):
        assert line in said, line
    assert "member @bob nick=Bobby roles=['Member']" in left  # Live given, then taken
