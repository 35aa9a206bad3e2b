"""More of the third round of whole bots (a giveaway bot, a moderation bot reading the
audit log), each written once against ``(discord, commands)``, driven as people would on
tidecord and on discord.py 2.7.1 with a restart in the middle: what each said, and what
it left in the sandbox and its database, must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round3_giveaways import PARTY, giveaway_bot
from ..proof.programs.round3_moderation import moderation_bot
from .parity import Do, Line
from .whole_bots_3 import compare, reacts, run_restarted

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def titled(title: str) -> Any:
    """The bot's message whose embed has ``title``."""
    def find(sb: Sandbox) -> Any:
        return next(m for m in sb.messages("general")
                    if m.author.id == sb.bot_user.id and m.embeds and m.embeds[0].title == title)
    return find


async def test_giveaway_bot_ends_giveaways_after_a_restart(sandbox_factory: Any,
                                                           tmp_path: Path) -> None:
    nitro = titled("Nitro")

    def about(command: str) -> Any:
        return lambda sb: f"{command} {nitro(sb).id}"

    async def bot_reacted(sb: Sandbox) -> None:
        # The bot keeps the giveaway, then reacts: once its 🎉 shows, it is kept (and a
        # restart cannot cut the command short).
        async with asyncio.timeout(10):
            while sb.bot_user.id not in sb.state.reactors.get((nitro(sb).id, PARTY), []):  # noqa: ASYNC110
                await asyncio.sleep(0.005)

    first: list[Line] = [
        ("alice", "general", "!gstart 1h 2 Nitro"),
        Do(bot_reacted),
        ("alice", "general", "!gstart soon 1 Nitro"),
        ("bob", "general", "!gstart 1h 1 Nitro"),
        ("alice", "general", "!gstart 1h"),
        reacts("bob", PARTY, nitro, 0),
        reacts("carol", PARTY, nitro, 0),
    ]
    second: list[Line] = [
        reacts("alice", PARTY, nitro, 0),  # the host's own entry does not count
        ("alice", "general", about("!greroll")),
        ("alice", "general", "!glist"),
        ("alice", "general", about("!gend"), 2),
        ("alice", "general", about("!greroll")),
        ("alice", "general", "!gstart 2s 1 Sticker", 2),
        ("alice", "general", "!gend 123"),
        ("alice", "general", "!glist"),
    ]
    runs = await run_restarted(sandbox_factory, giveaway_bot, [first, second], tmp_path)
    said, left = compare(runs)
    for line in ("#general: BadArgument: 'soon' is not a duration like 10m or 2h.",
                 "#general: MissingRequiredArgument: winners is a required argument that is "
                 "missing.", "#general: That giveaway has not ended.",
                 "#general: Nitro: 2 winner(s)\n#general: Ending **Nitro** now.",
                 # After the restart the loop reads the reactions back from Discord.
                 "Congratulations <@@carol>, <@@bob>! You won **Nitro**. (4 reactions, me True, "
                 "kinds ['Member'])",
                 "#general: New winner of Nitro: Bobby (4 reactions, me True, kinds ['Member']; "
                 "edited True)", "Nobody entered for **Sticker**. (1 reactions, me True, "
                 "kinds [])", "#general: No running giveaway with that id."):
        assert line in said, line
    for line in ("SandboxBot: {title=Nitro; description=Ended.; color=#607d8b; footer=2 "
                 "winner(s) | hosted by Alice | ended; field Winners=<@@carol>, <@@bob>; "
                 "field Entries=2} [🎉 x4] (edited)",
                 "db giveaways (msg(#general, 1), #general, @alice, 'Nitro', 2, 0.0, 1, "
                 "'carol,bob')"):
        assert line in left, line


async def test_moderation_bot_with_the_audit_log(sandbox_factory: Any, tmp_path: Path) -> None:
    first: list[Line] = [
        ("alice", "general", "!warn bob spamming"),
        ("alice", "general", "!warn bob still spamming"),
        ("bob", "general", "!warn carol"),
        ("alice", "general", "!nick bob Bobster", 2),
    ]
    second: list[Line] = [
        # The third warning, after the restart, times bob out; the loop sees it end.
        ("alice", "general", "!warn bob third time", 4),
        ("alice", "general", "!warnings bob"),
        ("alice", "general", "!timeout carol 600 cool off", 3),
        ("alice", "general", "!untimeout carol", 3),
        ("alice", "general", "!untimeout carol"),
        ("alice", "general", "!kick carol rude"),  # the bot may not kick
        ("alice", "general", "!audit member_update"),
        ("alice", "general", "!audit nothing"),
    ]
    runs = await run_restarted(sandbox_factory, moderation_bot, [first, second], tmp_path)
    said, left = compare(runs)
    for line in ("#general: MissingPermissions: You are missing Moderate Members "
                 "permission(s) to run this command.",
                 "#mod-log: audit member_update (update) by SandboxBot on bob: nickname policy; "
                 "['nick: True -> True']",
                 # Discord says nothing when a timeout runs out: the cached end stays.
                 "#general: Warned Bobster (3/3): third time\n#lobby: bob: timed out until "
                 "<t:<epoch>>; is_timed_out True\n#lobby: timeout of bob is over: "
                 "is_timed_out False, until still set True\n#mod-log: audit member_update "
                 "(update) by SandboxBot on bob: 3 warnings; ['timed_out_until: False -> True']",
                 "[field] #3 by alice: third time",
                 "#lobby: carol: timeout lifted; is_timed_out False",
                 "['timed_out_until: True -> False']",
                 "#general: Forbidden: 403 Forbidden (error code: 50013): Missing Permissions",
                 "#general: member_update by SandboxBot on carol: pardoned\nmember_update by "
                 "SandboxBot on carol: cool off\nmember_update by SandboxBot on bob: 3 warnings",
                 "#general: AttributeError: type object 'AuditLogAction' has no attribute "
                 "'nothing'"):
        assert line in said, line
    for line in ("member @bob nick=Bobster roles=['Member']",
                 "db warnings (3, @bob, @alice, 'third time')"):
        assert line in left, line
