"""Event defects, one test each: no event about an unknown guild reaches a handler, a bad
timestamp is refused when the event is read (not in user code later), and the message
cache is bounded by size as well as count."""

from __future__ import annotations

import json
from typing import Any

import pytest

import tidecord
from tidecord.models import encode, to_builtins
from tidecord.sandbox import Sandbox

from .chaos_helpers import Recorder, send_and_see, until, warnings_of
from .conftest import StartBot

UNKNOWN_GUILD = "1234567890123456789"


class Joins(Recorder):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.joined: list[tuple[str, object]] = []
        self.channels: list[str] = []

    async def on_member_join(self, member: tidecord.Member) -> None:
        self.joined.append((member.name, member.guild))

    async def on_guild_channel_create(self, channel: tidecord.abc.GuildChannel) -> None:
        self.channels.append(channel.name)


def _member_event(sb: Sandbox, guild_id: str, name: str) -> bytes:
    user = to_builtins(sb.user("bob"))
    user["username"] = name
    return json.dumps({"guild_id": guild_id, "user": user, "roles": [],
                       "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
                       "mute": False}).encode()


async def test_events_for_an_unknown_guild_are_dropped(
    sandbox: Sandbox, start_bot: StartBot
) -> None:
    bot = await start_bot(cls=Joins)
    assert isinstance(bot, Joins)
    await sandbox.inject_dispatch("GUILD_MEMBER_ADD", _member_event(sandbox, UNKNOWN_GUILD,
                                                                    "ghost"))
    await sandbox.inject_dispatch("CHANNEL_CREATE", json.dumps({
        "id": "42", "type": 0, "guild_id": UNKNOWN_GUILD, "name": "ghost-channel"}).encode())
    await sandbox.inject_dispatch("GUILD_MEMBER_ADD", _member_event(
        sandbox, str(sandbox.guild.id), "real"))
    await until(lambda: bot.joined, what="the real join")
    await send_and_see(sandbox, bot, "after")
    assert [name for name, _ in bot.joined] == ["real"]
    assert all(guild is not None for _, guild in bot.joined)
    assert bot.channels == []


def _message(sb: Sandbox, content: str, n: int = 1, **fields: Any) -> bytes:
    message = to_builtins(sb.messages("general")[-1])
    message.update(id=str(int(message["id"]) + n), content=content,
                   guild_id=str(sb.guild.id), **fields)
    return encode(message)


@pytest.mark.parametrize("bad", [
    {"edited_timestamp": "soon"},
    {"member": {"roles": [], "joined_at": "yesterday", "deaf": False, "mute": False}},
    {"member": {"roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
                "mute": False, "premium_since": "2024-02-30T00:00:00"}},
])
async def test_a_bad_timestamp_fails_when_the_event_is_read(
    sandbox: Sandbox, start_bot: StartBot, caplog: pytest.LogCaptureFixture,
    bad: dict[str, Any]
) -> None:
    seen: list[object] = []

    class Reader(Recorder):
        async def on_message(self, message: tidecord.Message) -> None:
            await super().on_message(message)
            # What a bot does with a message: read its dates. It must never raise.
            seen.append((message.edited_at, getattr(message.author, "joined_at", None),
                         getattr(message.author, "premium_since", None)))

    bot = await start_bot(cls=Reader)
    await send_and_see(sandbox, bot, "first")
    await sandbox.inject_dispatch("MESSAGE_CREATE", _message(sandbox, "bad dates", **bad))
    await send_and_see(sandbox, bot, "after")
    assert bot.contents == ["first", "after"] and len(seen) == 2
    assert any("ISO 8601" in line for line in warnings_of(caplog))


async def test_the_message_cache_is_bounded_by_bytes(sandbox: Sandbox, start_bot: StartBot) -> None:
    bot = await start_bot(max_message_bytes=1_000_000)
    await send_and_see(sandbox, bot, "small")
    for i in range(20):
        await sandbox.inject_dispatch("MESSAGE_CREATE", _message(
            sandbox, f"big {i} " + "x" * 200_000, n=i + 1))
    await until(lambda: any(c.startswith("big 19") for c in bot.contents))
    cache = bot._connection.cache
    assert cache.message_bytes <= 1_000_000
    assert 2 <= len(bot.cached_messages) <= 5
    assert bot.cached_messages[-1].content.startswith("big 19")
