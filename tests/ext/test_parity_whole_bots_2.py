"""Seven more whole bots of the kinds people build from tutorials (welcome, starboard,
message logger, economy, suggestions, reminders/AFK, counting and utilities), each
written once against ``(discord, commands)``, driven as people would on tidecord and on
discord.py 2.7.1: what each said, and what it left in the sandbox and its database,
must be the same."""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError

from ..proof.harness import READING_PAUSE
from ..proof.programs.round2_counting import counting_bot
from ..proof.programs.round2_economy import economy_bot
from ..proof.programs.round2_extras import extras_bot
from ..proof.programs.round2_games import games_bot
from ..proof.programs.round2_guardian import guardian_bot
from ..proof.programs.round2_logger import logger_bot
from ..proof.programs.round2_reminders import reminders_bot
from ..proof.programs.round2_rooms import rooms_bot
from ..proof.programs.round2_starboard import STAR, starboard_bot
from ..proof.programs.round2_suggestions import NO, YES, suggestions_bot
from ..proof.programs.round2_welcome import welcome_bot
from .parity import Do, later
from .whole_bots_2 import run_whole

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def join(name: str, replies: int) -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.join(name)
    act.__name__ = f"{name} joins"
    return Do(act, replies)


def leave(name: str, replies: int) -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.leave(name)
    act.__name__ = f"{name} leaves"
    return Do(act, replies)


def latest(sb: Sandbox, person: str, channel: str) -> Any:
    """``person``'s last message in ``channel``."""
    uid = sb.user(person).id
    return [m for m in sb.messages(channel) if m.author.id == uid][-1]


def post(person: str, channel: str, content: Any, replies: int = 0,
         files: tuple[tuple[str, bytes], ...] = ()) -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.send_message(person, channel, content(sb) if callable(content) else content,
                              files=files)
    act.__name__ = f"{person} posts {content!r}"
    return Do(act, replies)


async def logged(sb: Sandbox, count: int, channel: str = "mod-log") -> None:
    """Wait for the bot's ``count`` more lines in ``channel`` (its last word on a step
    whose other answers may delete messages, which a count of replies cannot follow)."""
    def mine() -> list[int]:
        return [m.id for m in sb.messages(channel) if m.author.id == sb.bot_user.id]
    mark = max(mine(), default=0)
    async with asyncio.timeout(10):
        while sum(i > mark for i in mine()) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.005)


def then_logged(action: Any, replies: int, logs: int, where: str = "mod-log") -> Do:
    """``action``, then wait for ``logs`` more bot lines in ``where``; ``replies`` is how
    many more bot messages there are in all afterwards (deletions counted)."""
    async def act(sb: Sandbox) -> None:
        waiting = asyncio.ensure_future(logged(sb, logs, where))
        await asyncio.sleep(0)
        await action(sb)
        await waiting
    act.__name__ = getattr(action, "__name__", "action")
    return Do(act, replies)


def says(person: str, channel: str, content: Any, replies: int, logs: int,
         where: str = "mod-log") -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.send_message(person, channel, content(sb) if callable(content) else content)
    act.__name__ = f"{person} says {content!r}"
    return then_logged(act, replies, logs, where)


def react(person: str, emoji: str, author: str, channel: str, replies: int,
          remove: bool = False, logs: int = 0) -> Do:
    """``person`` reacts (or takes the reaction back) on ``author``'s last message;
    with ``logs``, the step ends once that many lines reached #mod-log."""
    async def act(sb: Sandbox) -> None:
        await sb.react(person, latest(sb, author, channel), emoji, remove=remove)
    act.__name__ = f"{person} {'unreacts' if remove else 'reacts'} {emoji}"
    return then_logged(act, replies, logs)


def edit(person: str, channel: str, content: str, replies: int = 1, nth: int = -1) -> Do:
    """``person`` edits their ``nth`` message in ``channel``."""
    async def act(sb: Sandbox) -> None:
        uid = sb.user(person).id
        mine = [m for m in sb.messages(channel) if m.author.id == uid]
        await sb.edit_message(person, mine[nth], content)
    act.__name__ = f"{person} edits to {content!r}"
    return Do(act, replies)


def delete(person: str, author: str, channel: str, replies: int = 1, nth: int = -1) -> Do:
    """``person`` deletes ``author``'s ``nth`` message in ``channel``."""
    async def act(sb: Sandbox) -> None:
        uid = sb.user(author).id
        theirs = [m for m in sb.messages(channel) if m.author.id == uid]
        await sb.delete_message(person, theirs[nth])
    act.__name__ = f"{person} deletes {author}'s message"
    return Do(act, replies)


def click(person: str, channel: str, custom_id: str) -> Do:
    """``person`` presses a button of the bot's last message in ``channel``, after
    reading it; the step ends with the bot's answer to the click."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(READING_PAUSE)
        record = await sb.click_button(person, latest(sb, sb.bot_user.username, channel),
                                       custom_id)
        await record.wait_response(10)
    act.__name__ = f"{person} clicks {custom_id}"
    return Do(act)


def mention(channel: str) -> Any:
    return lambda sb: f"!setwelcome {sb.channel(channel).mention}"


def compare(runs: dict[str, tuple[list[str], list[str]]]) -> tuple[str, str]:
    """Both libraries' runs are the same; tidecord's, as text, to check details."""
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    return "\n".join(ours[0]), "\n".join(ours[1])


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


def staff(sb: Sandbox) -> Any:
    return next(r for r in sb.state.roles[sb.guild.id].values() if r.name == "Staff")


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
                 "bulk: 3 ids, 3 cached", "3 messages purged from #general by ['carol']"):
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
    ], tmp_path)
    said, left = compare(runs)
    for line in ("Posted in <##ideas> (thread <#msg(#ideas, 0)>, 1440 min, parent ideas, "
                 "starter True).", "#general: You need the Staff role.",
                 "#general: ✅ 2 ❌ 1; ['alice✅', 'bob❌', 'carol✅']",
                 "#ideas: Suggestion #1 approved; thread Suggestion #1 archived=True "
                 "locked=True.", "#general: Tell me the idea.",
                 "#general: You need one of ['Staff', 'Moderator'].",
                 "#general: No message <id> here."):
        assert line in said, line
    for line in ("color=#2ecc71; author=Bobby; field Status=Approved by Alice: great idea} "
                 "[✅ x3] [❌ x2] (edited)",
                 "color=#e74c3c; author=carol; field Status=Denied by Alice: no reason} "
                 "[✅ x1] [❌ x1] (edited)",
                 "channel #Suggestion #1 slowmode=0 overwrites=[] thread archived=True "
                 "locked=True\n  SandboxBot: Discuss <@@bob>'s idea here.\n  SandboxBot: "
                 "This suggestion was approved."):
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


def counts(person: str, text: str, replies: int = 0) -> Do:
    """``person`` counts in #counting; the step ends once the bot judged it (a reaction,
    or the message deleted) and said ``replies`` things."""
    async def act(sb: Sandbox) -> None:
        sent = await sb.send_message(person, "counting", text)
        box = sb.state.messages[sent.channel_id]
        async with asyncio.timeout(10):
            while sent.id in box and not box[sent.id].reactions:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
    act.__name__ = f"{person} counts {text!r}"
    return Do(act, replies)


def refused(person: str, channel: str, text: str, code: int = 50013) -> Do:
    """``person`` cannot post in ``channel``: Discord answers ``code``."""
    async def act(sb: Sandbox) -> None:
        with pytest.raises(StateError) as caught:
            await sb.send_message(person, channel, text)
        assert caught.value.code == code
    act.__name__ = f"{person} is refused in #{channel}"
    return Do(act)


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
                 "1 categories\n[field] Roles: 3\n[field] Boosts: 0 (tier 0)",
                 "[title] bob\n[field] Nickname: Bobby\n[field] Top role: Member\n"
                 "[field] Roles: <@&&Member>",
                 '#general: MemberNotFound: Member "nobody" not found.',
                 # A new role starts at the bottom: at one position the newer is lower.
                 "#general: SandboxBot > Member > Staff > colour #ff0000 > @everyone",
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


def pause(seconds: float, replies: int | None = 0) -> Do:
    """Time passes (a view or a wait_for times out)."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(seconds)
    act.__name__ = f"{seconds} s pass"
    return Do(act, replies)


async def test_extras_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    thumbs = "\N{THUMBS UP SIGN}"
    runs = await run_whole(sandbox_factory, extras_bot, [
        post("bob", "general", "nice"),
        react("carol", thumbs, "bob", "general", 1),
        ("alice", "general", "!confirm"),
        react("alice", YES, "SandboxBot", "general", 2),
        react("carol", thumbs, "bob", "general", 1, remove=True),
        ("bob", "general", "!confirm"),
        pause(0.8),
        ("alice", "general", "!vote"),
        click("bob", "general", "extras:vote"),
        click("carol", "general", "extras:vote"),
        pause(0, 1),
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


def voice(person: str, channel: str | None, replies: int = 0) -> Do:
    """``person`` connects to (or moves to) a voice channel, or with None leaves voice."""
    async def act(sb: Sandbox) -> None:
        if channel is None:
            await sb.leave_voice(person)
        else:
            room = next(c for c in sb.state.channels.values() if c.name == channel)
            await sb.join_voice(person, room)
    act.__name__ = f"{person} to voice {channel}"
    return Do(act, replies)


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
        Do(lambda sb: dm(sb, "hello?"), 1),
        ("alice", "general", "!reply carol thanks, looking", 2),
        ("alice", "general", "!mute bob carol 10 spamming", 3),
        ("alice", "general", "!mute"),
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
    assert "DM with @carol\n  carol: help, I was muted [📨 x1]\n  carol: hello? [📨 x1]\n" \
           "  SandboxBot: Staff: thanks, looking" in left


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


def answered(person: str, channel: str, text: str, replies: int = 0) -> Do:
    """``person`` says ``text``; the step ends once the bot reacted to it or said
    ``replies`` things (a wrong answer gets a reaction, a right one a reply)."""
    async def act(sb: Sandbox) -> None:
        sent = await sb.send_message(person, channel, text)
        box = sb.state.messages[sent.channel_id]
        if replies == 0:
            async with asyncio.timeout(10):
                while not box[sent.id].reactions:  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
    act.__name__ = f"{person} answers {text!r}"
    return Do(act, replies)


def pick(person: str, values: list[str], replies: int = 1) -> Do:
    """``person`` picks ``values`` in the games menu."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(READING_PAUSE)
        menu = [m for m in sb.messages("general") if m.content == "What do you play?"][-1]
        record = await sb.click_button(person, menu, "games", values=values)
        await record.wait_response(10)
    act.__name__ = f"{person} picks {values}"
    return Do(act, replies)


async def test_games_bot(sandbox_factory: Any, tmp_path: Path) -> None:
    runs = await run_whole(sandbox_factory, games_bot, [
        ("alice", "general", "!ttt bob"),
        click("alice", "general", "ttt:0:0"), click("bob", "general", "ttt:0:1"),
        click("bob", "general", "ttt:1:1"), click("alice", "general", "ttt:1:0"),
        click("bob", "general", "ttt:1:1"), click("alice", "general", "ttt:2:0"),
        pause(0, 1),
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
