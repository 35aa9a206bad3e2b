"""The idea bot on the sandbox: ideas as replies, contributions, votes, image cards."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from idea_bot import MyBot
from idea_store import IdeaStore

from tidecord.models import Message
from tidecord.sandbox import Sandbox

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest_asyncio.fixture
async def bot(
    sandbox: Sandbox, tmp_path: Path, connect_bot: Callable[[MyBot], Awaitable[None]]
) -> MyBot:
    """The idea bot, connected to the sandbox, with a fresh database."""
    idea_bot = MyBot(db_path=tmp_path / "ideas.sqlite3", api_url=sandbox.api_url)
    await connect_bot(idea_bot)
    return idea_bot


async def ask(sb: Sandbox, content: str, person: str = "alice") -> Message:
    """``person`` says ``content`` in #general; the bot's reply to it."""
    sent = await sb.send_message(person, "general", content)
    reply = await sb.wait_for_message(
        channel="general",
        author=sb.bot_user,
        timeout=10,
        check=lambda m: m.message_reference is not None
        and m.message_reference.message_id == sent.id,
    )
    return reply


async def eventually(condition: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    """Wait until ``condition()`` holds (the bot handles reactions in its own time)."""
    async def poll() -> None:
        # The bot's database is not observable by event, so poll it briefly.
        while not await condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), seconds)


async def test_idea_is_a_reply_with_a_starter_idea(sandbox: Sandbox, bot: MyBot) -> None:
    reply = await ask(sandbox, ".idea")

    assert reply.content.startswith("Okay, so how about this: ")
    assert bot.ideas is not None and await bot.ideas.count() >= 100
    idea_text = reply.content.removeprefix("Okay, so how about this: ").splitlines()[0]
    assert len(idea_text) > 40  # an actual idea, not an empty template


async def test_bot_ignores_its_own_messages_and_other_chatter(sandbox: Sandbox, bot: MyBot) -> None:
    # A message from the bot's own account (as if sent by another process of it).
    own = await sandbox.send_message(sandbox.bot_user, "general", ".idea")
    await sandbox.send_message("alice", "general", "good morning")
    await sandbox.send_message("bob", "general", ".ideas are great")
    reply = await ask(sandbox, ".idea help")

    # Only the help request was answered.
    from_bot = [m for m in sandbox.messages("general") if m.author.id == sandbox.bot_user.id]
    assert from_bot == [own, reply]
    assert ".idea add" in reply.content and ".idea top" in reply.content


async def test_added_idea_is_stored_and_comes_up(sandbox: Sandbox, bot: MyBot) -> None:
    text = "A bot that turns a channel's pinned messages into a weekly newsletter email."

    added = await ask(sandbox, f".idea add {text}", person="bob")
    number = added.content.removeprefix("Thanks! Added as idea #").rstrip(".")
    shown = await ask(sandbox, f".idea {number}")
    again = await ask(sandbox, f".idea add {text.upper()}")
    short = await ask(sandbox, ".idea add a bot")

    assert added.content.startswith("Thanks! Added as idea #"), added.content
    assert shown.content.startswith(f"Okay, so how about this: {text}")
    assert f"already here, as idea #{number}" in again.content
    assert "a bit short" in short.content


async def test_votes_by_reaction_change_top(sandbox: Sandbox, bot: MyBot) -> None:
    assert bot.ideas is not None
    store = bot.ideas
    # Five bot replies at most: Discord's (and the sandbox's) limit per channel per 5 s.
    first = await ask(sandbox, ".idea 7")
    second = await ask(sandbox, ".idea 12")
    second_again = await ask(sandbox, ".idea 12")
    # The bot puts the first thumbs up on each idea, for people to click; it is no vote.
    await eventually(lambda: _bot_reacted(sandbox, [first, second, second_again]))

    for person in ("alice", "bob"):
        await sandbox.react(person, second, "👍")
    await sandbox.react("alice", second_again, "👍")  # alice already voted for #12
    await sandbox.react("alice", first, "👍")
    await sandbox.react("alice", first, "😀")  # not a vote
    await eventually(lambda: _votes_are(store, {12: 2, 7: 1}))
    top = await ask(sandbox, ".idea top")

    await sandbox.react("bob", second, "👍", remove=True)
    await sandbox.react("alice", second, "👍", remove=True)
    await sandbox.react("alice", second_again, "👍", remove=True)
    await eventually(lambda: _votes_are(store, {7: 1}))
    after = await ask(sandbox, ".idea top")

    lines = top.content.splitlines()
    assert "(#12, 2 votes)" in lines[1] and "(#7, 1 vote)" in lines[2]
    assert "(#7, 1 vote)" in after.content and "#12" not in after.content


async def test_top_without_votes_says_how_to_vote(sandbox: Sandbox, bot: MyBot) -> None:
    reply = await ask(sandbox, ".idea top")

    assert reply.content == "No votes yet. React with 👍 to an idea you like!"


async def _bot_reacted(sb: Sandbox, messages: list[Message]) -> bool:
    for shown in messages:
        reactions = sb.state.message(shown.channel_id, shown.id).reactions or []
        if not any(r.emoji == "👍" and r.count == 1 for r in reactions):
            return False
    return True


async def _votes_are(store: IdeaStore, expected: dict[int, int]) -> bool:
    top = await store.top(10)
    return {idea.id: idea.votes for idea in top} == expected


async def test_card_is_a_png_attachment(sandbox: Sandbox, bot: MyBot) -> None:
    reply = await ask(sandbox, ".idea card 3")

    assert reply.content.startswith("Okay, so how about this: idea #3")
    assert [a.filename for a in reply.attachments] == ["idea-3.png"]
    card = reply.attachments[0]
    assert (card.content_type, card.width, card.height) == ("image/png", 1200, 630)
    async with aiohttp.ClientSession() as http, http.get(reply.attachments[0].url) as response:
        assert response.status == 200
        data = await response.read()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 5_000  # a rendered card, not an empty image


@pytest.mark.parametrize("command", [
    ".idea 99999999999999999999999", ".idea card 99999999999999999999999",
    ".idea \N{SUPERSCRIPT TWO}"])
async def test_an_impossible_idea_number_gets_an_answer(sandbox: Sandbox, bot: MyBot,
                                                        command: str) -> None:
    reply = await ask(sandbox, command)

    assert "no idea" in reply.content or "don't know" in reply.content, reply.content
    assert (await ask(sandbox, ".idea")).content.startswith("Okay, so how about this: ")
