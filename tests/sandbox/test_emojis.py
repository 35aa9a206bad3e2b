"""Custom emojis over the sandbox's REST API: listed, made with a data URI image,
renamed, deleted, refused as Discord refuses them, and usable in reactions."""

from __future__ import annotations

import base64
import urllib.parse

import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest.ratelimit import RateLimits

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()

# No limits in the way: the test makes fifty emojis and reacts twice at once.
MAKERS = pytest.mark.sandbox(rate_limits=RateLimits(global_limit=1000, default=(1000, 1.0),
                                                     routes={}),
                             world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [
        {"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
         "emojis": ["party"], "members": ["alice"],
         "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                             "add_reactions", "create_expressions"]},
        {"name": "Elsewhere", "owner": "alice", "channels": [{"name": "lobby"}],
         "emojis": ["wave"], "members": ["alice"]},
    ],
}))


@MAKERS
async def test_an_emoji_is_made_renamed_used_and_deleted(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/emojis")
    assert [e["name"] for e in listed] == ["party"]
    status, made, _ = await api.call("POST", f"/guilds/{gid}/emojis",
                                     {"name": "sprout", "image": PNG})
    assert status == 201 and made["name"] == "sprout" and made["animated"] is False
    assert made["user"]["id"] == str(sandbox.bot_user.id) and made["roles"] == []
    # Its maker may rename it with Create Expressions alone; world emojis need Manage.
    status, renamed, _ = await api.call("PATCH", f"/guilds/{gid}/emojis/{made['id']}",
                                        {"name": "seedling"})
    assert status == 200 and renamed["name"] == "seedling"
    party = listed[0]["id"]
    status, body, _ = await api.call("PATCH", f"/guilds/{gid}/emojis/{party}", {"name": "p2"})
    assert (status, body.get("code")) == (403, 50013), body
    # Reactions take the guild's own custom emoji by name:id.
    _, msg, _ = await api.call("POST", f"/channels/{sandbox.channel('general').id}/messages",
                               {"content": "react"})
    cid = sandbox.channel("general").id
    emoji = urllib.parse.quote(f"seedling:{made['id']}")
    status, _, _ = await api.call(
        "PUT", f"/channels/{cid}/messages/{msg['id']}/reactions/{emoji}/@me")
    assert status == 204
    _, got, _ = await api.call("GET", f"/channels/{cid}/messages/{msg['id']}")
    assert got["reactions"][0]["emoji"] == {"id": made["id"], "name": "seedling",
                                            "animated": False}
    # Another guild's emoji goes too: everyone may use external emojis in these worlds.
    wave = sandbox.guild_named("Elsewhere").emojis[0]
    status, _, _ = await api.call(
        "PUT", f"/channels/{cid}/messages/{msg['id']}/reactions/"
        f"{urllib.parse.quote(f'wave:{wave.id}')}/@me")
    assert status == 204
    status, body, _ = await api.call(
        "PUT", f"/channels/{cid}/messages/{msg['id']}/reactions/"
        f"{urllib.parse.quote('ghost:12345')}/@me")
    assert (status, body["code"]) == (400, 10014)
    status, _, _ = await api.call("DELETE", f"/guilds/{gid}/emojis/{made['id']}")
    assert status == 204
    status, body, _ = await api.call("GET", f"/guilds/{gid}/emojis/{made['id']}")
    assert (status, body["code"]) == (404, 10014)


@MAKERS
async def test_what_discord_refuses_an_emoji(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    for body, field in (({"name": "x", "image": PNG}, "name"),
                        ({"name": "has space", "image": PNG}, "name"),
                        ({"name": "fine"}, "image"),
                        ({"name": "fine", "image": "data:text/plain;base64,aGk="}, "image")):
        status, answer, _ = await api.call("POST", f"/guilds/{gid}/emojis", body)
        assert status == 400 and answer["code"] == 50035 and field in answer["errors"], answer
    for n in range(49):  # the world's "party" and these make 50 static ones
        status, _, _ = await api.call("POST", f"/guilds/{gid}/emojis",
                                      {"name": f"e{n:02d}", "image": PNG})
        assert status == 201
    status, answer, _ = await api.call("POST", f"/guilds/{gid}/emojis",
                                       {"name": "onemore", "image": PNG})
    assert (status, answer["code"]) == (400, 30008)
    other = sandbox.guild_named("Elsewhere").id
    status, answer, _ = await api.call("POST", f"/guilds/{other}/emojis",
                                       {"name": "nope", "image": PNG})
    assert (status, answer["code"]) == (403, 50013)
