"""The notices Discord posts inside a thread: someone added (type 1) or removed
(type 2) by another, and a new name (type 4), each authored by whoever acted and sent
as MESSAGE_CREATE after the thread's own event."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway
from .test_system_messages import INTENTS, expecting

pytestmark = pytest.mark.timeout(30)


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}, {"name": "forum", "type": 15}],
                    "members": ["alice", "bob"]}],
    })


async def _frames_until(gw: RawGateway, event: str) -> list[dict[str, Any]]:
    """The dispatches up to and including the first named ``event``."""
    seen = []
    while True:
        frame = await gw.recv()
        if frame.get("t") is not None:
            seen.append(frame)
            if frame["t"] == event:
                return seen


async def test_adding_and_removing_someone_posts_notices_by_the_bot(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, bob = sb.channel("general").id, sb.user("bob").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        for kind in (12, 11):  # a private thread, then a public one
            thread = await call("POST", f"channels/{general}/threads",
                                {"name": f"room {kind}", "type": kind}, 201)
            if kind == 11:  # a public thread's own notice, in the parent
                await gw.recv_until("MESSAGE_CREATE")
            await call("PUT", f"channels/{thread['id']}/thread-members/{bob}", status=204)
            frames = await _frames_until(gw, "MESSAGE_CREATE")
            # The membership change comes first, then the notice.
            assert [f["t"] for f in frames][-2:] == ["THREAD_MEMBERS_UPDATE", "MESSAGE_CREATE"]
            added = frames[-1]["d"]
            assert added["type"] == 1 and added["content"] == ""
            assert added["channel_id"] == thread["id"]
            assert added["guild_id"] == str(sb.guild.id)
            assert added["author"]["id"] == str(sb.bot_user.id)
            assert [m["id"] for m in added["mentions"]] == [str(bob)]
            assert added["mentions"][0]["member"]["roles"] is not None
            assert "message_reference" not in added
            # Adding bob again changes nothing and posts nothing.
            await call("PUT", f"channels/{thread['id']}/thread-members/{bob}", status=204)
            await call("DELETE", f"channels/{thread['id']}/thread-members/{bob}", status=204)
            removed = (await gw.recv_until("MESSAGE_CREATE"))["d"]
            assert removed["type"] == 2 and removed["content"] == ""
            assert removed["author"]["id"] == str(sb.bot_user.id)
            assert [m["id"] for m in removed["mentions"]] == [str(bob)]
            assert [(m.type, [u.id for u in m.mentions]) for m in sb.messages(thread["id"])] \
                == [(1, [bob]), (2, [bob])]


async def test_joining_or_leaving_oneself_posts_nothing(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, me = sb.channel("general").id, sb.bot_user.id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "mine", "type": 11}, 201)
        tid = thread["id"]
        await call("DELETE", f"channels/{tid}/thread-members/@me", status=204)
        await call("PUT", f"channels/{tid}/thread-members/@me", status=204)
        # The bot naming itself is still itself.
        await call("DELETE", f"channels/{tid}/thread-members/{me}", status=204)
        await call("PUT", f"channels/{tid}/thread-members/{me}", status=204)
        # Removing someone who is not in the thread changes nothing either.
        await call("DELETE", f"channels/{tid}/thread-members/{sb.user('bob').id}", status=204)
        members = await call("GET", f"channels/{tid}/thread-members")
    assert [m["user_id"] for m in members] == [str(me)]
    assert sb.messages(tid) == []


async def test_renaming_a_thread_posts_the_new_name_by_the_renamer(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "plans", "type": 11}, 201)
        tid = thread["id"]
        await gw.recv_until("MESSAGE_CREATE")  # "started a thread", in the parent
        await call("PATCH", f"channels/{tid}", {"name": "weekend plans"})
        frames = await _frames_until(gw, "MESSAGE_CREATE")
        assert [f["t"] for f in frames][-2:] == ["THREAD_UPDATE", "MESSAGE_CREATE"]
        notice = frames[-1]["d"]
        assert notice["type"] == 4 and notice["content"] == "weekend plans"
        assert notice["channel_id"] == tid
        assert notice["author"]["id"] == str(sb.bot_user.id)
        assert notice["mentions"] == [] and "message_reference" not in notice
        # The same name again is no new name: no notice (nor does the second PATCH
        # leave room for a third: two per channel per ten minutes, as Discord).
        await call("PATCH", f"channels/{tid}", {"name": "weekend plans"})
        # Renaming a channel that is not a thread posts nothing in it.
        await call("PATCH", f"channels/{general}", {"name": "chat"})
    assert [(m.type, m.content) for m in sb.messages(tid)] == [(4, "weekend plans")]
    assert [m.type for m in sb.messages(general)] == [18]


async def test_a_renamed_forum_post_gets_the_notice_too(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    post = sb.state.create_thread(sb.channel("forum").id, "question", sb.user("alice").id)
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        await call("PATCH", f"channels/{post.id}", {"name": "answered"})
    assert [(m.type, m.content, m.author.id) for m in sb.messages(post.id)] == [
        (4, "answered", sb.bot_user.id)]


async def test_the_notices_need_the_guild_messages_intent(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, bob = sb.channel("general").id, sb.user("bob").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, (1 << 0) | (1 << 1))  # guilds and members, no messages
        await gw.recv_until("GUILD_CREATE")
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "quiet", "type": 12}, 201)
        await call("PUT", f"channels/{thread['id']}/thread-members/{bob}", status=204)
        await call("PATCH", f"channels/{thread['id']}", {"name": "still quiet"})
        await call("PATCH", f"channels/{general}", {"topic": "the end"})  # a marker
        frames = await _frames_until(gw, "CHANNEL_UPDATE")
    assert [f["t"] for f in frames] == [
        "THREAD_CREATE", "THREAD_MEMBERS_UPDATE", "THREAD_UPDATE", "CHANNEL_UPDATE"]
    assert [m.type for m in sb.messages(thread["id"])] == [1, 4]
