"""Guild templates over the sandbox's REST API: one a guild, made with Manage Server
from a snapshot of its roles and channels, marked dirty when the guild changes until
synced, renamed, read by code, deleted; refused as Discord refuses."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice"],
                    "bot_permissions": ["view_channel", "send_messages", "manage_channels",
                                        *permissions],
                    "roles": [{"name": "Gardener", "hoist": True}],
                    "channels": [{"name": "Chat", "type": 4},
                                 {"name": "general", "parent": "Chat", "overwrites": [
                                     {"role": "Gardener", "allow": ["send_messages"]},
                                     {"user": "alice", "deny": ["send_messages"]}]},
                                 {"name": "Lounge", "type": 2}]}],
    })


MANAGER = pytest.mark.sandbox(world=_world("manage_guild"))


@MANAGER
async def test_a_template_keeps_a_snapshot_until_synced(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, made, _ = await api.call("POST", f"/guilds/{gid}/templates",
                                     {"name": "Garden", "description": "for clubs"})
    assert status == 200, made
    assert (made["name"], made["description"], made["usage_count"], made["is_dirty"],
            made["creator"]["id"], made["source_guild_id"]) == (
        "Garden", "for clubs", 0, None, str(sandbox.bot_user.id), str(gid))
    snap = made["serialized_source_guild"]
    # The bot's own managed role is left out; ids are the template's, @everyone first.
    assert [(r["id"], r["name"]) for r in snap["roles"]] == [(0, "@everyone"), (1, "Gardener")]
    assert [(c["id"], c["name"], c["parent_id"]) for c in snap["channels"]] == [
        (2, "Chat", None), (3, "general", "2"), (4, "Lounge", None)]
    assert [(o["id"], o["type"]) for o in snap["channels"][1]["permission_overwrites"]] == [
        ("1", 0)]
    assert snap["system_channel_id"] == "3"

    status, again, _ = await api.call("POST", f"/guilds/{gid}/templates", {"name": "Two"})
    assert (status, again) == (400, {"message": "Guild already has a template", "code": 30031})

    await api.call("POST", f"/guilds/{gid}/channels", {"name": "news"})
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/templates")
    assert [(t["code"], t["is_dirty"]) for t in listed] == [(made["code"], True)]
    status, synced, _ = await api.call("PUT", f"/guilds/{gid}/templates/{made['code']}")
    assert status == 200 and synced["is_dirty"] is None
    assert "news" in [c["name"] for c in synced["serialized_source_guild"]["channels"]]

    status, renamed, _ = await api.call("PATCH", f"/guilds/{gid}/templates/{made['code']}",
                                        {"name": "Allotment", "description": None})
    assert (status, renamed["name"], renamed["description"]) == (200, "Allotment", None)
    status, read, _ = await api.call("GET", f"/guilds/templates/{made['code']}")
    assert (status, read["name"]) == (200, "Allotment")

    status, deleted, _ = await api.call("DELETE", f"/guilds/{gid}/templates/{made['code']}")
    assert (status, deleted["code"]) == (200, made["code"])
    status, gone, _ = await api.call("GET", f"/guilds/templates/{made['code']}")
    assert (status, gone) == (404, {"message": "Unknown Guild Template", "code": 10057})


@MANAGER
async def test_bad_names_are_refused(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    for body, field in (({}, "name"), ({"name": ""}, "name"),
                        ({"name": "ok", "description": "x" * 121}, "description")):
        status, answer, _ = await api.call("POST", f"/guilds/{gid}/templates", body)
        assert (status, answer["code"], list(answer["errors"])) == (400, 50035, [field])


@pytest.mark.sandbox(world=_world())
async def test_templates_need_manage_server(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    for method, path, body in (("GET", "templates", None), ("POST", "templates", {"name": "x"}),
                               ("PUT", "templates/abc", None),
                               ("DELETE", "templates/abc", None)):
        status, answer, _ = await api.call(method, f"/guilds/{gid}/{path}", body)
        assert (status, answer) == (403, {"message": "Missing Permissions", "code": 50013})
