"""PATCH /guilds/{id} as Discord answers it: Manage Server, the new settings back, and
50035 for a value Discord does not allow."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

MANAGER = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [{"name": "Sandbox", "owner": "alice", "members": ["alice"],
                "channels": [{"name": "general"}, {"name": "quiet", "type": 2}],
                "bot_permissions": ["view_channel", "send_messages", "manage_guild"]}],
}))


@MANAGER
async def test_a_guild_is_renamed_and_set_up(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    quiet = sandbox.channel("quiet").id
    status, data, _ = await api.call("PATCH", f"/guilds/{gid}", {
        "name": "Garden", "afk_channel_id": str(quiet), "afk_timeout": 1800,
        "verification_level": 2, "system_channel_id": None})
    assert status == 200
    assert (data["name"], data["afk_channel_id"], data["afk_timeout"],
            data["verification_level"], data["system_channel_id"]) == (
        "Garden", str(quiet), 1800, 2, None)
    _, again, _ = await api.call("GET", f"/guilds/{gid}")
    assert again["name"] == "Garden" and "channels" not in again


@MANAGER
async def test_what_discord_refuses_a_guild(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    for body, field in (({"name": "x"}, "name"), ({"afk_timeout": 7}, "afk_timeout"),
                        ({"verification_level": 9}, "verification_level"),
                        ({"afk_channel_id": str(sandbox.channel("general").id)},
                         "afk_channel_id"),
                        ({"icon": "not an image"}, "icon")):
        status, answer, _ = await api.call("PATCH", f"/guilds/{gid}", body)
        assert status == 400 and answer["code"] == 50035 and field in answer["errors"], answer
    assert sandbox.guild.name == "Sandbox"


async def test_a_bot_without_manage_server_may_not(api: Api, sandbox: Sandbox) -> None:
    status, answer, _ = await api.call("PATCH", f"/guilds/{sandbox.guild.id}", {"name": "Mine"})
    assert (status, answer["code"]) == (403, 50013)
