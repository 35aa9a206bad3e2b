"""Who reads a private thread over REST, as Discord's threads topic says: its members
and moderators (Manage Threads), no one else, though they see the parent channel. To
anyone else it answers as a channel they cannot see: 403 Missing Access (50001)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "read_message_history",
                                        "add_reactions", *permissions],
                    "channels": [{"name": "general"}], "members": ["alice"]}],
    })


def _alices_threads(sb: Sandbox) -> tuple[int, int]:
    """A private thread and a public one, alice's, with one message each and without
    the bot."""
    general, alice = sb.channel("general").id, sb.user("alice").id
    threads = []
    for kind in (12, 11):
        thread = sb.state.create_thread(general, f"room {kind}", alice, type=kind)
        sb.state.create_message(thread.id, alice, content="hello")
        threads.append(int(thread.id))
    return threads[0], threads[1]


def _reads(thread: int) -> list[tuple[str, str, Any]]:
    return [("GET", f"channels/{thread}", None),
            ("GET", f"channels/{thread}/messages", None),
            ("GET", f"channels/{thread}/thread-members", None),
            ("GET", f"channels/{thread}/pins", None),
            ("POST", f"channels/{thread}/messages", {"content": "hi"})]


async def test_a_private_thread_is_hidden_from_who_is_not_in_it(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    private, public = _alices_threads(sb)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for method, path, body in _reads(private):
            refused = await call(method, path, body, status=403)
            assert refused["code"] == 50001, path
        # The poll routes too, before they look for the message.
        for method, path in (("GET", f"channels/{private}/polls/1/answers/1"),
                             ("POST", f"channels/{private}/polls/1/expire")):
            refused = await call(method, path, None, status=403)
            assert refused["code"] == 50001, path
        # A public thread is open to whoever sees its channel.
        for method, path, body in _reads(public):
            await call(method, path, body)
        # Once alice adds the bot, the private thread is open to it too.
        sb.state.set_thread_member(private, sb.bot_user.id, True, by=sb.user("alice").id)
        for method, path, body in _reads(private):
            await call(method, path, body)


async def test_a_moderator_reads_private_threads_it_is_not_in(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world("manage_threads"))
    private, _ = _alices_threads(sb)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for method, path, body in _reads(private):
            await call(method, path, body)
    assert sb.bot_user.id not in sb.state.thread_members[private]


async def test_the_active_thread_list_holds_what_the_bot_may_see(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    private, public = _alices_threads(sb)
    joined = sb.state.create_thread(sb.channel("general").id, "with the bot",
                                    sb.user("alice").id, type=12)
    sb.state.set_thread_member(joined.id, sb.bot_user.id, True, by=sb.user("alice").id)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        listed = await call("GET", f"guilds/{sb.guild.id}/threads/active")
    assert {t["id"] for t in listed["threads"]} == {str(public), str(joined.id)}
    assert str(private) not in {t["id"] for t in listed["threads"]}
    assert [(m["id"], m["user_id"]) for m in listed["members"]] == [
        (str(joined.id), str(sb.bot_user.id))]
