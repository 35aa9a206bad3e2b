"""Polls as a garden club's bot runs them: make a poll from a command, hear people vote
and take votes back, list who voted for what, read a person's poll (and fail to end
it), end its own and learn the winner from Discord's result message; both libraries
must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from typing import Any

import pytest

from tidecord import Poll
from tidecord.models import UNSET
from tidecord.sandbox import Sandbox, World

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def garden_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"}],
        "guilds": [{
            "name": "Garden club", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "send_polls"],
            "channels": [{"name": "general"}],
            "members": ["alice", "bob", "carol"],
        }],
    })


def garden_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True  # the vote events name cached members
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    kept: dict[str, Any] = {"raw": []}

    def tally(poll):
        return ", ".join(f"{a.id}:{a.text}={a.vote_count}" for a in poll.answers)

    @bot.command()
    async def plant(ctx, hours: int, *, question):
        poll = discord.Poll(question, datetime.timedelta(hours=hours), multiple=True)
        poll.add_answer(text="Tomatoes", emoji="🍅").add_answer(text="Beans")
        poll.add_answer(text="Squash", emoji="🎃")
        sent = await ctx.send(poll=poll)
        kept["poll"] = poll
        try:
            poll.add_answer(text="Kale")
        except discord.ClientException as exc:
            late = str(exc)
        hours_left = round((poll.expires_at - sent.created_at).total_seconds() / 3600)
        await ctx.send(
            f"asked {poll.question!r} for {poll.duration}: {tally(poll)}; "
            f"emojis {[str(a.emoji) for a in poll.answers]}; multiple {poll.multiple}, "
            f"layout {poll.layout_type}, ends in {hours_left} h, "
            f"finalised {poll.is_finalised()}, on the message sent {poll.message.id == sent.id}, "
            f"sent has it {sent.poll.question!r}, second answer {poll.get_answer(2)}, "
            f"no answer 9 {poll.get_answer(9)}; adding late: {late}")

    @bot.event
    async def on_poll_vote_add(user, answer):
        await answer.poll.message.channel.send(
            f"{user.name} voted {answer.text} {answer.emoji}: now {answer.vote_count}, "
            f"in all {answer.poll.total_votes}; self voted {answer.self_voted}")

    @bot.event
    async def on_poll_vote_remove(user, answer):
        await answer.poll.message.channel.send(
            f"{user.name} took back {answer}: now {answer.vote_count}")

    @bot.event
    async def on_raw_poll_vote_add(payload):
        kept["raw"].append(f"+{payload.answer_id} {payload.guild_id is not None}")

    @bot.event
    async def on_raw_poll_vote_remove(payload):
        kept["raw"].append(f"-{payload.answer_id} {payload.message_id == kept['poll'].message.id}")

    @bot.command()
    async def raw(ctx):
        await ctx.send(f"raw: {' '.join(kept['raw'])}")

    @bot.command()
    async def voters(ctx):
        lines = []
        for answer in kept["poll"].answers:
            names = [voter.name async for voter in answer.voters()]
            first = [voter.name async for voter in answer.voters(limit=1)]
            lines.append(f"{answer.text}: {names} (first {first})")
        await ctx.send("\n".join(lines))

    @bot.command()
    async def close(ctx):
        poll = kept["poll"]
        ended = await poll.end()
        try:
            await poll.end()
        except discord.HTTPException as exc:
            again = f"{exc.status} {exc.code}"
        await ctx.send(f"ended, same poll {ended is poll}, finalised {ended.is_finalized()}: "
                       f"{tally(ended)}, {ended.total_votes} votes, victor {ended.victor_answer}; "
                       f"again: {again}")

    @bot.listen()
    async def on_message(message):
        if message.type == discord.MessageType.poll_result:
            cached = discord.utils.get(bot.cached_messages, id=message.reference.message_id)
            kept["victor"] = cached.poll.victor_answer
            kept["total"] = cached.poll.total_votes
            return
        poll = message.poll
        if poll is None or message.author.bot:
            return
        try:
            await poll.end()
        except discord.HTTPException as exc:
            refused = f"{exc.status} {exc.code}"
        await message.channel.send(
            f"{message.author.name} asks {poll.question!r} for {poll.duration}: "
            f"{[str(a) for a in poll.answers]}, multiple {poll.multiple}, "
            f"finalised {poll.is_finalized()}, victor {poll.victor_answer}; "
            f"ending it: {refused}")

    @bot.command()
    async def winner(ctx):
        victor = kept["victor"]
        await ctx.send(f"the club plants {victor.text} {victor.emoji} "
                       f"({victor.vote_count} of {kept['total']} votes, victor {victor.victor})")

    return bot


def garden_poll(sb: Sandbox) -> int:
    """The id of the bot's poll."""
    general = sb.channel("general").id
    return next(m.id for m in sb.state.channel_messages(general)
                if m.poll_data is not UNSET and m.author.id == sb.bot_user.id)


def vote(person: str, *answers: int, replies: int = 1) -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.vote_poll(person, garden_poll(sb), list(answers))
    act.__name__ = f"{person} votes {answers}"
    return Do(act, replies)


def unvote(person: str, replies: int = 1) -> Do:
    async def act(sb: Sandbox) -> None:
        await sb.remove_poll_vote(person, garden_poll(sb))
    act.__name__ = f"{person} takes back their votes"
    return Do(act, replies)


async def bobs_poll(sb: Sandbox) -> None:
    poll = Poll("Compost on Sundays?", datetime.timedelta(hours=48))
    poll.add_answer(text="Yes").add_answer(text="No")
    await sb.send_message("bob", "general", poll=poll)


LINES = [
    ("alice", "general", "!plant 6 What shall we plant?", 2),  # the poll, and what it is
    vote("alice", 1),
    vote("bob", 3),
    vote("carol", 2),
    vote("bob", 3, 1),  # bob keeps squash and adds tomatoes: one more vote
    unvote("carol"),
    vote("carol", 1),
    ("alice", "general", "!raw"),
    ("alice", "general", "!voters"),
    Do(bobs_poll, 1),
    ("alice", "general", "!close", 2),  # Discord's result message, and the bot's report
    ("alice", "general", "!winner"),
]


async def test_polls_run_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, garden_bot, LINES, world=garden_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (
        "asked 'What shall we plant?' for 6:00:00: 1:Tomatoes=0, 2:Beans=0, 3:Squash=0; "
        "emojis ['🍅', 'None', '🎃']; multiple True, layout PollLayoutType.default, "
        "ends in 6 h, finalised False, on the message sent True, "
        "sent has it 'What shall we plant?', second answer Beans, no answer 9 None; "
        "adding late: Cannot append answers to a poll that is active",
        "alice voted Tomatoes 🍅: now 1, in all 1; self voted False",
        "bob voted Tomatoes 🍅: now 2, in all 4; self voted False",
        "carol took back Beans: now 0",
        "raw: +1 True +3 True +2 True +1 True -2 True +1 True",
        # Each page of voters comes highest id first, as discord.py hands them out.
        "Tomatoes: ['carol', 'bob', 'alice'] (first ['alice'])",
        "Beans: [] (first [])",
        "bob asks 'Compost on Sundays?' for 2 days, 0:00:00: ['Yes', 'No'], multiple False, "
        "finalised False, victor None; ending it: 403 50013",
        "ended, same poll True, finalised True: 1:Tomatoes=3, 2:Beans=0, 3:Squash=1, "
        "4 votes, victor None; again: 400 520001",
        "[field] victor_answer_text: Tomatoes",
        "the club plants Tomatoes 🍅 (3 of 4 votes, victor True)",
    ):
        assert line in text, line
