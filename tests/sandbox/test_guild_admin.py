"""A guild's vanity URL (read as an invite too), its roles' member counts, and deleting
it, over the sandbox's REST API, with Discord's shapes and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .test_openapi import validator_for  # noqa: F401 - the fixture

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str, vanity: bool = True) -> World:
    world = World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Garden", "owner": "alice",
                    "features": ["COMMUNITY", "VANITY_URL"] if vanity else [],
                    "roles": [{"name": "Gardener"}, {"name": "Visitor"}],
                    "members": [{"user": "alice", "roles": ["Gardener"]},
                                {"user": "bob", "roles": ["Gardener", "Visitor"]}],
                    "bot_permissions": ["view_channel", *permissions],
                    "channels": [{"name": "general"}, {"name": "rules"}]}],
    })
    if vanity:
        world.guilds[0].vanity_url_code = "garden"
    return world


MANAGER = pytest.mark.sandbox(world=_world("manage_guild", "manage_roles"))
BYSTANDER = pytest.mark.sandbox(world=_world())
PLAIN = pytest.mark.sandbox(world=_world("manage_guild", vanity=False))


@MANAGER
async def test_the_vanity_url_and_its_invite(api: Api, sandbox: Sandbox,
                                             validator_for: Any) -> None:  # noqa: F811
    gid = sandbox.guild.id
    status, body, _ = await api.call("GET", f"/guilds/{gid}/vanity-url")
    assert (status, body) == (200, {"code": "garden", "uses": 0})
    assert list(validator_for("/guilds/{guild_id}/vanity-url", "GET", 200).iter_errors(body)) \
        == []
    status, invite, _ = await api.call("GET", "/invites/garden")
    assert status == 200
    assert (invite["code"], invite["guild"]["id"], invite["guild"]["vanity_url_code"]) == (
        "garden", str(gid), "garden")
    assert invite["channel"]["name"] == "general" and "inviter" not in invite
    # A vanity code is no invite to revoke.
    status, body, _ = await api.call("DELETE", "/invites/garden")
    assert (status, body["code"]) == (404, 10006)


@PLAIN
async def test_a_guild_without_a_vanity_code_answers_null(api: Api, sandbox: Sandbox) -> None:
    status, body, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/vanity-url")
    assert (status, body) == (200, {"code": None, "uses": 0})


@BYSTANDER
async def test_without_permissions_both_are_refused(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    for path in (f"/guilds/{gid}/vanity-url", f"/guilds/{gid}/roles/member-counts"):
        status, body, _ = await api.call("GET", path)
        assert (status, body) == (403, {"message": "Missing Permissions", "code": 50013})


@MANAGER
async def test_role_member_counts(api: Api, sandbox: Sandbox,
                                  validator_for: Any) -> None:  # noqa: F811
    gid = sandbox.guild.id
    status, body, _ = await api.call("GET", f"/guilds/{gid}/roles/member-counts")
    assert status == 200
    assert list(validator_for("/guilds/{guild_id}/roles/member-counts", "GET", 200)
                .iter_errors(body)) == []
    names = {str(r.id): r.name for r in sandbox.state.roles[gid].values()}
    assert {names[rid]: n for rid, n in body.items()} == {
        "Gardener": 2, "Visitor": 1, "SandboxBot": 1}
    # The path is not read as a role id.
    status, _, _ = await api.call("GET", f"/guilds/{gid}/roles/{gid}")
    assert status == 200


@MANAGER
async def test_a_bot_cannot_delete_a_guild(api: Api, sandbox: Sandbox) -> None:
    status, body, _ = await api.call("DELETE", f"/guilds/{sandbox.guild.id}")
    assert (status, body) == (403, {"message": "Missing Permissions", "code": 50013})
    status, body, _ = await api.call("DELETE", "/guilds/1234")
    assert (status, body["code"]) == (404, 10004)
    assert sandbox.state.guild(sandbox.guild.id).name == "Garden"
