"""Messages in and out: replies, wait_for, concurrent handlers, errors, files, embeds."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect


async def test_reply_round_trip(sandbox: Sandbox, connect: Connect) -> None:
    class IdeaBot(tidecord.Client):
        async def on_message(self, message: tidecord.Message) -> None:
            if message.author == self.user:
                return
            if message.content.startswith(".idea"):
                await message.reply("Okay, so how about this:")

    await connect(IdeaBot)
    asked = await sandbox.send_message("alice", "general", ".idea")
    reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
    assert reply.content == "Okay, so how about this:"
    assert reply.type == 19
    assert reply.message_reference.message_id == asked.id


async def test_message_author_is_a_member_in_guilds(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    waiter = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_message("alice", "general", "hi")
    message = await waiter
    author = message.author
    assert isinstance(author, tidecord.Member)
    assert author.guild is client.guilds[0]
    assert author.display_name == "Alice"
    assert author.name == "alice"
    # discord.py reads member.roles as Role objects; ids stay available.
    assert [r.name for r in author.roles] == ["@everyone", "Moderator"]
    moderator = author.roles[-1]
    assert moderator in author.roles and moderator.id in author.role_ids
    assert author.role_ids == [moderator.id] and author.top_role is moderator
    assert author == sandbox.user("alice") and author != client.user
    assert message.guild is client.guilds[0]
    assert message.channel is client.get_channel(sandbox.channel("general").id)
    assert client.cached_messages[-1] is message


async def test_wait_for_with_check_and_timeout(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    waiter = asyncio.create_task(client.wait_for(
        "message", check=lambda m: m.content == "second", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_message("alice", "general", "first")
    await sandbox.send_message("bob", "general", "second")
    got = await waiter
    assert got.content == "second" and got.author.name == "bob"
    with pytest.raises(asyncio.TimeoutError):
        await client.wait_for("message", check=lambda m: False, timeout=0.1)


async def test_slow_handler_does_not_hold_up_the_next_event(
    sandbox: Sandbox, connect: Connect
) -> None:
    finished: list[str] = []
    release = asyncio.Event()

    class Bot(tidecord.Client):
        async def on_message(self, message: tidecord.Message) -> None:
            if message.content == "slow":
                await release.wait()
            finished.append(message.content)

    client = await connect(Bot)
    await sandbox.send_message("alice", "general", "slow")
    await sandbox.send_message("alice", "general", "fast")
    await client.wait_for("message", check=lambda m: m.content == "fast", timeout=5)
    await asyncio.sleep(0.05)
    assert finished == ["fast"]  # the slow one is still waiting
    release.set()
    await asyncio.sleep(0.05)
    assert finished == ["fast", "slow"]


async def test_handler_error_goes_to_on_error_and_the_bot_keeps_running(
    sandbox: Sandbox, connect: Connect
) -> None:
    errors: list[tuple[str, str]] = []

    class Bot(tidecord.Client):
        async def on_message(self, message: tidecord.Message) -> None:
            if message.content == "boom":
                raise ValueError("kaboom")
            if message.author != self.user:
                await message.channel.send("still here")

        async def on_error(self, event_method: str, *args: object, **kwargs: object) -> None:
            import sys

            errors.append((event_method, repr(sys.exc_info()[1])))

    await connect(Bot)
    await sandbox.send_message("alice", "general", "boom")
    await sandbox.send_message("alice", "general", "next")
    reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
    assert reply.content == "still here"
    assert errors == [("on_message", "ValueError('kaboom')")]


async def test_default_on_error_logs_the_traceback(
    sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    client = await connect()

    @client.event
    async def on_message(message: tidecord.Message) -> None:
        raise RuntimeError("handler failed")

    with caplog.at_level(logging.ERROR, logger="tidecord"):
        await sandbox.send_message("alice", "general", "x")
        for _ in range(50):
            if caplog.records:
                break
            await asyncio.sleep(0.02)
    record = caplog.records[0]
    assert "on_message" in record.getMessage()
    assert record.exc_info is not None and "handler failed" in str(record.exc_info[1])


async def test_file_upload_and_embed(sandbox: Sandbox, connect: Connect, tmp_path) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    path = tmp_path / "notes.txt"
    await asyncio.to_thread(path.write_bytes, b"from a path")
    embed = tidecord.Embed(title="Idea", description="A bot", color=tidecord.Colour.blue())
    embed.add_field(name="votes", value=3).set_footer(text="tidecord")
    sent = await channel.send(
        "files", embed=embed,
        files=[tidecord.File(path), tidecord.File(b"raw bytes", filename="raw.bin"),
               tidecord.File(io.BytesIO(b"from a file object"), filename="obj.txt")],
    )
    assert [a.filename for a in sent.attachments] == ["notes.txt", "raw.bin", "obj.txt"]
    assert sent.embeds[0].title == "Idea" and sent.embeds[0].fields[0].value == "3"
    assert sent.embeds[0].color == 0x3498DB
    stored = sandbox.messages("general")[-1]
    assert stored.id == sent.id and stored.attachments[1].size == len(b"raw bytes")


def _world_with_readonly_channel() -> World:
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{
            "name": "Locked", "owner": "alice",
            "channels": [
                {"name": "general"},
                {"name": "announcements",
                 "overwrites": [{"role": "@everyone", "deny": ["send_messages"]}]},
            ],
            "members": ["alice"],
        }],
    })
    return world


async def test_typed_errors_forbidden_and_not_found(sandbox_factory, connect: Connect) -> None:
    sb = await sandbox_factory(world=_world_with_readonly_channel())
    client = await connect(sb=sb)
    locked = client.get_channel(sb.channel("announcements").id)
    assert not locked.permissions_for(locked.guild.me).send_messages
    with pytest.raises(tidecord.Forbidden) as forbidden:
        await locked.send("hello?")
    assert forbidden.value.status == 403 and forbidden.value.code == 50013
    assert "Missing Permissions" in str(forbidden.value)
    general = client.get_channel(sb.channel("general").id)
    with pytest.raises(tidecord.NotFound) as missing:
        await general.fetch_message(12345)
    assert missing.value.code == 10008
    with pytest.raises(tidecord.HTTPException) as empty:
        await general.send()
    assert empty.value.code == 50006
