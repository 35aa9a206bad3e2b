"""Run one bot, written once against ``(discord, commands)``, on tidecord or on real
discord.py 2.7.1 against a fresh sandbox, and collect what it said.

``setup(discord, commands) -> bot`` builds the bot with whichever library is handed
in; ``converse`` acts as people and returns the bot's messages, in order, as text
(content, and embed titles, descriptions and fields), so the two libraries' runs can
be compared line by line.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import discord as dpy
import yarl
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import RateLimits, Sandbox, World

from ..discordpy_ready import ready_at_once

LIBRARIES = ("tidecord", "discord.py")
Setup = Callable[[Any, Any], Any]


def parity_world() -> World:
    """People with roles and a nickname, a few channels, an NSFW one, a voice channel."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links", "add_reactions", "kick_members",
                                "manage_messages", "pin_messages", "manage_roles",
                                "moderate_members", "manage_nicknames", "manage_channels"],
            "roles": [{"name": "Moderator", "permissions": ["kick_members", "manage_messages"],
                       "color": 0x3498DB},
                      {"name": "Helper", "color": 0x2ECC71}],
            "channels": [
                {"name": "Text Channels", "type": 4},
                {"name": "general", "parent": "Text Channels"},
                {"name": "ideas", "parent": "Text Channels"},
                {"name": "mod-log", "parent": "Text Channels"},
                {"name": "after-dark", "parent": "Text Channels", "nsfw": True},
                {"name": "Lounge", "type": 2},
            ],
            "emojis": ["party"],
            "members": [{"user": "alice", "roles": ["Moderator"]},
                        {"user": "bob", "nick": "Bobby", "roles": ["Helper"]}, "carol"],
        }],
    })


def quick_limits() -> RateLimits:
    """Discord's global limit, without the 5-per-5-seconds send limit slowing tests."""
    return RateLimits(routes={})


def rendered(message: Any) -> str:
    """A sandbox message as comparable text."""
    parts = [message.content]
    if message.message_reference:
        parts.insert(0, "[reply]")
    for embed in message.embeds or ():
        for attr in ("title", "description"):
            value = getattr(embed, attr, None)
            if isinstance(value, str):
                parts.append(f"[{attr}] {value}")
        for field in getattr(embed, "fields", None) or ():
            parts.append(f"[field] {field.name}: {field.value}")
    return "\n".join(parts)


def reactions(sb: Sandbox, message: Any) -> str:
    """`` [reactions] ✅`` for the emoji reacted on ``message``, if any."""
    found = [r.emoji_data.name for r in (message.reactions or ()) if getattr(r, "emoji_data", None)]
    return f" [reactions] {' '.join(found)}" if found else ""


@contextlib.asynccontextmanager
async def running(library: str, sb: Sandbox, setup: Setup) -> AsyncIterator[Any]:
    """The bot ``setup`` builds with ``library``, connected to ``sb`` and ready."""
    if library == "tidecord":
        bot = setup(tidecord, td_commands)
        bot.api_url = sb.api_url
    else:
        old = dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        dpy.http.Route.BASE = sb.api_url
        dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
        bot = setup(dpy, dpy_commands)
        ready_at_once(bot._connection)
    task = asyncio.create_task(bot.start(sb.token), name=f"parity bot ({library})")
    ready = asyncio.create_task(bot.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=15,
                                     return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()
        assert ready in done, f"{library} never became ready"
        yield bot
    finally:
        ready.cancel()
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        if library != "tidecord":
            dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old


Content = str | Callable[[Sandbox], str]


class Do:
    """A step that is not a message: ``await action(sandbox)``, then wait for ``replies``
    bot messages (a person joining, a file edited on disk...). ``replies=None``: the bot
    says things of its own accord meanwhile (loops), so no count is checked."""

    def __init__(self, action: Callable[[Sandbox], Any], replies: int | None = 0) -> None:
        self.action = action
        self.replies = replies


def later(seconds: float) -> Do:
    """A step that moves the sandbox clock ``seconds`` forward (new ids and timestamps
    are that much later; the bot says nothing)."""
    def tick(sb: Sandbox) -> None:
        sb.clock.advance(seconds)
    tick.__name__ = f"{seconds} s later"
    return Do(tick)


def bot_reacted(channel: str, count: int = 1, within: float = 10.0) -> Do:
    """A step that waits until the bot's last message in ``#channel`` carries ``count``
    reactions of the bot's own. A command that answers, then reacts to its answer, ends
    its step at the answer: a person's next line could overtake the reaction (the next
    command found no reaction to count or to clear)."""
    async def reacted(sb: Sandbox) -> None:
        def mine() -> int:
            said = [m for m in sb.messages(channel) if m.author.id == sb.bot_user.id]
            return sum(bool(r.me) for r in (said[-1].reactions or ())) if said else 0
        try:
            async with asyncio.timeout(within):
                while mine() < count:  # noqa: ASYNC110 - the sandbox's state, polled
                    await asyncio.sleep(0.005)
        except TimeoutError:
            raise AssertionError(f"the bot's last message in #{channel} has "
                                 f"{mine()} of its {count} reactions after {within} s") from None
    reacted.__name__ = f"the bot's reaction in #{channel}"
    return Do(reacted)


Line = tuple[str, str, Content] | tuple[str, str, Content, int] | Do


async def converse(sb: Sandbox, lines: Sequence[Line], within: float = 10.0) -> list[str]:
    """Each line is ``(person, channel, content[, replies])`` (channel ``"dm"``: a direct
    message to the bot): say it, wait for that many
    bot messages (1 by default); returns everything the bot said, in order. ``content``
    may be a function of the sandbox (to name a message by its id)."""
    bot_id = sb.bot_user.id
    said: list[str] = []

    def bot_messages() -> list[Any]:
        found = []
        for messages in sb.state.messages.values():
            found.extend(m for m in messages.values() if m.author.id == bot_id)
        found.sort(key=lambda m: m.id)
        return found

    start = len(bot_messages())
    promised: int | None = 0
    steps: list[tuple[int, int]] = []  # each step's replies: (first, end) in bot_messages()
    for line in lines:
        before = len(bot_messages())
        if isinstance(line, Do):
            expected = line.replies
            content = f"<{getattr(line.action, '__name__', 'action')}>"
            done = line.action(sb)
            if asyncio.iscoroutine(done):
                await done
        else:
            person, channel, content = line[0], line[1], line[2]
            expected = line[3] if len(line) == 4 else 1
            if callable(content):
                content = content(sb)
            if channel == "dm":
                await sb.send_dm(person, content)
            else:
                await sb.send_message(person, channel, content)
        if expected is None:
            promised, expected = None, 0
        elif promised is not None:
            promised += expected
        try:
            async with asyncio.timeout(within):
                while len(bot_messages()) < before + expected:  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
        except TimeoutError:
            last = [rendered(m)[:200] for m in bot_messages()[-3:]]
            raise AssertionError(f"no answer to {content[:80]!r} within {within} s; "
                                 f"the bot's last messages: {last}") from None
        steps.append((before, before + expected))
    await asyncio.sleep(0.05)  # let a stray extra answer show up before comparing
    # A step that says more than it promised lets the next step's wait end early, so
    # the order of what follows depends on timing: refuse it outright.
    made = len(bot_messages()) - start
    assert promised is None or made == promised, (
        f"the steps promised {promised} bot messages, the bot sent {made}: give each step "
        f"its count of replies")
    for message in bot_messages():
        channel = sb.state.channel(int(message.channel_id))
        where = f"#{channel.name}" if channel.name else "DM"
        said.append(f"{where}: {rendered(message)}{reactions(sb, message)}")
    if promised is not None:
        # One step's replies may come from handlers running side by side (a command's
        # answer in #general, the on_invite_create its call set off in #mod-log): how
        # channels interleave is a race in either library, so each step's replies are
        # grouped by channel, each channel's own order kept.
        for first, end in steps:
            said[first:end] = sorted(said[first:end], key=lambda line: line.partition(": ")[0])
    return said


async def both(sandbox_factory: Callable[..., Any], setup: Setup,
               lines: Sequence[Line],
               world: Callable[[], World] = parity_world,
               prepare: Callable[[Sandbox], Awaitable[Any]] | None = None
               ) -> dict[str, list[str]]:
    """What the bot said on each library, from identical fresh sandboxes of ``world()``
    (each readied by ``prepare`` before the bot connects, if given)."""
    results: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
        if prepare is not None:
            await prepare(sb)
        async with running(library, sb, setup):
            results[library] = await converse(sb, lines)
    return results
