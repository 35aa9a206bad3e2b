"""A guild's preview over the sandbox's REST API: Discord's shape (counts, emojis and
stickers without their makers), and 10004 for a guild the bot cannot see."""

from __future__ import annotations

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

WORLD = World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                "channels": [{"name": "general"}], "emojis": ["party", "wave"],
                "stickers": ["hug"]}],
})


@pytest.mark.sandbox(world=WORLD)
async def test_a_preview_carries_discord_fields_counts_and_emojis(
        api: Api, sandbox: Sandbox) -> None:
    guild = sandbox.guild
    status, body, _ = await api.call("GET", f"/guilds/{guild.id}/preview")
    assert status == 200
    assert set(body) == {"id", "name", "icon", "description", "home_header", "splash",
                         "discovery_splash", "features", "approximate_member_count",
                         "approximate_presence_count", "emojis", "stickers"}
    assert (body["id"], body["name"]) == (str(guild.id), "Hall")
    assert body["approximate_member_count"] == len(sandbox.state.members[guild.id])
    assert sorted(e["name"] for e in body["emojis"]) == ["party", "wave"]
    assert all("user" not in e for e in body["emojis"])
    assert [s["name"] for s in body["stickers"]] == ["hug"]
    assert all("user" not in s for s in body["stickers"])


@pytest.mark.sandbox(world=WORLD)
async def test_an_unknown_guild_has_no_preview(api: Api, sandbox: Sandbox) -> None:
    status, body, _ = await api.call("GET", "/guilds/1234567890123/preview")
    assert (status, body) == (404, {"message": "Unknown Guild", "code": 10004})
    status, body, _ = await api.call("GET", "/guilds/nope/preview")
    assert status in (400, 404)
