"""Who may change a thread's members, as Discord's docs say: adding someone needs the
right to post in the thread; removing someone needs Manage Threads, or to own the
private thread; and none of it (joining and leaving included) on an archived thread,
which answers 50083."""

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
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "create_public_threads",
                                        "create_private_threads", "read_message_history",
                                        *permissions],
                    "channels": [{"name": "general"}], "members": ["alice", "bob"]}],
    })


async def _thread(call: Any, sb: Sandbox, kind: int) -> str:
    thread = await call("POST", f"channels/{sb.channel('general').id}/threads",
                        {"name": f"room {kind}", "type": kind}, 201)
    return str(thread["id"])


async def test_removing_someone_needs_manage_threads_or_the_private_thread_as_owner(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    bob = sb.user("bob").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        public, private = await _thread(call, sb, 11), await _thread(call, sb, 12)
        for thread in (public, private):  # posting in it is enough to add someone
            await call("PUT", f"channels/{thread}/thread-members/{bob}", status=204)
        refused = await call("DELETE", f"channels/{public}/thread-members/{bob}", status=403)
        assert refused["code"] == 50013
        # The bot made the private thread: its members are the bot's to remove.
        await call("DELETE", f"channels/{private}/thread-members/{bob}", status=204)
        assert [m.id for m in sb.state.thread_member_list(int(public))] == [
            sb.bot_user.id, bob]
    moderator: Sandbox = await sandbox_factory(world=_world("manage_threads"))
    bob = moderator.user("bob").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(moderator, http))
        public = await _thread(call, moderator, 11)
        await call("PUT", f"channels/{public}/thread-members/{bob}", status=204)
        await call("DELETE", f"channels/{public}/thread-members/{bob}", status=204)


async def test_an_archived_thread_keeps_its_members_as_they_are(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world("manage_threads"))
    bob = sb.user("bob").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        thread = await _thread(call, sb, 11)
        await call("PUT", f"channels/{thread}/thread-members/{bob}", status=204)
        await call("PATCH", f"channels/{thread}", {"archived": True})
        for method, who in (("PUT", bob), ("DELETE", bob), ("DELETE", "@me"), ("PUT", "@me")):
            refused = await call(method, f"channels/{thread}/thread-members/{who}", status=400)
            assert refused["code"] == 50083, (method, who)
        # Reading a member still works; the members are unchanged.
        await call("GET", f"channels/{thread}/thread-members/{bob}")
        assert [m.id for m in sb.state.thread_member_list(int(thread))] == [
            sb.bot_user.id, bob]
        await call("PATCH", f"channels/{thread}", {"archived": False})
        await call("DELETE", f"channels/{thread}/thread-members/{bob}", status=204)
