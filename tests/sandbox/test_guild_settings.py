"""The rest of a guild's settings as Discord takes them: banner and splashes, the
features a bot may switch (Community with its requirements, paused invites), the safety
alerts channel, ownership, and paused invites and DMs through the incident actions."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


def _world(*permissions: str, owner: str | None = "alice") -> World:
    guild: dict[str, Any] = {
        "name": "Sandbox", "members": ["alice", "bob"], "features": ["NEWS"],
        "channels": [{"name": "general"}, {"name": "rules"}, {"name": "mods"},
                     {"name": "quiet", "type": 2}],
        "bot_permissions": ["view_channel", "send_messages", "manage_guild",
                            "view_audit_log", *permissions]}
    if owner:
        guild["owner"] = owner
    return World.from_dict({"users": [{"username": "alice"}, {"username": "bob"}],
                            "guilds": [guild]})


MANAGER = pytest.mark.sandbox(world=_world())
ADMIN = pytest.mark.sandbox(world=_world("administrator"))
OWNER = pytest.mark.sandbox(world=_world(owner=None))  # the bot owns the guild


async def _patch(api: Api, sandbox: Sandbox, body: dict[str, Any]) -> tuple[int, Any]:
    status, answer, _ = await api.call("PATCH", f"/guilds/{sandbox.guild.id}", body)
    return status, answer


@MANAGER
async def test_banner_and_splashes_are_set_and_removed(api: Api, sandbox: Sandbox) -> None:
    status, data = await _patch(api, sandbox, {"banner": PNG, "splash": PNG,
                                               "discovery_splash": PNG})
    assert status == 200
    hashes = [data["banner"], data["splash"], data["discovery_splash"]]
    assert all(isinstance(h, str) and len(h) == 32 for h in hashes), data
    assert sandbox.guild.banner_hash == data["banner"]
    _, log, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/audit-logs")
    keys = {c["key"] for c in log["audit_log_entries"][0]["changes"]}
    assert {"banner_hash", "splash_hash", "discovery_splash_hash"} <= keys
    status, data = await _patch(api, sandbox, {"banner": None})
    assert (status, data["banner"], data["splash"]) == (200, None, hashes[1])
    for field in ("banner", "splash", "discovery_splash"):
        status, answer = await _patch(api, sandbox, {field: "not an image"})
        assert (status, answer["code"]) == (400, 50035) and field in answer["errors"]


@MANAGER
async def test_invites_are_paused_by_feature_and_others_stay(api: Api,
                                                            sandbox: Sandbox) -> None:
    async def pause() -> None:
        # NEWS is not the bot's to drop, nor VERIFIED its to add: both ignored.
        status, data = await _patch(api, sandbox, {"features": ["INVITES_DISABLED",
                                                                "VERIFIED"]})
        assert (status, data["features"]) == (200, ["INVITES_DISABLED", "NEWS"])

    frames = await frames_during(sandbox, 1, pause)
    updates = [f["d"]["features"] for f in frames if f.get("t") == "GUILD_UPDATE"]
    assert updates == [["INVITES_DISABLED", "NEWS"]]
    status, data = await _patch(api, sandbox, {"features": ["NEWS"]})
    assert (status, data["features"]) == (200, ["NEWS"])


@MANAGER
async def test_community_needs_administrator(api: Api, sandbox: Sandbox) -> None:
    status, answer = await _patch(api, sandbox, {
        "features": ["COMMUNITY"], "rules_channel_id": str(sandbox.channel("rules").id),
        "public_updates_channel_id": str(sandbox.channel("mods").id),
        "explicit_content_filter": 2})
    assert (status, answer["code"]) == (403, 50013)
    assert "COMMUNITY" not in sandbox.guild.features


@ADMIN
async def test_community_needs_its_channels_and_content_filter(api: Api,
                                                               sandbox: Sandbox) -> None:
    rules = str(sandbox.channel("rules").id)
    mods = str(sandbox.channel("mods").id)
    for body in ({"features": ["COMMUNITY"]},
                 {"features": ["COMMUNITY"], "rules_channel_id": rules},
                 {"features": ["COMMUNITY"], "rules_channel_id": rules,
                  "public_updates_channel_id": mods},
                 {"features": ["DISCOVERABLE"]}):
        status, answer = await _patch(api, sandbox, body)
        assert (status, answer["code"]) == (403, 40006), body
    assert sandbox.guild.features == ["NEWS"] and sandbox.guild.rules_channel_id is None
    status, data = await _patch(api, sandbox, {
        "features": ["COMMUNITY", "NEWS"], "rules_channel_id": rules,
        "public_updates_channel_id": mods, "explicit_content_filter": 2})
    assert (status, data["features"], data["rules_channel_id"]) == (
        200, ["COMMUNITY", "NEWS"], rules)
    status, data = await _patch(api, sandbox, {"features": ["NEWS"]})
    assert (status, data["features"]) == (200, ["NEWS"])


@MANAGER
async def test_safety_alerts_go_to_a_text_channel(api: Api, sandbox: Sandbox) -> None:
    mods = str(sandbox.channel("mods").id)
    status, data = await _patch(api, sandbox, {"safety_alerts_channel_id": mods})
    assert (status, data["safety_alerts_channel_id"]) == (200, mods)
    status, answer = await _patch(api, sandbox, {
        "safety_alerts_channel_id": str(sandbox.channel("quiet").id)})
    assert (status, answer["code"]) == (400, 50035)
    assert "safety_alerts_channel_id" in answer["errors"]


@MANAGER
async def test_only_the_owner_hands_the_guild_over(api: Api, sandbox: Sandbox) -> None:
    bob = str(sandbox.user("bob").id)
    status, answer = await _patch(api, sandbox, {"owner_id": bob})
    assert (status, answer["code"]) == (403, 50013)
    assert sandbox.guild.owner_id == sandbox.user("alice").id


@OWNER
async def test_an_owning_bot_hands_the_guild_to_a_member(api: Api,
                                                        sandbox: Sandbox) -> None:
    status, answer = await _patch(api, sandbox, {"owner_id": "12345"})
    assert (status, answer["code"]) == (400, 50035) and "owner_id" in answer["errors"]
    bob = str(sandbox.user("bob").id)
    status, data = await _patch(api, sandbox, {"owner_id": bob})
    assert (status, data["owner_id"]) == (200, bob)
    _, log, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/audit-logs")
    assert {"key": "owner_id", "old_value": str(sandbox.bot_user.id), "new_value": bob} \
        in log["audit_log_entries"][0]["changes"]


@MANAGER
async def test_invites_and_dms_are_paused_for_at_most_a_day(api: Api,
                                                           sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/incident-actions"
    now = datetime.datetime.fromtimestamp(sandbox.clock.time_ms() / 1000, datetime.UTC)
    soon = (now + datetime.timedelta(hours=2)).isoformat()

    async def pause() -> None:
        status, data, _ = await api.call("PUT", path, {"invites_disabled_until": soon})
        assert status == 200 and data["dms_disabled_until"] is None
        assert datetime.datetime.fromisoformat(data["invites_disabled_until"]) == \
            datetime.datetime.fromisoformat(soon)

    frames = await frames_during(sandbox, 1, pause)
    (update,) = [f["d"] for f in frames if f.get("t") == "GUILD_UPDATE"]
    assert update["incidents_data"]["invites_disabled_until"].startswith(soon[:19])
    _, guild, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}")
    assert guild["incidents_data"]["invites_disabled_until"].startswith(soon[:19])
    later = (now + datetime.timedelta(hours=25)).isoformat()
    status, answer, _ = await api.call("PUT", path, {"dms_disabled_until": later})
    assert (status, answer["code"]) == (400, 50035) and "dms_disabled_until" in answer["errors"]
    status, data, _ = await api.call("PUT", path, {"invites_disabled_until": None})
    assert (status, data) == (200, {"invites_disabled_until": None, "dms_disabled_until": None})


async def test_incident_actions_need_manage_server(api: Api, sandbox: Sandbox) -> None:
    status, answer, _ = await api.call(
        "PUT", f"/guilds/{sandbox.guild.id}/incident-actions", {"dms_disabled_until": None})
    assert (status, answer["code"]) == (403, 50013)
