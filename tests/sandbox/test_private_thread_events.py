"""What the gateway tells the bot of a private thread, as Discord's threads topic says:
a private thread is synced only to its members and moderators (Manage Threads), so
the bot hears nothing of one it is neither in nor moderates; added to one, it is sent
THREAD_CREATE; taken off one, it is still told so by THREAD_MEMBERS_UPDATE."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "read_message_history",
                                        "add_reactions", *permissions],
                    "channels": [{"name": "general"}], "members": ["alice", "bob"]}],
    })


def _mentions(frame: dict[str, Any], channel_id: int) -> bool:
    """Whether a dispatch is about the channel (as thread, or as a message's channel)."""
    d = frame.get("d") or {}
    return str(channel_id) in (str(d.get("id")), str(d.get("channel_id")))


async def _until_marker(gw: RawGateway, sb: Sandbox) -> list[dict[str, Any]]:
    """Every dispatch up to a marker message alice posts in #general."""
    await sb.send_message("alice", "general", "marker")
    frames = []
    while True:
        frame = await gw.recv()
        frames.append(frame)
        if frame.get("t") == "MESSAGE_CREATE" and frame["d"]["content"] == "marker":
            return frames


async def _life_of_a_thread(sb: Sandbox, thread: int) -> None:
    """alice talks in her thread, renames it, adds bob, then deletes it."""
    message = await sb.send_message("alice", thread, "hello")
    await sb.edit_message("alice", message, "hello again")
    await sb.react("alice", message, "👍")
    await sb.typing("alice", thread)
    sb.state.set_thread_member(thread, sb.user("bob").id, True, by=sb.user("alice").id)
    sb.state.update_channel(thread, name="renamed", by=sb.user("alice").id)
    await sb.delete_message("alice", message)
    sb.state.delete_channel(thread)


async def test_the_bot_hears_nothing_of_a_private_thread_it_is_not_in(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice = sb.channel("general").id, sb.user("alice").id
    before = int(sb.state.create_thread(general, "old secret", alice, type=12).id)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert str(before) not in [t["id"] for t in guild["threads"]]
        private = int(sb.state.create_thread(general, "secret", alice, type=12).id)
        await _life_of_a_thread(sb, private)
        public = int(sb.state.create_thread(general, "open", alice, type=11).id)
        await _life_of_a_thread(sb, public)
        frames = await _until_marker(gw, sb)
    assert not [f["t"] for f in frames if _mentions(f, private)]
    # The same in a public thread is heard, every kind of it.
    heard = {f["t"] for f in frames if _mentions(f, public)}
    assert heard >= {"THREAD_CREATE", "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE",
                     "MESSAGE_REACTION_ADD", "TYPING_START", "THREAD_MEMBERS_UPDATE",
                     "THREAD_UPDATE", "THREAD_DELETE"}


async def test_a_moderator_hears_private_threads_it_is_not_in(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world("manage_threads"),
                                        heartbeat_interval=30000)
    general, alice = sb.channel("general").id, sb.user("alice").id
    before = int(sb.state.create_thread(general, "old secret", alice, type=12).id)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert str(before) in [t["id"] for t in guild["threads"]]
        private = int(sb.state.create_thread(general, "secret", alice, type=12).id)
        await _life_of_a_thread(sb, private)
        frames = await _until_marker(gw, sb)
    heard = {f["t"] for f in frames if _mentions(f, private)}
    assert heard >= {"THREAD_CREATE", "MESSAGE_CREATE", "THREAD_UPDATE", "THREAD_DELETE"}


async def test_added_to_a_private_thread_the_bot_hears_it_until_taken_off(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice, bot = sb.channel("general").id, sb.user("alice").id, sb.bot_user.id
    private = int(sb.state.create_thread(general, "secret", alice, type=12).id)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        sb.state.set_thread_member(private, bot, True, by=alice)
        await sb.send_message("alice", private, "welcome")
        joined = [f for f in await _until_marker(gw, sb) if _mentions(f, private)]
        sb.state.set_thread_member(private, bot, False, by=alice)
        await sb.send_message("alice", private, "gone")
        left = [f for f in await _until_marker(gw, sb) if _mentions(f, private)]
    # The thread first, with the bot's own thread member and not marked as new.
    assert [f["t"] for f in joined[:3]] == [
        "THREAD_CREATE", "THREAD_MEMBER_UPDATE", "THREAD_MEMBERS_UPDATE"]
    created = joined[0]["d"]
    assert created["member"]["user_id"] == str(bot) and "newly_created" not in created
    assert "welcome" in [f["d"].get("content") for f in joined]
    # Taken off, the bot is told so, and hears nothing more of the thread.
    assert [f["t"] for f in left] == ["THREAD_MEMBERS_UPDATE"]
    assert left[0]["d"]["removed_member_ids"] == [str(bot)]
