"""A thread's counts as Discord keeps them: ``member_count`` moves with its members and
``message_count`` with its messages (not a post's opening one; down on a delete, while
``total_message_sent`` only goes up), and the thread shows the counts of now, over REST
and in a later THREAD_UPDATE, not those it was created with."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest import RateLimits

from .conftest import Api
from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Counts", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_messages",
                                        "create_public_threads", "send_messages_in_threads",
                                        "manage_threads", "read_message_history"],
                    "channels": [{"name": "general"}, {"name": "ideas", "type": 15}],
                    "members": ["alice", "bob"]}],
    })


async def _sandbox(factory: Any) -> Sandbox:
    sb: Sandbox = await factory(world=_world(), heartbeat_interval=30000,
                                rate_limits=RateLimits(default=(1000, 1.0), routes={}))
    return sb


async def test_thread_update_carries_the_member_count_of_now(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general, bob = sb.channel("general").id, sb.user("bob").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "talk", "type": 11}, 201)
        assert thread["member_count"] == 1
        await call("PUT", f"channels/{thread['id']}/thread-members/{bob}", status=204)
        assert (await gw.recv_until("THREAD_MEMBERS_UPDATE"))["d"]["member_count"] == 2
        await call("PATCH", f"channels/{thread['id']}", {"name": "renamed"})
        updated = (await gw.recv_until("THREAD_UPDATE"))["d"]
        assert updated["member_count"] == 2
        assert (await call("GET", f"channels/{thread['id']}"))["member_count"] == 2
        await call("DELETE", f"channels/{thread['id']}/thread-members/{bob}", status=204)
        assert (await gw.recv_until("THREAD_MEMBERS_UPDATE"))["d"]["member_count"] == 1
        assert (await call("GET", f"channels/{thread['id']}"))["member_count"] == 1


async def test_a_thread_counts_its_messages(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "talk", "type": 11}, 201)
        tid = thread["id"]
        assert (thread["message_count"], thread["total_message_sent"]) == (0, 0)
        sent = [await call("POST", f"channels/{tid}/messages", {"content": str(n)})
                for n in range(3)]
        await call("DELETE", f"channels/{tid}/messages/{sent[0]['id']}", status=204)
        now = await call("GET", f"channels/{tid}")
        assert (now["message_count"], now["total_message_sent"]) == (2, 3)
        await call("POST", f"channels/{tid}/messages/bulk-delete",
                   {"messages": [m["id"] for m in sent[1:]]}, 204)
        now = await call("GET", f"channels/{tid}")
        assert (now["message_count"], now["total_message_sent"]) == (0, 3)
        await call("PATCH", f"channels/{tid}", {"name": "renamed"})
        updated = (await gw.recv_until("THREAD_UPDATE"))["d"]
        assert (updated["message_count"], updated["total_message_sent"]) == (0, 3)


async def test_a_posts_opening_message_is_not_counted(sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    forum = sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        post = await call("POST", f"channels/{forum}/threads",
                          {"name": "idea", "message": {"content": "hear me out"}}, 201)
        assert (post["message_count"], post["total_message_sent"]) == (0, 0)
        await call("POST", f"channels/{post['id']}/messages", {"content": "a reply"})
        now = await call("GET", f"channels/{post['id']}")
        assert (now["message_count"], now["total_message_sent"]) == (1, 1)
