"""A Community guild's welcome screen over the sandbox's REST API: empty at first,
changed with Manage Server, turned on through the guild's features (GUILD_UPDATE),
then readable without the permission; refused as Discord refuses."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str, community: bool = True) -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice"],
                    "features": ["COMMUNITY"] if community else [],
                    "bot_permissions": ["view_channel", "send_messages", *permissions],
                    "emojis": ["party"],
                    "channels": [{"name": "general"}, {"name": "rules"}]}],
    })


MANAGER = pytest.mark.sandbox(world=_world("manage_guild"))


@MANAGER
async def test_the_screen_is_written_then_turned_on(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/welcome-screen"
    status, screen, _ = await api.call("GET", path)
    assert (status, screen) == (200, {"description": None, "welcome_channels": []})
    rules = str(sandbox.channel("rules").id)
    party = str(sandbox.guild.emojis[0].id)
    wanted = {"description": "Welcome to the hall",
              "welcome_channels": [
                  {"channel_id": rules, "description": "Read these", "emoji_id": None,
                   "emoji_name": "📜"},
                  {"channel_id": str(sandbox.channel("general").id), "description": "Say hi",
                   "emoji_id": party, "emoji_name": "party"}]}

    async def turn_on() -> None:
        status, answer, _ = await api.call("PATCH", path, {**wanted, "enabled": True})
        assert (status, answer) == (200, wanted)

    frames = await frames_during(sandbox, 1, turn_on)
    update = [f["d"] for f in frames if f.get("t") == "GUILD_UPDATE"]
    assert [u["features"] for u in update] == [["COMMUNITY", "WELCOME_SCREEN_ENABLED"]]
    # A partial change keeps the rest.
    _, answer, _ = await api.call("PATCH", path, {"description": "Hello"})
    assert answer == {**wanted, "description": "Hello"}


@pytest.mark.sandbox(world=_world())
async def test_reading_a_screen_that_is_off_needs_manage_server(api: Api,
                                                               sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/welcome-screen"
    for method, body in (("GET", None), ("PATCH", {"description": "x"})):
        status, answer, _ = await api.call(method, path, body)
        assert (status, answer) == (403, {"message": "Missing Permissions", "code": 50013})
    # Once on (a person with the permission did it), anyone in the guild may read it.
    sandbox.state.update_guild(gid, features=["COMMUNITY", "WELCOME_SCREEN_ENABLED"])
    status, screen, _ = await api.call("GET", path)
    assert (status, screen["welcome_channels"]) == (200, [])


@MANAGER
async def test_bad_channels_are_refused_field_by_field(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    rules = str(sandbox.channel("rules").id)
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/welcome-screen", {
        "welcome_channels": [{"channel_id": "1", "description": "x"},
                             {"channel_id": rules, "description": ""},
                             {"channel_id": rules, "description": "ok", "emoji_id": "2"}]})
    assert (status, body["code"]) == (400, 50035)
    assert body["errors"]["welcome_channels"] == {
        "0": {"channel_id": {"_errors": [{"code": "CHANNEL_INVALID",
                                          "message": "Invalid channel"}]}},
        "1": {"description": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                           "message": "Must be between 1 and 50 in length."}]}},
        "2": {"emoji_id": {"_errors": [{"code": "EMOJI_INVALID", "message": "Invalid emoji"}]}}}
    many = [{"channel_id": rules, "description": "x"}] * 6
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/welcome-screen",
                                     {"welcome_channels": many})
    assert "_errors" in body["errors"]["welcome_channels"]


@pytest.mark.sandbox(world=_world("manage_guild", community=False))
async def test_a_guild_that_is_not_community_has_none(api: Api, sandbox: Sandbox) -> None:
    status, body, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/welcome-screen")
    assert (status, body) == (404, {"message": "Unknown Guild Welcome Screen", "code": 10069})
