"""The steps of a whole bot's run, as people act (join, post, react, edit, delete,
click, pick, speak in voice), for :func:`tests.ext.whole_bots_2.run_whole`, and the
comparison of the two libraries' runs. A step that deletes messages cannot be followed
by a count of replies: it waits for its last word (:func:`then_logged`) instead."""

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError

from ..proof.harness import READING_PAUSE
from .parity import Do


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


def click(person: str, channel: str, custom_id: str, replies: int = 0) -> Do:
    """``person`` presses a button of the bot's last message in ``channel``, after
    reading it; the step ends with the bot's answer to the click (and ``replies``
    messages it sets off: a view's ``wait()`` returning, see :func:`then_says`)."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(READING_PAUSE)
        record = await sb.click_button(person, latest(sb, sb.bot_user.username, channel),
                                       custom_id)
        await record.wait_response(10)
    act.__name__ = f"{person} clicks {custom_id}"
    return Do(act, replies)


def mention(channel: str) -> Any:
    return lambda sb: f"!setwelcome {sb.channel(channel).mention}"


def compare(runs: dict[str, tuple[list[str], list[str]]]) -> tuple[str, str]:
    """Both libraries' runs are the same; tidecord's, as text, to check details."""
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    return "\n".join(ours[0]), "\n".join(ours[1])


def staff(sb: Sandbox) -> Any:
    return next(r for r in sb.state.roles[sb.guild.id].values() if r.name == "Staff")


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


def then_says(channel: str, content: str) -> Do:
    """Nobody acts: the bot's last message in ``channel`` is ``content``, which the step
    before set off (a view's ``wait()`` returning after its last click); the step ends
    with that message, not after a fixed time. That step counts the message among its
    replies: it may reach the sandbox before the click's own answer does, and a count
    taken here would then wait for one message too many."""
    async def act(sb: Sandbox) -> None:
        try:
            async with asyncio.timeout(10):
                while latest(sb, sb.bot_user.username, channel).content != content:  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
        except TimeoutError:
            last = latest(sb, sb.bot_user.username, channel).content
            raise AssertionError(f"the bot never said {content!r}; last {last!r}") from None
    act.__name__ = f"the bot says {content!r}"
    return Do(act)


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


def presence(person: str, status: str, activities: Any = (), replies: int = 1,
             platforms: tuple[str, ...] = ("desktop",)) -> Do:
    """``person``'s status and activities change (Discord's JSON for each activity)."""
    async def act(sb: Sandbox) -> None:
        await sb.set_presence(person, status, activities=activities, platforms=platforms)
    act.__name__ = f"{person} is {status}"
    return Do(act, replies)
