"""A guild's onboarding over the sandbox's REST API: read by members, replaced with
Manage Server and Manage Roles, its prompts and options given ids, refused as
Discord refuses it, and Discord's constraints on an enabled onboarding."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

OPEN = [f"open-{n}" for n in range(5)]
CLOSED = [f"closed-{n}" for n in range(3)]
ONBOARDING = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [
        {"name": "Sandbox", "owner": "alice", "members": ["alice"],
         "roles": [{"name": "Artist"}, {"name": "Coder"}],
         "emojis": ["party"],
         "channels": [{"name": n} for n in OPEN] + [
             {"name": n, "overwrites": [{"role": "@everyone", "deny": ["send_messages"]}]}
             for n in CLOSED],
         "bot_permissions": ["view_channel", "manage_guild", "manage_roles"]},
        {"name": "Elsewhere", "owner": "alice", "channels": [{"name": "lobby"}],
         "members": ["alice"], "bot_permissions": ["view_channel", "manage_guild"]},
    ],
}))


def ids(sandbox: Sandbox, names: list[str]) -> list[str]:
    return [str(sandbox.channel(n).id) for n in names]


def prompt(sandbox: Sandbox, **extra: Any) -> dict[str, Any]:
    guild = sandbox.guild_named("Sandbox")
    artist = next(r for r in sandbox.state.roles[guild.id].values() if r.name == "Artist")
    party = guild.emojis[0]
    return {"id": "0", "title": "What brings you here?", "type": 0, "single_select": False,
            "required": True, "in_onboarding": True,
            "options": [{"title": "Art", "description": "Pictures", "emoji_name": "🎨",
                         "role_ids": [str(artist.id)], "channel_ids": ids(sandbox, OPEN[:1])},
                        {"title": "Party", "description": None, "emoji_id": str(party.id),
                         "emoji_name": "party", "emoji_animated": False,
                         "channel_ids": ids(sandbox, OPEN[1:2])}],
            **extra}


@ONBOARDING
async def test_onboarding_is_read_and_replaced(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    path = f"/guilds/{gid}/onboarding"
    status, blank, _ = await api.call("GET", path)
    assert status == 200
    assert blank == {"guild_id": str(gid), "prompts": [], "default_channel_ids": [],
                     "enabled": False, "mode": 0}
    status, made, _ = await api.call("PUT", path, {"prompts": [prompt(sandbox)],
                                                   "default_channel_ids": ids(sandbox, OPEN)})
    assert status == 200, made
    [asked] = made["prompts"]
    assert asked["id"] != "0" and asked["title"] == "What brings you here?"
    art, party = asked["options"]
    assert (art["title"], art["description"], art["emoji"]["name"], art["channel_ids"]) == (
        "Art", "Pictures", "🎨", ids(sandbox, OPEN[:1]))
    assert party["emoji"]["id"] == str(sandbox.guild_named("Sandbox").emojis[0].id)
    assert made["default_channel_ids"] == ids(sandbox, OPEN) and made["enabled"] is False
    _, again, _ = await api.call("GET", path)
    assert again == made
    # Sent back with its ids, a prompt keeps them; what the body leaves out stays.
    status, kept, _ = await api.call("PUT", path, {"prompts": [{**asked, "title": "Why?"}],
                                                   "mode": 1})
    assert status == 200, kept
    assert kept["prompts"][0]["id"] == asked["id"] and kept["prompts"][0]["title"] == "Why?"
    assert [o["id"] for o in kept["prompts"][0]["options"]] == [art["id"], party["id"]]
    assert (kept["mode"], kept["default_channel_ids"]) == (1, made["default_channel_ids"])


@ONBOARDING
async def test_enabled_onboarding_needs_open_default_channels(api: Api,
                                                              sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild_named('Sandbox').id}/onboarding"
    # Eight channels, but only five where @everyone may talk; seven are needed.
    status, body, _ = await api.call("PUT", path, {"enabled": True,
                                                   "default_channel_ids": ids(sandbox, OPEN)})
    assert (status, body["code"]) == (400, 350000)
    status, body, _ = await api.call("PUT", path, {
        "enabled": True, "default_channel_ids": ids(sandbox, OPEN + CLOSED[:1])})
    assert (status, body["code"]) == (400, 350000)
    status, on, _ = await api.call("PUT", path, {
        "enabled": True, "default_channel_ids": ids(sandbox, OPEN + CLOSED[:2])})
    assert status == 200 and on["enabled"] is True, on
    status, body, _ = await api.call("PUT", path, {"default_channel_ids": ids(sandbox, OPEN)})
    assert (status, body["code"], body["message"]) == (
        400, 350001, "Cannot update onboarding while below requirements")
    # In advanced mode the prompts' channels count too.
    status, body, _ = await api.call("PUT", path, {
        "mode": 1, "default_channel_ids": ids(sandbox, OPEN[2:] + CLOSED),
        "prompts": [prompt(sandbox)]})
    assert status == 200, body
    status, off, _ = await api.call("PUT", path, {"enabled": False, "default_channel_ids": []})
    assert status == 200 and off["enabled"] is False


@ONBOARDING
async def test_what_discord_refuses_in_onboarding(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild_named('Sandbox').id}/onboarding"
    good = prompt(sandbox)
    for body, field in (
        ({"prompts": [{**good, "title": ""}]}, "prompts.0.title"),
        ({"prompts": [{**good, "options": []}]}, "prompts.0.options"),
        ({"prompts": [{**good, "type": 7}]}, "prompts.0.type"),
        ({"prompts": [good] * 16}, "prompts"),
        ({"prompts": [{**good, "options": [{"title": "x" * 51}]}]},
         "prompts.0.options.0.title"),
        ({"prompts": [{**good, "options": [{"title": "Ok", "role_ids": ["123"]}]}]},
         "prompts.0.options.0.role_ids.0"),
        ({"default_channel_ids": ["123"]}, "default_channel_ids.0"),
        ({"mode": 3}, "mode"),
    ):
        status, answer, _ = await api.call("PUT", path, body)
        assert (status, answer["code"], answer["message"]) == (400, 50035, "Invalid Form Body")
        node = answer["errors"]
        for part in field.split("."):
            node = node[part]
        assert node["_errors"][0]["code"], answer
    other = sandbox.guild_named("Elsewhere").id  # Manage Server, but not Manage Roles
    status, answer, _ = await api.call("PUT", f"/guilds/{other}/onboarding", {"enabled": False})
    assert (status, answer["code"]) == (403, 50013)
    status, _, _ = await api.call("GET", f"/guilds/{other}/onboarding")
    assert status == 200
