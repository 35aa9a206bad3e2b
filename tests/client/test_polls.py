"""tidecord's polls against the sandbox: what the parity test does not show (DMs, the
polls intents, a poll the clock ends, a poll not sent yet)."""

from __future__ import annotations

import asyncio
import datetime

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


def lunch(hours: int = 2, *, multiple: bool = False) -> tidecord.Poll:
    poll = tidecord.Poll("Lunch?", datetime.timedelta(hours=hours), multiple=multiple)
    return poll.add_answer(text="Soup", emoji="🍲").add_answer(text="Salad")


def test_a_poll_not_sent_is_discord_s_create_request() -> None:
    poll = lunch(5, multiple=True)
    assert poll.to_dict() == {
        "question": {"text": "Lunch?"},
        "answers": [{"poll_media": {"text": "Soup", "emoji": {"id": None, "name": "🍲"}}},
                    {"poll_media": {"text": "Salad"}}],
        "duration": 5, "allow_multiselect": True, "layout_type": 1}
    assert (poll.expires_at, poll.message, poll.created_at, poll.victor_answer) == (
        None, None, None, None)
    assert not poll.is_finalised() and poll.total_votes == 0
    again = poll.copy()
    assert again.to_dict() == poll.to_dict() and again is not poll
    assert isinstance(poll.answers[0].emoji, tidecord.PartialEmoji)
    assert repr(poll.answers[1]) == "<PollAnswer id=2 media=<PollMedia text='Salad' emoji=None>>"


async def test_a_poll_not_sent_cannot_end_nor_list_voters() -> None:
    poll = lunch()
    with pytest.raises(tidecord.ClientException, match="no attached message"):
        await poll.end()
    voters = poll.answers[0].voters()  # as discord.py's: refused when iterated
    with pytest.raises(tidecord.ClientException, match="not sent with a message"):
        [voter async for voter in voters]


async def test_votes_in_a_dm_name_the_user(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=tidecord.Intents.default())
    got = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_dm("alice", poll=lunch())
    message = await got
    assert message.poll is not None and message.poll.question == "Lunch?"
    raw = asyncio.create_task(client.wait_for("raw_poll_vote_add", timeout=5))
    voted = asyncio.create_task(client.wait_for("poll_vote_add", timeout=5))
    await asyncio.sleep(0)
    await sandbox.vote_poll("alice", message.id, 2)
    payload, (user, answer) = await raw, await voted
    assert (payload.guild_id, payload.answer_id, payload.user_id) == (None, 2, user.id)
    assert user.name == "alice" and isinstance(user, tidecord.User)
    assert (answer.text, answer.vote_count, answer.poll.total_votes) == ("Salad", 1, 1)
    assert answer.poll.message is message


async def test_without_the_polls_intents_no_vote_arrives(sandbox: Sandbox,
                                                         connect: Connect) -> None:
    intents = tidecord.Intents.default()
    intents.polls = False
    client = await connect(intents=intents)
    heard: list[object] = []

    @client.event
    async def on_raw_poll_vote_add(payload: object) -> None:
        heard.append(payload)

    general = next(c for c in client.guilds[0].channels if c.name == "general")
    sent = await general.send(poll=lunch())
    got = asyncio.create_task(client.wait_for(
        "message", check=lambda m: m.author.name == "alice", timeout=5))
    await asyncio.sleep(0)
    await sandbox.vote_poll("alice", sent.id, 1)
    await sandbox.send_message("alice", "general", "voted")
    await got  # the vote, sent before it, would have come first
    assert heard == []


async def test_the_clock_ends_a_poll_and_its_result_names_the_victor(
        sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=tidecord.Intents.all())
    general = next(c for c in client.guilds[0].channels if c.name == "general")
    poll = lunch(hours=1)
    sent = await general.send(poll=poll)
    assert poll.message is sent and poll.expires_at is not None
    assert poll.duration == datetime.timedelta(hours=1)
    for name, answer in (("alice", 1), ("bob", 1)):
        voted = asyncio.create_task(client.wait_for("poll_vote_add", timeout=5))
        await asyncio.sleep(0)
        await sandbox.vote_poll(name, sent.id, answer)
        await voted
    edited = asyncio.create_task(client.wait_for("message_edit", timeout=5))
    result = asyncio.create_task(client.wait_for(
        "message", check=lambda m: m.type == tidecord.MessageType.poll_result, timeout=5))
    await asyncio.sleep(0)
    sandbox.clock.advance(3600)
    before, after = await edited
    assert not before.poll.is_finalised() and after.poll.is_finalised()
    closed = await result
    # discord.py 2.7 does not count a poll's result as a system message; nor do we.
    assert closed.reference.message_id == sent.id and not closed.is_system()
    assert closed.system_content == f"{client.user.display_name}'s poll Lunch? has closed."
    cached = tidecord.utils.get(client.cached_messages, id=sent.id)
    victor = cached.poll.victor_answer
    assert (victor.text, victor.vote_count, victor.victor) == ("Soup", 2, True)
    assert cached.poll.total_votes == 2 and cached.poll.victor_answer_id == 1
    with pytest.raises(tidecord.HTTPException) as refused:
        await poll.end()
    assert refused.value.code == 520001
