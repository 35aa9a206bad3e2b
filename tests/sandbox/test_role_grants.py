"""Granting and taking roles under Discord's permission hierarchy: with Manage Roles a
bot may give or take any role below its own top role, from any member, the owner and
members above it included; a member's own rank only guards what is done to them
(another's nick, a timeout, a kick, a ban)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = [
    pytest.mark.timeout(30),
    pytest.mark.sandbox(world=World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Ranks", "owner": "alice",
                    "roles": [{"name": "@everyone", "permissions": ["view_channel"]},
                              {"name": "Low", "permissions": 0}],
                    "bot_permissions": ["kick_members", "ban_members", "manage_roles",
                                        "manage_nicknames", "moderate_members"],
                    "channels": [{"name": "general"}],
                    "members": ["alice", "bob", "carol"]}],
    })),
]


def _ranks(sandbox: Sandbox) -> tuple[int, dict[str, int], int]:
    """The guild, its people's ids, and a role High placed above the bot's, held by carol."""
    gid = sandbox.guild.id
    high = sandbox.state.create_role(gid, name="High", permissions=0)
    high = sandbox.state.update_role(gid, high.id, position=10)
    people = {name: sandbox.user(name).id for name in ("alice", "bob", "carol")}
    sandbox.state.update_member(gid, people["carol"], roles=[high.id])
    return gid, people, high.id


def _role(sandbox: Sandbox, name: str) -> int:
    return next(r.id for r in sandbox.state.guild_roles(sandbox.guild.id) if r.name == name)


def _roles_of(sandbox: Sandbox, gid: int, uid: int) -> list[int]:
    return [int(r) for r in sandbox.state.member(gid, uid).roles]


async def test_a_low_role_can_be_given_to_and_taken_from_the_owner(
        api: Api, sandbox: Sandbox) -> None:
    gid, people, _ = _ranks(sandbox)
    low = _role(sandbox, "Low")
    path = f"/guilds/{gid}/members/{people['alice']}/roles/{low}"
    status, _, _ = await api.call("PUT", path)
    assert status == 204
    assert low in _roles_of(sandbox, gid, people["alice"])
    status, _, _ = await api.call("DELETE", path)
    assert status == 204
    assert low not in _roles_of(sandbox, gid, people["alice"])


async def test_a_low_role_can_be_given_to_a_member_above_the_bot(
        api: Api, sandbox: Sandbox) -> None:
    gid, people, high = _ranks(sandbox)
    low = _role(sandbox, "Low")
    status, _, _ = await api.call("PUT", f"/guilds/{gid}/members/{people['carol']}/roles/{low}")
    assert status == 204
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people['alice']}",
                                     {"roles": [str(low)]})
    assert status == 200, body
    assert body["roles"] == [str(low)]
    # carol keeps High (above the bot) and gives Low back, in one edit
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people['carol']}",
                                     {"roles": [str(high)]})
    assert status == 200, body
    assert _roles_of(sandbox, gid, people["carol"]) == [high]


async def test_a_role_above_the_bot_stays_out_of_its_reach(
        api: Api, sandbox: Sandbox) -> None:
    gid, people, high = _ranks(sandbox)
    status, body, _ = await api.call("PUT",
                                     f"/guilds/{gid}/members/{people['bob']}/roles/{high}")
    assert (status, body["code"]) == (403, 50013)
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people['carol']}",
                                     {"roles": []})
    assert (status, body["code"]) == (403, 50013)
    assert _roles_of(sandbox, gid, people["carol"]) == [high]


@pytest.mark.parametrize("change", [
    {"nick": "renamed"},
    # A day ahead: Discord refuses a timeout more than 28 days ahead before ranks count.
    {"communication_disabled_until": (datetime.datetime.now(datetime.UTC)
                                      + datetime.timedelta(days=1)).isoformat()},
])
async def test_what_is_done_to_a_member_still_needs_to_outrank_them(
        api: Api, sandbox: Sandbox, change: dict[str, Any]) -> None:
    gid, people, _ = _ranks(sandbox)
    for name in ("alice", "carol"):
        status, body, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people[name]}",
                                         change)
        assert (status, body["code"]) == (403, 50013), name
    status, _, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people['bob']}", change)
    assert status == 200


async def test_kicks_and_bans_still_need_to_outrank_the_member(
        api: Api, sandbox: Sandbox) -> None:
    gid, people, _ = _ranks(sandbox)
    for name in ("alice", "carol"):
        status, _, _ = await api.call("DELETE", f"/guilds/{gid}/members/{people[name]}")
        assert status == 403, name
        status, _, _ = await api.call("PUT", f"/guilds/{gid}/bans/{people[name]}", {})
        assert status == 403, name


async def test_a_role_named_twice_is_held_once(api: Api, sandbox: Sandbox) -> None:
    gid, people, _ = _ranks(sandbox)
    low = str(_role(sandbox, "Low"))
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/members/{people['bob']}",
                                     {"roles": [low, low]})
    assert status == 200, body
    assert body["roles"] == [low]
    status, body, _ = await api.call("GET", f"/guilds/{gid}/members/{people['bob']}")
    assert body["roles"] == [low]
