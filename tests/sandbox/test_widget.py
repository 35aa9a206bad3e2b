"""A guild's widget over the sandbox's REST API: its settings for those with Manage
Server, the public widget.json anyone may read while it is on, and Discord's refusals."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob", "carol"],
                    "bot_permissions": ["view_channel", "send_messages", "view_audit_log",
                                        *permissions],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                                 {"name": "Locked", "type": 2, "overwrites": [
                                     {"role": "@everyone", "deny": ["connect"]}]}]}],
    })


MANAGER = pytest.mark.sandbox(world=_world("manage_guild"))
BYSTANDER = pytest.mark.sandbox(world=_world())


@MANAGER
async def test_the_widget_is_off_until_turned_on_then_shows_who_is_online(
        api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, settings, _ = await api.call("GET", f"/guilds/{gid}/widget")
    assert (status, settings) == (200, {"enabled": False, "channel_id": None})
    # Anyone may ask for widget.json, even without a token; off, it is refused.
    status, body, _ = await api.call("GET", f"/guilds/{gid}/widget.json", token=None)
    assert (status, body) == (403, {"message": "Widget Disabled", "code": 50004})

    lounge = sandbox.channel("Lounge").id
    general = sandbox.channel("general").id
    status, settings, _ = await api.call("PATCH", f"/guilds/{gid}/widget",
                                         {"enabled": True, "channel_id": str(general)})
    assert (status, settings) == (200, {"enabled": True, "channel_id": str(general)})
    status, fetched, _ = await api.call("GET", f"/guilds/{gid}")
    assert (fetched["widget_enabled"], fetched["widget_channel_id"]) == (True, str(general))

    await sandbox.set_presence("bob", "idle")
    await sandbox.set_presence("alice", "online")
    await sandbox.join_voice("bob", "Lounge", self_mute=True)
    status, widget, _ = await api.call("GET", f"/guilds/{gid}/widget.json", token=None)
    assert status == 200
    assert (widget["id"], widget["name"], widget["presence_count"]) == (str(gid), "Hall", 2)
    # Only voice channels @everyone may join; people behind ids counting from 0.
    assert widget["channels"] == [{"id": str(lounge), "name": "Lounge", "position": 0}]
    assert [(m["id"], m["username"], m["status"], m.get("channel_id"), m.get("self_mute"))
            for m in widget["members"]] == [("0", "alice", "online", None, None),
                                            ("1", "bob", "idle", str(lounge), True)]
    assert widget["instant_invite"].startswith("https://discord.com/invite/")
    # The widget keeps one invite: asking again gives the same.
    _, again, _ = await api.call("GET", f"/guilds/{gid}/widget.json")
    assert again["instant_invite"] == widget["instant_invite"]

    status, cleared, _ = await api.call("PATCH", f"/guilds/{gid}/widget", {"channel_id": None})
    assert cleared == {"enabled": True, "channel_id": None}
    _, widget, _ = await api.call("GET", f"/guilds/{gid}/widget.json")
    assert widget["instant_invite"] is None

    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs?action_type=1")
    assert [[(c["key"], c.get("old_value"), c.get("new_value")) for c in e["changes"]]
            for e in log["audit_log_entries"]] == [
        [("widget_channel_id", str(general), None)],
        [("widget_enabled", False, True), ("widget_channel_id", None, str(general))]]


@MANAGER
async def test_a_channel_of_another_guild_or_none_at_all_is_refused(api: Api,
                                                                      sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/widget", {"channel_id": "123"})
    assert (status, body["code"]) == (400, 50035)
    assert "channel_id" in body["errors"]
    status, body, _ = await api.call("GET", "/guilds/1/widget.json")
    assert (status, body) == (404, {"message": "Unknown Guild", "code": 10004})


@BYSTANDER
async def test_the_settings_need_manage_server(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    for method, body in (("GET", None), ("PATCH", {"enabled": True})):
        status, answer, _ = await api.call(method, f"/guilds/{gid}/widget", body)
        assert (status, answer) == (403, {"message": "Missing Permissions", "code": 50013})
    # Without a token only widget.json is open.
    status, _, _ = await api.call("GET", f"/guilds/{gid}/widget", token=None)
    assert status == 401
