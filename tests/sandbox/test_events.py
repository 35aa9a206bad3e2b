"""Every change dispatches the event Discord would: channels, threads, roles, members, pins."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)
ALL_INTENTS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) \
    | (1 << 15)


def _admin_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}], "members": ["alice", "bob"]}],
    })


async def test_bot_actions_dispatch_events(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_admin_world(), heartbeat_interval=30000)
    gid = sb.guild.id
    general = sb.channel("general").id
    bob = sb.user("bob").id
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession(base_url=sb.api_url + "/") as http, \
            await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")

        async def call(method: str, path: str, body: Any = None, status: int = 200) -> Any:
            async with http.request(method, path, json=body, headers=headers) as resp:
                assert resp.status == status, await resp.text()
                return await resp.json() if resp.status != 204 else None

        channel = await call("POST", f"guilds/{gid}/channels", {"name": "new-room"}, 201)
        assert (await gw.recv_until("CHANNEL_CREATE"))["d"]["id"] == channel["id"]
        await call("PATCH", f"channels/{channel['id']}", {"topic": "fresh"})
        assert (await gw.recv_until("CHANNEL_UPDATE"))["d"]["topic"] == "fresh"
        role = await call("POST", f"guilds/{gid}/roles", {"name": "Helpers", "color": 5})
        assert (await gw.recv_until("GUILD_ROLE_CREATE"))["d"]["role"]["id"] == role["id"]
        await call("PUT", f"guilds/{gid}/members/{bob}/roles/{role['id']}", status=204)
        update = (await gw.recv_until("GUILD_MEMBER_UPDATE"))["d"]
        assert role["id"] in update["roles"] and update["guild_id"] == str(gid)
        await call("DELETE", f"guilds/{gid}/roles/{role['id']}", status=204)
        assert (await gw.recv_until("GUILD_ROLE_DELETE"))["d"]["role_id"] == role["id"]
        m1 = await call("POST", f"channels/{general}/messages", {"content": "one"})
        m2 = await call("POST", f"channels/{general}/messages", {"content": "two"})
        await call("PUT", f"channels/{general}/pins/{m1['id']}", status=204)
        assert (await gw.recv_until("CHANNEL_PINS_UPDATE"))["d"]["channel_id"] == str(general)
        thread = await call("POST", f"channels/{general}/messages/{m1['id']}/threads",
                            {"name": "chat"}, 201)
        assert (await gw.recv_until("THREAD_CREATE"))["d"]["id"] == m1["id"] == thread["id"]
        await call("POST", f"channels/{thread['id']}/messages", {"content": "in thread"})
        assert (await gw.recv_until("MESSAGE_CREATE"))["d"]["channel_id"] == thread["id"]
        await call("POST", f"channels/{general}/typing", status=204)
        assert (await gw.recv_until("TYPING_START"))["d"]["user_id"] == str(sb.bot_user.id)
        await call("POST", f"channels/{general}/messages/bulk-delete",
                   {"messages": [m1["id"], m2["id"]]}, 204)
        bulk = (await gw.recv_until("MESSAGE_DELETE_BULK"))["d"]
        assert sorted(bulk["ids"]) == sorted([m1["id"], m2["id"]])
        await call("PUT", f"guilds/{gid}/bans/{bob}", {}, 204)
        assert (await gw.recv_until("GUILD_BAN_ADD"))["d"]["user"]["id"] == str(bob)
        assert (await gw.recv_until("GUILD_MEMBER_REMOVE"))["d"]["user"]["id"] == str(bob)
        await call("DELETE", f"channels/{channel['id']}")
        assert (await gw.recv_until("CHANNEL_DELETE"))["d"]["id"] == channel["id"]
    # Only the notice Discord posted for the pin is left.
    assert [m.type for m in sb.messages("general")] == [6]
    assert bob not in sb.state.members[gid]


async def test_people_dispatch_member_and_reaction_events(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(heartbeat_interval=30000)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        member = await sb.join("carol")
        added = (await gw.recv_until("GUILD_MEMBER_ADD"))["d"]
        assert added["user"]["username"] == "carol" and member.user is not None
        message = await sb.send_message("carol", "general", "hello")
        await sb.react("bob", message, "🎉")
        reaction = (await gw.recv_until("MESSAGE_REACTION_ADD"))["d"]
        assert reaction["member"]["user"]["username"] == "bob"
        assert reaction["message_author_id"] == str(message.author.id)
        await sb.react("bob", message, "🎉", remove=True)
        assert (await gw.recv_until("MESSAGE_REACTION_REMOVE"))["d"]["emoji"]["name"] == "🎉"
        await sb.edit_message("carol", message, "hello!")
        assert (await gw.recv_until("MESSAGE_UPDATE"))["d"]["content"] == "hello!"
        await sb.delete_message("carol", message)
        assert (await gw.recv_until("MESSAGE_DELETE"))["d"]["id"] == str(message.id)
        await sb.typing("bob", "general")
        assert (await gw.recv_until("TYPING_START"))["d"]["user_id"] == str(sb.user("bob").id)
        await sb.leave("carol")
        assert (await gw.recv_until("GUILD_MEMBER_REMOVE"))["d"]["user"]["username"] == "carol"


async def test_channels_the_bot_cannot_see_send_it_nothing(sandbox_factory: Any) -> None:
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "G", "owner": "alice", "members": ["alice"], "channels": [
            {"name": "open"},
            {"name": "hidden", "overwrites": [{"user": "SandboxBot", "deny": ["view_channel"]}]},
        ]}],
    })
    sb: Sandbox = await sandbox_factory(world=world, heartbeat_interval=30000)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        await sb.send_message("alice", "hidden", "secret")
        await sb.send_message("alice", "open", "public")
        frame = await gw.recv_until("MESSAGE_CREATE")
    assert frame["d"]["content"] == "public"


async def test_role_hierarchy_limits_what_the_bot_may_do(sandbox_factory: Any) -> None:
    world = World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Ranks", "owner": "alice",
                    "roles": [{"name": "@everyone", "permissions": ["view_channel"]},
                              {"name": "Low", "permissions": 0}],
                    "bot_permissions": ["kick_members", "ban_members", "manage_roles"],
                    "channels": [{"name": "general"}],
                    "members": ["alice", {"user": "bob", "roles": ["Low"]}, "carol"]}],
    })
    sb: Sandbox = await sandbox_factory(world=world)
    gid = sb.guild.id
    roles = {r.name: r for r in sb.state.guild_roles(gid)}
    # a role above the bot's
    high = sb.state.create_role(gid, name="High", permissions=0)
    high = sb.state.update_role(gid, high.id, position=10)
    sb.state.update_member(gid, sb.user("carol").id, roles=[high.id])
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession(base_url=sb.api_url + "/") as http:
        async def status(method: str, path: str) -> int:
            async with http.request(method, path, headers=headers) as resp:
                return resp.status

        assert await status("DELETE", f"guilds/{gid}/members/{sb.user('alice').id}") == 403
        assert await status("DELETE", f"guilds/{gid}/members/{sb.user('carol').id}") == 403
        assert await status("PUT", f"guilds/{gid}/members/{sb.user('bob').id}"
                                   f"/roles/{high.id}") == 403
        # a role below the bot's may go to anyone, even a member above the bot
        assert await status("PUT", f"guilds/{gid}/members/{sb.user('carol').id}"
                                   f"/roles/{roles['Low'].id}") == 204
        assert await status("DELETE", f"guilds/{gid}/members/{sb.user('bob').id}") == 204
    assert sb.user("bob").id not in sb.state.members[gid]
