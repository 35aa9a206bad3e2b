"""Details the parity run cannot show: a channel's changed roles carry the overwrite
(as discord.py documents it), a voice message's attachment reads as one, and the bot's
guilds page from Discord by id."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)

THREE = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": name, "owner": "alice", "members": ["alice"],
                "roles": [{"name": "Helper", "permissions": ["send_messages"]}],
                "channels": [{"name": "general", "overwrites": [
                    {"role": "Helper", "allow": ["manage_messages"],
                     "deny": ["send_messages"]}]}]}
               for name in ("Alpha", "Beta", "Gamma")],
}))


async def _alice_says(sandbox: Sandbox, client: Any, **fields: Any) -> Any:
    """Dispatch a MESSAGE_CREATE from alice in the first guild's first text channel,
    its payload written by hand with ``fields`` on top (what the sandbox's own
    messages cannot carry), and return the message ``on_message`` receives."""
    seen: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    @client.event
    async def on_message(message: Any) -> None:
        if not seen.done():
            seen.set_result(message)

    guild = client.guilds[0]
    alice = sandbox.user("alice")
    payload = {
        "id": str(sandbox.state.new_id()), "channel_id": str(guild.text_channels[0].id),
        "guild_id": str(guild.id), "content": "", "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
        "mention_roles": [], "pinned": False, "type": 0, "embeds": [], "attachments": [],
        "author": {"id": str(alice.id), "username": "alice", "discriminator": "0",
                   "avatar": None},
        **fields}
    sandbox.hub.inject_dispatch("MESSAGE_CREATE", json.dumps(payload).encode())
    return await asyncio.wait_for(seen, 5)


@THREE
async def test_changed_roles_apply_the_overwrite(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = next(c for g in client.guilds for c in g.text_channels if c.name == "general")
    (helper,) = channel.changed_roles
    assert helper.name == "Helper"
    assert not helper.permissions.send_messages and helper.permissions.manage_messages
    assert channel.guild.get_role(helper.id).permissions.send_messages  # the role itself


@THREE
async def test_the_bots_guilds_page_by_id(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    every = [g async for g in client.fetch_guilds(limit=None)]
    assert [g.name for g in every] == ["Alpha", "Beta", "Gamma"]  # ids in creation order
    assert all(g.approximate_member_count == 2 for g in every)  # alice and the bot
    first, _, third = every
    assert [g.name async for g in client.fetch_guilds(limit=2)] == ["Alpha", "Beta"]
    assert [g.name async for g in client.fetch_guilds(after=first)] == ["Beta", "Gamma"]
    assert [g.name async for g in client.fetch_guilds(before=third)] == ["Alpha", "Beta"]
    assert [g.name async for g in client.fetch_guilds(before=third, after=first)] == ["Beta"]
    assert (await client.fetch_guild(first.id)).approximate_member_count == 2
    assert (await client.fetch_guild(first.id, with_counts=False)).approximate_member_count \
        is None
    bare = [g async for g in client.fetch_guilds(with_counts=False)]
    assert bare[0].approximate_member_count is None and bare[0].owner is None


@THREE
async def test_a_voice_message_reads_as_one(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    message = await _alice_says(sandbox, client, flags=8192, attachments=[
        {"id": "1", "filename": "voice-message.ogg", "size": 9,
         "url": "https://cdn.example/v.ogg", "proxy_url": "https://cdn.example/v.ogg",
         "duration_secs": 2.5, "waveform": "AAECAw=="}])
    (voice,) = message.attachments
    assert voice.is_voice_message() and voice.duration == 2.5
    assert voice.waveform == bytes([0, 1, 2, 3]) and message.flags.voice
    assert voice.to_dict()["waveform"] == "AAECAw==" and "_state" not in voice.to_dict()
    assert isinstance(message.author, tidecord.Member | tidecord.User)


async def test_values_discord_adds_later_read_as_discord_pys_try_enum_makes_them(
        sandbox: Sandbox, connect: Connect) -> None:
    # A poll layout and a locale this version does not list: each reads as a stand-in
    # member (its name unknown_<value>), as discord.py's try_enum makes it, not as a
    # bare value whose .name raises.
    import discord.enums as reference

    client = await connect()
    guild = client.guilds[0]
    message = await _alice_says(sandbox, client, poll={
        "question": {"text": "Lunch?"},
        "answers": [{"answer_id": 1, "poll_media": {"text": "Soup"}}],
        "expiry": "2026-01-02T00:00:00+00:00", "allow_multiselect": False,
        "layout_type": 7})
    layout = message.poll.layout_type
    expected = reference.try_enum(reference.PollLayoutType, 7)
    assert (layout.name, layout.value) == (expected.name, expected.value) == ("unknown_7", 7)
    assert isinstance(layout, tidecord.PollLayoutType)

    updated = asyncio.Event()
    @client.event
    async def on_guild_update(before: Any, after: Any) -> None:
        updated.set()

    sandbox.state.update_guild(guild.id, preferred_locale="xx-YY")  # GUILD_UPDATE
    await asyncio.wait_for(updated.wait(), 5)
    locale = guild.preferred_locale
    expected_locale = reference.try_enum(reference.Locale, "xx-YY")
    assert (locale.name, locale.value, str(locale)) == \
        (expected_locale.name, expected_locale.value, str(expected_locale))
    assert isinstance(locale, tidecord.Locale)



def _thread_watcher(discord: Any, commands: Any) -> Any:
    """A bot that keeps the threads it is told of, as they come."""
    client = discord.Client(intents=discord.Intents.default())
    client.threads_seen = asyncio.Queue()

    @client.event
    async def on_thread_create(thread: Any) -> None:
        client.threads_seen.put_nowait(thread)

    return client


def _new_thread(sandbox: Sandbox, kind: int, parent_id: int) -> int:
    """Dispatch THREAD_CREATE for a new thread of type ``kind`` in ``parent_id``."""
    thread_id = sandbox.state.new_id()
    sandbox.hub.inject_dispatch("THREAD_CREATE", json.dumps({
        "id": str(thread_id), "type": kind, "guild_id": str(sandbox.guild.id),
        "parent_id": str(parent_id), "name": "a thread", "owner_id": "1",
        "newly_created": True, "message_count": 0, "member_count": 1,
        "rate_limit_per_user": 0, "flags": 0, "thread_metadata": {
            "archived": False, "auto_archive_duration": 60, "locked": False,
            "archive_timestamp": "2026-01-01T00:00:00+00:00"}}).encode())
    return thread_id


@pytest.mark.tidecord_strict(False)  # discord.py logs from the loop
async def test_a_thread_of_a_kind_discord_adds_later_has_its_parent(sandbox: Sandbox) -> None:
    # A thread type this version does not list (19): discord.py makes a Thread of any
    # THREAD_CREATE, whose parent is its channel and whose category is the parent's.
    # Before, tidecord took it for a channel: .parent raised AttributeError and
    # category_id was the parent's own id.
    from ..ext.parity import running

    general = sandbox.channel("general")
    read: dict[str, Any] = {}
    for library in ("tidecord", "discord.py"):
        async with running(library, sandbox, _thread_watcher) as client:
            thread_id = _new_thread(sandbox, 19, general.id)
            thread = await asyncio.wait_for(client.threads_seen.get(), 5)
            read[library] = (thread.id == thread_id, thread.parent.id, thread.category_id,
                             thread.category.id, thread.created_at)
    category = general.parent_id  # "Text Channels"
    assert read["tidecord"] == read["discord.py"] == (True, general.id, category, category, None)


async def test_a_threads_parent_of_a_kind_discord_adds_later_is_what_the_client_holds(
        sandbox: Sandbox, connect: Connect) -> None:
    # discord.py keeps no channel of a type it does not know (its parent is None
    # there); tidecord keeps it, as get_channel shows, and a thread in it has it as
    # its parent: the channel, not an error.
    client = await connect()
    seen: asyncio.Queue[Any] = asyncio.Queue()

    @client.event
    async def on_thread_create(thread: Any) -> None:
        seen.put_nowait(thread)

    parent_id = sandbox.state.new_id()
    sandbox.hub.inject_dispatch("CHANNEL_CREATE", json.dumps({
        "id": str(parent_id), "type": 99, "guild_id": str(sandbox.guild.id),
        "name": "from-the-future", "position": 9}).encode())
    _new_thread(sandbox, 11, parent_id)
    thread = await asyncio.wait_for(seen.get(), 5)
    assert thread.parent is client.get_channel(parent_id) is not None
    assert thread.parent.name == "from-the-future" and thread.category is None
