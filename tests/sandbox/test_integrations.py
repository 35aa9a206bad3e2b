"""A guild's integrations as Discord keeps them: the bot's own application is one of
them wherever the bot is; listing and removing take Manage Guild; a removal is
INTEGRATION_DELETE then GUILD_INTEGRATIONS_UPDATE (with the integrations intent only),
audited; removing the bot's own takes the bot out of the guild."""

from __future__ import annotations

import pytest

from tidecord.models import Snowflake
from tidecord.models.integration import IntegrationAccount, StreamIntegration
from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

GUILDS, INTEGRATIONS = 1 << 0, 1 << 4


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Club", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "view_audit_log", *permissions],
                    "channels": [{"name": "general"}]}],
    })


MANAGER = pytest.mark.sandbox(world=_world("manage_guild"))


def _twitch(sb: Sandbox) -> StreamIntegration:
    return StreamIntegration(
        id=sb.state.new_id(), name="alice_live", type="twitch",
        account=IntegrationAccount(id="4242", name="alice_live"),
        added_by=sb.user("alice"), role_id=None, expire_behavior=1, expire_grace_period=7,
        synced_at_iso="2026-01-01T00:00:00+00:00", subscriber_count=3)


@MANAGER
async def test_the_bots_own_integration_is_listed(api: Api, sandbox: Sandbox) -> None:
    status, listed, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/integrations")
    assert status == 200 and len(listed) == 1
    own = listed[0]
    app = sandbox.state.application
    assert (own["type"], own["name"], own["enabled"]) == ("discord", app.name, True)
    assert own["account"] == {"id": str(sandbox.bot_user.id),
                              "name": sandbox.bot_user.username}
    assert own["application"]["id"] == str(app.id)
    assert own["application"]["bot"]["id"] == str(sandbox.bot_user.id)
    assert own["user"]["username"] == "alice"  # the owner added it
    assert "guild_id" not in own
    # Asked again, the same one.
    _, again, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/integrations")
    assert again == listed


@pytest.mark.sandbox(world=_world())
async def test_without_manage_guild_nothing_is_shown(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/integrations"
    status, answer, _ = await api.call("GET", path)
    assert (status, answer["code"]) == (403, 50013)
    status, answer, _ = await api.call("DELETE", f"{path}/1")
    assert (status, answer["code"]) == (403, 50013)


@MANAGER
async def test_an_integration_comes_and_goes(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/integrations"

    async def act() -> None:
        twitch = sandbox.state.add_integration(gid, _twitch(sandbox))
        status, _, _ = await api.call("DELETE", f"{path}/{twitch.id}",
                                      headers={"X-Audit-Log-Reason": "stream over"})
        assert status == 204

    seen = await frames_during(sandbox, GUILDS | INTEGRATIONS, act)
    said = [(f["t"], f["d"].get("type")) for f in seen[1:]]
    assert said == [("INTEGRATION_CREATE", "twitch"), ("GUILD_INTEGRATIONS_UPDATE", None),
                    ("INTEGRATION_DELETE", None), ("GUILD_INTEGRATIONS_UPDATE", None)]
    made = seen[1]["d"]
    assert (made["guild_id"], made["subscriber_count"], made["expire_behavior"]) == (
        str(gid), 3, 1)
    assert set(seen[3]["d"]) == {"id", "guild_id"}
    status, answer, _ = await api.call("DELETE", f"{path}/{made['id']}")
    assert (status, answer["code"]) == (404, 10005)
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    entry = log["audit_log_entries"][0]
    assert (entry["action_type"], entry["target_id"], entry["reason"]) == (
        82, made["id"], "stream over")
    assert {"key": "type", "old_value": "twitch"} in entry["changes"]

    without = await frames_during(sandbox, GUILDS, lambda: _added(sandbox))
    assert [f["t"] for f in without[1:]] == []


async def _added(sb: Sandbox) -> None:
    sb.state.add_integration(sb.guild.id, _twitch(sb))


@MANAGER
async def test_removing_the_bots_own_integration_removes_the_bot(api: Api,
                                                                 sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/integrations")

    async def act() -> None:
        status, _, _ = await api.call("DELETE", f"/guilds/{gid}/integrations/{listed[0]['id']}")
        assert status == 204

    seen = await frames_during(sandbox, GUILDS | INTEGRATIONS, act)
    assert [f["t"] for f in seen[1:]] == ["INTEGRATION_DELETE", "GUILD_INTEGRATIONS_UPDATE",
                                          "GUILD_DELETE"]
    assert seen[1]["d"]["application_id"] == str(sandbox.state.application.id)
    status, answer, _ = await api.call("GET", f"/guilds/{gid}")
    assert (status, answer["code"]) == (404, 10004)
    assert Snowflake(gid) not in sandbox.state.guilds
