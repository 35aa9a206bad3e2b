"""Invites over the sandbox's REST API, as Discord serves them: made with Create
Invite, listed by managers, read by anyone, used by joins, expiring on the clock."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS
from .test_private_thread_events import _until_marker

pytestmark = pytest.mark.timeout(30)

INVITE_INTENTS = ALL_INTENTS | (1 << 6)  # GUILD_INVITES

MANAGERS = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}, {"username": "bob"}],
    "guilds": [{
        "name": "Sandbox", "owner": "alice",
        "bot_permissions": ["view_channel", "send_messages", "create_instant_invite",
                            "manage_channels", "manage_guild", "ban_members"],
        "channels": [{"name": "general"}],
        "members": ["alice", "bob"],
    }],
}))


@MANAGERS
async def test_an_invite_is_made_read_used_and_revoked(api: Api, sandbox: Sandbox) -> None:
    cid, gid = sandbox.channel("general").id, sandbox.guild.id
    status, made, _ = await api.call("POST", f"/channels/{cid}/invites",
                                     {"max_age": 60, "max_uses": 2})
    assert status == 200 and (made["uses"], made["max_uses"], made["max_age"]) == (0, 2, 60)
    assert made["inviter"]["id"] == str(sandbox.bot_user.id)
    assert made["guild"]["name"] == "Sandbox" and made["channel"]["name"] == "general"
    code = made["code"]
    # Without unique, the same settings give the same invite back.
    _, again, _ = await api.call("POST", f"/channels/{cid}/invites",
                                 {"max_age": 60, "max_uses": 2, "unique": False})
    assert again["code"] == code
    _, read, _ = await api.call("GET", f"/invites/{code}?with_counts=true", token=None)
    assert "uses" not in read and read["approximate_member_count"] == 3
    await sandbox.join("carol", invite=code)
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/invites")
    assert [(i["code"], i["uses"]) for i in listed] == [(code, 1)]
    # A member already, or banned: no use is counted.
    await sandbox.join("carol", invite=code)
    sandbox.state.ban(gid, sandbox.user("bob").id)
    with pytest.raises(Exception, match="banned"):
        await sandbox.join("bob", invite=code)
    assert sandbox.state.invites[code].uses == 1
    # The last allowed use revokes it.
    await sandbox.join("dave", invite=code)
    status, body, _ = await api.call("GET", f"/invites/{code}", token=None)
    assert (status, body["code"]) == (404, 10006)
    _, other, _ = await api.call("POST", f"/channels/{cid}/invites", {})
    assert other["max_age"] == 86400 and other["expires_at"]
    status, gone, _ = await api.call("DELETE", f"/invites/{other['code']}")
    assert status == 200 and gone["code"] == other["code"]
    _, listed, _ = await api.call("GET", f"/channels/{cid}/invites")
    assert listed == []


@MANAGERS
async def test_an_invite_expires_on_the_sandbox_clock(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    _, made, _ = await api.call("POST", f"/channels/{cid}/invites", {"max_age": 60})
    forever = (await api.call("POST", f"/channels/{cid}/invites", {"max_age": 0}))[1]
    assert forever["expires_at"] is None
    sandbox.clock.advance(61)
    status, body, _ = await api.call("GET", f"/invites/{made['code']}", token=None)
    assert (status, body["code"]) == (404, 10006)
    _, listed, _ = await api.call("GET", f"/channels/{cid}/invites")
    assert [i["code"] for i in listed] == [forever["code"]]


@MANAGERS
async def test_what_discord_refuses_an_invite(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    for body, field in (({"max_age": 5_184_001}, "max_age"), ({"max_age": -1}, "max_age"),
                        ({"max_uses": 101}, "max_uses")):
        status, answer, _ = await api.call("POST", f"/channels/{cid}/invites", body)
        assert (status, answer["code"]) == (400, 50035) and field in answer["errors"]
    status, body, _ = await api.call("DELETE", "/invites/nosuchcode")
    assert (status, body["code"]) == (404, 10006)
    assert sandbox.state.invites == {}


async def test_listing_invites_needs_managing_them(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    status, made, _ = await api.call("POST", f"/channels/{cid}/invites", {})
    assert status == 200  # @everyone may create invites in the default world
    status, body, _ = await api.call("GET", f"/channels/{cid}/invites")
    assert (status, body["code"]) == (403, 50013)
    status, body, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/invites")
    assert (status, body["code"]) == (403, 50013)
    status, body, _ = await api.call("DELETE", f"/invites/{made['code']}")
    assert (status, body["code"]) == (403, 50013)


async def test_invite_events_reach_only_a_bot_that_manages_the_channel(
        sandbox_factory: Any) -> None:
    # The gateway events topic: INVITE_CREATE and INVITE_DELETE are sent only to a bot
    # with Manage Channels in the invite's channel. The bot manages #ops, not #general.
    sb: Sandbox = await sandbox_factory(world=World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Sandbox", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "create_instant_invite"],
                    "channels": [{"name": "general"}, {"name": "ops", "overwrites": [
                        {"user": "SandboxBot", "allow": ["manage_channels"]}]}],
                    "members": ["alice"]}],
    }), heartbeat_interval=30000)
    alice = sb.user("alice").id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, INVITE_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        unheard = sb.state.create_invite(sb.channel("general").id, alice)
        heard = sb.state.create_invite(sb.channel("ops").id, alice)
        sb.state.delete_invite(unheard.code)
        sb.state.delete_invite(heard.code)
        frames = await _until_marker(gw, sb)
    assert [(f["t"], f["d"]["code"]) for f in frames if f["t"].startswith("INVITE_")] == [
        ("INVITE_CREATE", heard.code), ("INVITE_DELETE", heard.code)]
