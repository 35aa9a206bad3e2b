"""Seven more whole bots of the kinds people build from tutorials (welcome, starboard,
message logger, economy, suggestions, reminders/AFK, counting and utilities), each
written once against ``(discord, commands)``, driven as people would on tidecord and on
discord.py 2.7.1: what each said, and what it left in the sandbox and its database,
must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.programs.round2_counting import counting_bot
from ..proof.programs.round2_economy import economy_bot
from ..proof.programs.round2_logger import logger_bot
from ..proof.programs.round2_reminders import reminders_bot
from ..proof.programs.round2_starboard import STAR, starboard_bot
from ..proof.programs.round2_suggestions import NO, YES, suggestions_bot
from ..proof.programs.round2_welcome import welcome_bot
from .parity import Do, later
from .whole_bots_2 import run_whole
from .whole_bots_2_steps import (
    click,
    compare,
    counts,
    delete,
    edit,
    join,
    latest,
    leave,
    mention,
    post,
    react,
    refused,
    says,
    staff,
)

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


async def test_welcome_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    runs = await run_whole(sandbox_factory, welcome_bot, [
        join("dave", 1),
        ("alice", "general", "!setwelcome"),
        ("bob", "general", "!setwelcome #general"),
        ("alice", "general", "!setwelcome nowhere"),
        ("alice", "general", mention("welcome")),
        join("erin", 2),
        leave("carol", 1),
        ("alice", "general", "!members"),
    ], tmp_path)
    said, left = compare(runs)
    # Before !setwelcome the system channel (the first one) greets; afterwards #welcome.
    assert "#lobby: \n[title] Welcome to Sandbox!\n[description] Hi <@@dave>" in said
    assert "#welcome: \n[title] Welcome to Sandbox!\n[description] Hi <@@erin>" in said
    for line in ("#general: Usage: !setwelcome <channel>", "#general: You need manage_guild.",
                 "#general: No channel called 'nowhere'.",
                 "erin has a new account (0 days old, bot=False, pending=False",
                 "#welcome: carol left us. We are 5 now. They had ['Member'].",
                 "#general: 5 members, 4 people; newest erin; system channel lobby"):
        assert line in said, line
    for line in ("member @dave nick=None roles=['Member']",
                 "member @erin nick=None roles=['Member']",
                 "thumbnail=https://cdn.discordapp.com/embed/avatars/N.png; field Member=#6; "
                 "field Account created=<t:T:R>}", "db settings (<guild>, #welcome)"):
        assert line in left, line
    assert "@carol" not in left.split("channel #")[0]


async def test_starboard_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    def unstar(sb: Sandbox) -> str:
        cat = latest(sb, "bob", "general")
        return f"!unstar https://discord.com/channels/{sb.guild.id}/{cat.channel_id}/{cat.id}"

    async def quote_reply(sb: Sandbox) -> None:
        await sb.send_message("alice", "ideas", "!quote", reply_to=latest(sb, "carol", "ideas"))

    runs = await run_whole(sandbox_factory, starboard_bot, [
        join("dave", 0),
        post("bob", "general", "look at my cat", files=(("cat.png", b"\x89PNG fake"),)),
        react("alice", STAR, "bob", "general", 1, logs=1),
        react("bob", STAR, "bob", "general", 1, logs=1),
        react("carol", STAR, "bob", "general", 2, logs=1),
        react("dave", STAR, "bob", "general", 1, logs=1),
        react("alice", "\N{THUMBS UP SIGN}", "bob", "general", 0),
        react("carol", STAR, "bob", "general", 1, remove=True, logs=1),
        react("dave", STAR, "bob", "general", 0, remove=True, logs=1),
        react("carol", STAR, "bob", "general", 2, logs=1),
        ("alice", "general", "!stars"),
        says("alice", "general", unstar, 0, 1, "starboard"),
        ("alice", "general", "!stars"),
        post("carol", "ideas", "pizza friday?"),
        react("alice", STAR, "carol", "ideas", 1, logs=1),
        react("bob", STAR, "carol", "ideas", 2, logs=1),
        ("alice", "ideas", "!quote"),
        Do(quote_reply, 2),
    ], tmp_path)
    said, left = compare(runs)
    # The author's own star does not count; a removal's payload has no member.
    for line in ("REACTION_ADD ⭐ by Bobby: 1 stars from ['alice']",
                 "REACTION_ADD ⭐ by dave: 3 stars from ['alice', 'carol', 'dave']",
                 "REACTION_REMOVE ⭐ by user @carol: 2 stars from ['alice', 'dave'], "
                 "burst=False, author=False",
                 "#general: ⭐ **2** <##general> / Bobby / True",
                 "#starboard: stars cleared from msg(#general, 0)",
                 "#general: the board is empty"):
        assert line in said, line
    assert ("⭐ **2** <##ideas>{description=pizza friday?; color=#f1c40f; author=carol; "
            "footer=msg(#ideas, 0); field Source=[Jump to message](https://discord.com/"
            "channels/<guild>/#ideas/msg(#ideas, 0))}") in left
    assert "bob: look at my cat [👍 x1]" in left  # the stars were cleared, not the rest
    # A received reply's reference reads as discord.py's (strict unless it said not).
    assert "#ideas: Reply to the message you want to quote." in said
    assert "#ideas: Quoted carol (same guild True, strict True, cached True)." in said
    assert "SandboxBot: 💬 quoted by Alice{description=pizza friday?" in left


async def test_logger_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    async def before_the_bot(sb: Sandbox) -> None:
        await sb.send_message("bob", "general", "from before the bot")
        await sb.send_message("carol", "general", "old news")

    runs = await run_whole(sandbox_factory, logger_bot, [
        edit("bob", "general", "edited after the restart", nth=0),
        post("bob", "general", "hello"),
        edit("bob", "general", "hello there"),
        post("carol", "general", "oops wrong channel"),
        delete("carol", "carol", "general"),
        post("bob", "general", "spam spam"),
        delete("alice", "bob", "general"),
        delete("alice", "carol", "general"),
        post("bob", "general", lambda sb: f"hey {sb.user('carol').mention} "
             f"{sb.user('carol').mention} {staff(sb).mention}"),
        delete("bob", "bob", "general", 2),
        ("bob", "general", "!purge 3"),
        post("carol", "general", "a"),
        post("carol", "general", "b"),
        post("carol", "general", "c"),
        ("alice", "general", "!purge 3", 4),
        ("carol", "general", "!anon more cake", 2),
    ], tmp_path, prepare=before_the_bot)
    said, left = compare(runs)
    for line in ("An old message in <##general> was edited by bob: now "
                 "'edited after the restart', edited True",
                 "[field] Before: hello\n[field] After: hello there",
                 "carol said 'oops wrong channel' []; deleted by themselves",
                 # A moderator's deletion is in the audit log, under the moderator.
                 "Bobby said 'spam spam' []; deleted by alice (count 1)",
                 "An old message (<id>) was deleted in <##general>",
                 # The content names carol twice and a role nobody may ping: discord.py
                 # reads raw mentions in the content, not among those pinged.
                 "Ghost ping by bob: 2 user mention(s), 1 role mention(s), 1 pinged",
                 "#general: [reply]\nYou can't do that.",
                 "Alice said '!purge 3' []; deleted by SandboxBot (count 1)",
                 "bulk: 3 ids, 3 cached", "3 messages purged from #general by ['carol']",
                 # A reply to a message deleted meanwhile is refused, as on Discord.
                 "#general: Anonymous feedback: more cake (400/50035)",
                 "carol said '!anon more cake' []; deleted by SandboxBot (count 1)"):
        assert line in said, line
    assert "carol: " not in left.split("channel #general")[1].split("channel #")[0]


async def test_economy_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    def at(person: str) -> Any:
        return lambda sb: f"<@{sb.user(person).id}>"

    runs = await run_whole(sandbox_factory, economy_bot, [
        ("alice", "general", "!daily"),
        ("alice", "general", "!daily"),
        ("bob", "general", "!daily"),
        ("carol", "general", "!daily"),
        ("alice", "general", lambda sb: f"!pay {at('bob')(sb)} 30"),
        ("alice", "general", "!pay bob 0"),
        ("alice", "general", "!pay nobody 5"),
        ("alice", "general", "!pay Bobby lots"),
        ("alice", "general", "!pay carol 1000"),
        ("alice", "general", "!pay alice 1"),
        ("carol", "general", "!rob alice"),
        ("bob", "general", "!rob alice"),
        ("bob", "general", "!bal"),
        ("bob", "general", "!balance Alice"),
        ("alice", "general", "!lb"),
        click("bob", "general", "lb:next"),
        click("alice", "general", "lb:next"),
        ("alice", "general", "!leaderboard"),
        click("alice", "general", "lb:next"),
        click("alice", "general", "lb:previous"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("Come back in 23h 59m (1/86400s, user).",
                 "The amount must be at least 1 (not 0).",
                 "I don't know anyone called nobody.",
                 'BadArgument: Converting to "int" failed for parameter "amount".',
                 "You need 120 coins to rob anyone.", "Bobby stole 7 from Alice!",
                 "Bobby has 137 coins.", "Alice has 63 coins."):
        assert line in said, line
    for line in ("footer=Page 2/2; field #3 Alice=63 coins} [Previous] [Next (disabled)] "
                 "(edited)",
                 "footer=Page 1/2; field #1 Bobby=137 coins; field #2 carol=100 coins} "
                 "[Previous (disabled)] [Next] (edited)",
                 "ephemeral to @bob: SandboxBot: Only Alice can turn these pages.",
                 "db balances (@alice, 63)\ndb balances (@bob, 137)\ndb balances (@carol, 100)"):
        assert line in left, line


async def test_suggestions_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    def nth(n: int) -> Any:
        return lambda sb: [m for m in sb.messages("ideas") if m.author.id == sb.bot_user.id
                           and m.embeds][n]

    def by_id(command: str, n: int, tail: str = "") -> Any:
        return lambda sb: f"{command} {nth(n)(sb).id}{tail}"

    def by_link(command: str, n: int) -> Any:
        def text(sb: Sandbox) -> str:
            found = nth(n)(sb)
            return f"{command} https://discord.com/channels/{sb.guild.id}/{found.channel_id}/" \
                   f"{found.id}"
        return text

    def vote(person: str, emoji: str, n: int) -> Do:
        async def act(sb: Sandbox) -> None:
            await sb.react(person, nth(n)(sb), emoji)
        act.__name__ = f"{person} votes {emoji}"
        return Do(act)

    runs = await run_whole(sandbox_factory, suggestions_bot, [
        ("bob", "general", "!suggest Add a music channel", 3),
        vote("carol", YES, 0), vote("alice", YES, 0), vote("bob", NO, 0),
        ("bob", "general", by_link("!approve", 0)),
        ("alice", "general", by_link("!tally", 0)),
        ("alice", "general", by_id("!tally", 0)),
        ("alice", "ideas", by_id("!approve", 0, " great idea"), 2),
        ("bob", "general", "!suggest"),
        ("carol", "general", "!suggest Free pizza on Fridays", 3),
        ("bob", "general", by_link("!deny", 1)),
        ("alice", "general", by_link("!deny", 1), 2),
        ("alice", "general", "!approve 123456789012345678"),
        ("carol", "general", "!suggest Longer breaks", 3),
        ("bob", "general", by_link("!withdraw", 2)),
        ("carol", "general", by_link("!withdraw", 2)),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("Posted in <##ideas> (thread <#msg(#ideas, 0)>, 1440 min, parent ideas, "
                 "starter True).", "#general: You need the Staff role.",
                 "#general: ✅ 2 ❌ 1; ['alice✅', 'bob❌', 'carol✅']",
                 "#ideas: Suggestion #1 approved; thread Suggestion #1 archived=True "
                 "locked=True.", "#general: Tell me the idea.",
                 "#general: You need one of ['Staff', 'Moderator'].",
                 "#general: No message <id> here.",
                 "#general: Only its author can withdraw a suggestion.",
                 "#general: Withdrawn (0 embeds left)."):
        assert line in said, line
    for line in ("color=#2ecc71; author=Bobby; field Status=Approved by Alice: great idea} "
                 "[✅ x3] [❌ x2] (edited)",
                 "color=#e74c3c; author=carol; field Status=Denied by Alice: no reason} "
                 "[✅ x1] [❌ x1] (edited)",
                 "channel #Suggestion #1 slowmode=0 overwrites=[] thread archived=True "
                 "locked=True\n  SandboxBot: Discuss <@@bob>'s idea here.\n  SandboxBot: "
                 "This suggestion was approved.",
                 # embed=None on an edit takes the embed away, as discord.py's does.
                 "SandboxBot: ~~Suggestion #3~~ withdrawn by carol. [✅ x1] [❌ x1] (edited)"):
        assert line in left, line


async def test_reminders_and_afk_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    def ping(person: str, text: str) -> Any:
        return lambda sb: f"hey <@{sb.user(person).id}> {text}"

    runs = await run_whole(sandbox_factory, reminders_bot, [
        ("bob", "general", "!afk lunch", 2),
        ("carol", "general", ping("bob", "are you there?")),
        ("bob", "general", "I'm back", 2),
        ("alice", "general", "!afk meeting"),
        ("carol", "general", ping("alice", "got a minute?")),
        ("alice", "general", "!remind 1s stand up", 3),
        ("alice", "general", "!remind soon"),
        ("carol", "general", "!timer 0.5", 2),
        ("alice", "general", "!remind 1h later"),
        ("alice", "general", "!reminders"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#mod-log: bob: nick 'Bobby' -> '[AFK] Bobby'",
                 "#general: [reply]\n[AFK] Bobby is AFK: lunch (since <t:T:R>)",
                 "#mod-log: bob: nick '[AFK] Bobby' -> 'Bobby'",
                 # Discord never lets a bot rename the guild's owner.
                 "Alice is now AFK: meeting (I can't change your nickname: 50013)",
                 "Time's up, carol! (on time: True)", "1 pending: later"):
        assert line in said, line
    for line in ("member @bob nick=Bobby roles=['Member']",
                 # The greeting names people without pinging them; the reminder pings.
                 "SandboxBot: Welcome back <@@bob>, you were away: lunch.\n",
                 "SandboxBot: ⏰ <@@alice>, you asked me to remind you: stand up "
                 "(pings ['@alice'])", "carol: hey <@@bob> are you there? (pings ['@bob'])"):
        assert line in left, line


async def test_counting_and_utility_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    runs = await run_whole(sandbox_factory, counting_bot, [
        counts("bob", "1"), counts("carol", "2"), counts("carol", "3", 1),
        counts("bob", "5", 1), counts("bob", "1"), counts("alice", "two", 1),
        ("alice", "general", "!serverinfo"),
        ("bob", "general", "!userinfo"),
        ("alice", "general", "!userinfo carol"),
        ("alice", "general", "!userinfo nobody"),
        ("alice", "general", "!colour #ff0000"),
        ("alice", "general", "!roles"),
        ("alice", "general", "!userinfo"),
        ("carol", "general", '!poll "Pizza or pasta?" pizza pasta "neither, thanks"'),
        ("carol", "general", "!poll lonely"),
        ("bob", "general", "!slowmode 5"),
        ("alice", "general", "!slowmode 5"),
        ("alice", "general", "!slowmode 99999"),
        # Slowmode holds people back, not those who manage messages (nor the bot).
        later(6), post("carol", "general", "first"),
        refused("carol", "general", "second", 20016), post("alice", "general", "third"),
        ("alice", "general", "!lock #ideas"),
        ("alice", "general", lambda sb: f"!lock {sb.channel('ideas').mention}"),
        refused("bob", "ideas", "hello?"),
        ("alice", "general", "!unlock ideas"),
        ("alice", "general", lambda sb: f"!top {sb.channel('counting').mention}"),
        ("alice", "general", "!channels"),
        post("bob", "ideas", "hello!"),
    ], tmp_path)
    said, left = compare(runs)
    for line in ("#counting: Let someone else count the next one. Back to 1!",
                 "#counting: Bobby wrote '5': the next number is 1.",
                 "#counting: Alice wrote 'two': the next number is 2.",
                 "[field] Members: 4 (1 bots)\n[field] Channels: 7 text, 2 voice, "
                 "1 categories\n[field] Roles: 4\n[field] Boosts: 0 (tier 0)",
                 "[title] bob\n[field] Nickname: Bobby\n[field] Top role: Member\n"
                 "[field] Roles: <@&&Member>",
                 '#general: MemberNotFound: Member "nobody" not found.',
                 # A new role starts at the bottom: at one position the newer is lower.
                 "#general: SandboxBot > Live > Member > Staff > colour #ff0000 > @everyone",
                 "[title] alice\n[field] Nickname: none\n[field] Top role: Staff\n"
                 "[field] Roles: <@&&Staff> <@&&colour #ff0000>",
                 "#general: Give between 2 and 9 answers.",
                 "#general: You need ['manage_channels'].",
                 "#general: Slowmode in <##general> is 5 s.",
                 "RangeError: value must be between 0 and 21600 but received 99999",
                 "🔒 <##ideas> is locked (send_messages=False).",
                 "🔓 <##ideas> is open again.",
                 # Moving a channel numbers its kind again, as discord.py's edit does.
                 "#general: <##counting> is on top now (edit gave None).",
                 "#general: counting:0 | lobby:1 | general:2 | welcome:3 | ideas:4 | "
                 "starboard:5 | mod-log:6"):
        assert line in said, line
    counting = left.split("channel #counting")[1]
    # Right numbers keep their ✅, the same person twice gets ❌, wrong ones are gone.
    assert "bob: 1 [✅ x1]\n  carol: 2 [✅ x1]\n  carol: 3 [❌ x1]" in counting
    assert "5" not in counting.split("Back to 1!")[1].split("wrote")[0]
    assert "alice: two" not in counting
    assert "carol: first\n  alice: third\n" in left
    for line in ("channel #general slowmode=5", "[1️⃣ x1] [2️⃣ x1] [3️⃣ x1]",
                 # Unlocking leaves @everyone's overwrite, empty, as Discord keeps it.
                 "channel #ideas slowmode=0 overwrites=[('<guild>', <Permissions value=0>, "
                 "<Permissions value=0>)]\n  bob: hello!"):
        assert line in left, line
