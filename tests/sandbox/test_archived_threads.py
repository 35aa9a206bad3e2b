"""Threads over the sandbox's REST API: archived lists (public and private, newest
archived first, paged by a time; the bot's joined private ones by id), members and
who hears of them, Discord's refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)
GUILDS = 1 << 0

NO_MANAGE = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [{"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
                "members": ["alice"],
                "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                    "create_public_threads", "create_private_threads"]}],
}))


async def _thread(api: Api, sandbox: Sandbox, name: str, kind: int) -> str:
    cid = sandbox.channel("general").id
    _, made, _ = await api.call("POST", f"/channels/{cid}/threads", {"name": name, "type": kind})
    # The bot starts them, so it may archive them without Manage Threads.
    status, _, _ = await api.call("PATCH", f"/channels/{made['id']}", {"archived": True})
    assert status == 200
    sandbox.clock.advance(60)
    return str(made["id"])


async def test_archived_threads_page_newest_first(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    a = await _thread(api, sandbox, "a", 11)
    b = await _thread(api, sandbox, "b", 11)
    secret = await _thread(api, sandbox, "secret", 12)
    _, public, _ = await api.call("GET", f"/channels/{cid}/threads/archived/public")
    assert [t["id"] for t in public["threads"]] == [b, a] and not public["has_more"]
    _, first, _ = await api.call("GET", f"/channels/{cid}/threads/archived/public?limit=2")
    assert len(first["threads"]) == 2
    stamp = public["threads"][0]["thread_metadata"]["archive_timestamp"]
    _, older, _ = await api.call("GET", f"/channels/{cid}/threads/archived/public?"
                                 + urlencode({"before": stamp}))
    assert [t["id"] for t in older["threads"]] == [a]
    _, mine, _ = await api.call("GET", f"/channels/{cid}/users/@me/threads/archived/private")
    assert [t["id"] for t in mine["threads"]] == [secret]
    _, none, _ = await api.call("GET", f"/channels/{cid}/users/@me/threads/archived/private?"
                                + urlencode({"before": secret}))
    assert none["threads"] == []


@NO_MANAGE
async def test_what_discord_refuses_in_archived_threads(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    status, body, _ = await api.call("GET", f"/channels/{cid}/threads/archived/private")
    assert (status, body["code"]) == (403, 50013)
    for query in ({"limit": "1"}, {"limit": "101"}, {"before": "soon"}):
        status, body, _ = await api.call(
            "GET", f"/channels/{cid}/threads/archived/public?" + urlencode(query))
        assert status == 400 and body["code"] == 50035, (query, body)
    status, body, _ = await api.call(
        "GET", f"/channels/{cid}/users/@me/threads/archived/private?before=x")
    assert status == 400 and body["code"] == 50035


async def test_thread_members_are_added_listed_and_removed(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    _, made, _ = await api.call("POST", f"/channels/{cid}/threads", {"name": "t", "type": 12})
    tid = made["id"]
    alice = sandbox.user("alice").id
    status, _, _ = await api.call("PUT", f"/channels/{tid}/thread-members/{alice}")
    assert status == 204
    _, listed, _ = await api.call("GET", f"/channels/{tid}/thread-members")
    assert sorted(m["user_id"] for m in listed) == sorted([str(alice),
                                                            str(sandbox.bot_user.id)])
    assert all(m["id"] == tid for m in listed)
    _, one, _ = await api.call("GET", f"/channels/{tid}/thread-members/{alice}")
    assert one["user_id"] == str(alice)
    await api.call("DELETE", f"/channels/{tid}/thread-members/{alice}")
    status, body, _ = await api.call("GET", f"/channels/{tid}/thread-members/{alice}")
    assert (status, body["code"]) == (404, 10007)
    status, body, _ = await api.call("PUT", f"/channels/{tid}/thread-members/12345")
    assert (status, body["code"]) == (404, 10007)
    status, body, _ = await api.call("PUT", f"/channels/{cid}/thread-members/{alice}")
    assert (status, body["code"]) == (400, 50024)


THREADS = World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [{"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
                "members": ["alice"],
                "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                    "create_public_threads", "manage_threads"]}],
})


async def test_a_bot_without_the_members_intent_hears_only_of_its_own_thread_membership(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=THREADS, heartbeat_interval=30000)
    cid = sb.channel("general").id
    alice = sb.user("alice").id
    async with aiohttp.ClientSession() as session, await RawGateway.connect(sb) as gw:
        api = Api(sb, session)
        await gw.identify(sb.token, GUILDS)
        await gw.recv_until("GUILD_CREATE")
        _, made, _ = await api.call("POST", f"/channels/{cid}/threads",
                                    {"name": "t", "type": 11})
        tid = made["id"]
        await api.call("DELETE", f"/channels/{tid}/thread-members/@me")
        left = (await gw.recv_until("THREAD_MEMBERS_UPDATE"))["d"]
        assert left["removed_member_ids"] == [str(sb.bot_user.id)] and left["id"] == tid
        # Someone else coming and going is for connections with the members intent.
        await api.call("PUT", f"/channels/{tid}/thread-members/{alice}")
        await api.call("DELETE", f"/channels/{tid}/thread-members/{alice}")
        await api.call("PUT", f"/channels/{tid}/thread-members/@me")
        came = (await gw.recv_until("THREAD_MEMBERS_UPDATE"))["d"]
        assert [m["user_id"] for m in came["added_members"]] == [str(sb.bot_user.id)]
        assert came["member_count"] == 1
