"""Prune and bulk ban as Discord answers them: who counts as inactive, the forms of the
body Discord takes (discord.py sends "false" and "a, b" as strings), the permissions,
and 50035 or 500000 for what it refuses."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

DAY = 86_400


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave"],
        "guilds": [{"name": "Yard", "owner": "alice",
                    "members": ["alice", {"user": "bob", "roles": ["Helper"]}, "carol", "dave"],
                    "roles": [{"name": "Helper"}], "channels": [{"name": "general"}],
                    "bot_permissions": ["view_channel", "send_messages", "view_audit_log",
                                        *permissions]}],
    })


CLEANER = pytest.mark.sandbox(world=_world("kick_members", "manage_guild", "ban_members"))


@CLEANER
async def test_prune_takes_the_inactive_without_roles(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    helper = next(r.id for r in sandbox.state.roles[gid].values() if r.name == "Helper")
    sandbox.clock.advance(10 * DAY)
    await sandbox.send_message("dave", "general", "still around")
    await sandbox.join("frank")  # joined just now: active
    status, counted, _ = await api.call("GET", f"/guilds/{gid}/prune?days=7")
    assert (status, counted) == (200, {"pruned": 1})  # carol: bob has a role, dave spoke
    _, counted, _ = await api.call("GET", f"/guilds/{gid}/prune?days=7&include_roles={helper}")
    assert counted == {"pruned": 2}
    status, done, _ = await api.call("POST", f"/guilds/{gid}/prune", {
        "days": 7, "compute_prune_count": "false", "include_roles": f"{helper}"})
    assert (status, done) == (200, {"pruned": None})
    left = {sandbox.state.user(u).username for u in sandbox.state.members[gid]}
    assert left == {sandbox.bot_user.username, "alice", "dave", "frank"}
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    entry = log["audit_log_entries"][-1]
    assert entry["action_type"] == 21 and entry["options"] == {
        "delete_member_days": "7", "members_removed": "2"}
    for query in ("days=0", "days=31", "days=seven"):
        status, error, _ = await api.call("GET", f"/guilds/{gid}/prune?{query}")
        assert (status, error["code"]) == (400, 50035) and "days" in error["errors"], query


@pytest.mark.sandbox(world=_world("kick_members"))
async def test_prune_needs_manage_server_too(api: Api, sandbox: Sandbox) -> None:
    status, error, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/prune")
    assert (status, error["code"]) == (403, 50013)


@CLEANER
async def test_bulk_ban_bans_whom_it_can(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    ids = {name: str(sandbox.user(name).id) for name in ("alice", "bob", "carol")}
    status, answer, _ = await api.call("POST", f"/guilds/{gid}/bulk-ban", {
        "user_ids": [ids["bob"], ids["carol"], ids["alice"], "1"]})
    assert status == 200 and answer == {"banned_users": [ids["bob"], ids["carol"]],
                                        "failed_users": [ids["alice"], "1"]}
    assert {int(ids["bob"]), int(ids["carol"])} <= set(sandbox.state.bans[gid])
    status, error, _ = await api.call("POST", f"/guilds/{gid}/bulk-ban",
                                      {"user_ids": [ids["bob"]]})
    assert (status, error["code"]) == (400, 500000)  # banned already: none could be
    status, error, _ = await api.call("POST", f"/guilds/{gid}/bulk-ban",
                                      {"user_ids": [str(n) for n in range(1, 202)]})
    assert (status, error["code"]) == (400, 50035) and "user_ids" in error["errors"]
