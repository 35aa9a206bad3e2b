"""The system messages Discord posts on its own, in Discord's shape: a pin's notice
(type 6), a newcomer's welcome in the system channel (type 7), and a new thread's
notice in its parent (type 18), each sent as MESSAGE_CREATE."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)
# guilds, members, guild messages, message content
INTENTS = (1 << 0) | (1 << 1) | (1 << 9) | (1 << 15)


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "welcome"}, {"name": "general"}],
                    "members": ["alice", "bob"]}],
    })


def expecting(api: Api) -> Callable[..., Awaitable[Any]]:
    """``api.call`` that checks the status and gives the body."""
    async def call(method: str, path: str, body: Any = None, status: int = 200) -> Any:
        got, payload, _ = await api.call(method, "/" + path, body)
        assert got == status, payload
        return payload
    return call


async def test_a_pin_posts_a_notice_by_the_pinner(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http, \
            await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        pinned = await call("POST", f"channels/{general}/messages", {"content": "rules"})
        await gw.recv_until("MESSAGE_CREATE")
        await call("PUT", f"channels/{general}/messages/pins/{pinned['id']}", status=204)
        await gw.recv_until("CHANNEL_PINS_UPDATE")
        notice = (await gw.recv_until("MESSAGE_CREATE"))["d"]
        assert notice["type"] == 6 and notice["content"] == ""
        assert notice["channel_id"] == str(general) and notice["guild_id"] == str(sb.guild.id)
        assert notice["author"]["id"] == str(sb.bot_user.id)
        assert notice["member"]["roles"] is not None
        assert notice["message_reference"] == {
            "type": 0, "message_id": pinned["id"], "channel_id": str(general),
            "guild_id": str(sb.guild.id)}
        # A notice names the pinned message but carries no copy of it, and pings nobody.
        assert "referenced_message" not in notice and notice["mentions"] == []
        listed = await call("GET", f"channels/{general}/messages?limit=5")
        assert [m["id"] for m in listed] == [notice["id"], pinned["id"]]
        # Pinning it again, or unpinning it, posts nothing more.
        await call("PUT", f"channels/{general}/messages/pins/{pinned['id']}", status=204)
        await call("DELETE", f"channels/{general}/pins/{pinned['id']}", status=204)
    assert [m.type for m in sb.messages("general")] == [0, 6]


async def test_a_join_posts_a_welcome_in_the_system_channel(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    welcome = sb.channel("welcome").id
    assert sb.guild.system_channel_id == welcome  # a world's first text channel
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        carol = await sb.join("carol")
        assert carol.user is not None
        await gw.recv_until("GUILD_MEMBER_ADD")
        hello = (await gw.recv_until("MESSAGE_CREATE"))["d"]
    assert hello["type"] == 7 and hello["content"] == ""
    assert hello["channel_id"] == str(welcome)
    assert hello["author"]["id"] == str(carol.user.id)
    assert hello["member"]["joined_at"] is not None
    assert "message_reference" not in hello and hello["mentions"] == []
    assert [m.type for m in sb.messages("welcome")] == [7]


async def test_no_welcome_when_suppressed_or_without_a_system_channel(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid = sb.guild.id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        await call("PATCH", f"guilds/{gid}", {"system_channel_flags": 1})
        await sb.join("carol")
        await call("PATCH", f"guilds/{gid}", {"system_channel_flags": 0,
                                               "system_channel_id": None})
        await sb.join("dave")
        # Other flags (the sticker replies, bit 3) leave the welcome on.
        general = sb.channel("general").id
        await call("PATCH", f"guilds/{gid}", {"system_channel_flags": 1 << 3,
                                               "system_channel_id": str(general)})
        await sb.join("erin")
    assert sb.messages("welcome") == []
    assert [(m.type, m.author.username) for m in sb.messages("general")] == [(7, "erin")]


async def test_a_thread_from_no_message_posts_a_notice_in_its_parent(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http, \
            await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "plans", "type": 11}, 201)
        await gw.recv_until("THREAD_CREATE")
        notice = (await gw.recv_until("MESSAGE_CREATE"))["d"]
        assert notice["type"] == 18 and notice["content"] == "plans"
        assert notice["channel_id"] == str(general)
        assert notice["author"]["id"] == str(sb.bot_user.id)
        # The reference names the thread, not a message.
        assert notice["message_reference"] == {
            "type": 0, "channel_id": thread["id"], "guild_id": str(sb.guild.id)}
        # A private thread, or one started from a message, posts no notice.
        await call("POST", f"channels/{general}/threads", {"name": "secret", "type": 12}, 201)
        started = await call("POST", f"channels/{general}/messages", {"content": "idea"})
        await call("POST", f"channels/{general}/messages/{started['id']}/threads",
                   {"name": "about it"}, 201)
    assert [(m.type, m.content) for m in sb.messages("general")] == [
        (18, "plans"), (0, "idea")]
