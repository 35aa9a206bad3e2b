"""Stage instances as Discord keeps them: started, read, retitled and ended over REST by
a moderator of the stage, one per stage; refused with Discord's codes otherwise; the
gateway events that say so; GUILD_CREATE's list; the audit log; and a deleted stage
channel ending its stage."""

from __future__ import annotations

import pytest

from tidecord.models import Snowflake
from tidecord.models.stage_instance import StageInstance
from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

GUILDS = 1 << 0
MODERATOR = ("manage_channels", "mute_members", "move_members")


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Club", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "connect", "view_audit_log",
                                        *permissions],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                                 {"name": "Stage", "type": 13},
                                 {"name": "Backstage", "type": 13, "overwrites": [
                                     {"role": "@everyone", "deny": ["view_channel"]}]}]}],
    })


STAGE_CREW = pytest.mark.sandbox(world=_world(*MODERATOR))


def _start(sb: Sandbox, channel: str = "Stage", **extra: object) -> dict[str, object]:
    return {"channel_id": str(sb.channel(channel).id), "topic": "Town hall", **extra}


@STAGE_CREW
async def test_a_stage_is_started_read_retitled_and_ended(api: Api, sandbox: Sandbox) -> None:
    stage = sandbox.channel("Stage").id
    status, made, _ = await api.call("POST", "/stage-instances", _start(sandbox))
    assert status == 200
    assert made["channel_id"] == str(stage) and made["guild_id"] == str(sandbox.guild.id)
    assert (made["topic"], made["privacy_level"], made["discoverable_disabled"],
            made["guild_scheduled_event_id"]) == ("Town hall", 2, False, None)
    status, read, _ = await api.call("GET", f"/stage-instances/{stage}")
    assert (status, read) == (200, made)
    status, edited, _ = await api.call("PATCH", f"/stage-instances/{stage}",
                                       {"topic": "Questions"})
    assert (status, edited["topic"], edited["id"]) == (200, "Questions", made["id"])
    status, _, _ = await api.call("DELETE", f"/stage-instances/{stage}")
    assert status == 204
    status, answer, _ = await api.call("GET", f"/stage-instances/{stage}")
    assert (status, answer["code"]) == (404, 10067)


@STAGE_CREW
async def test_what_discord_refuses(api: Api, sandbox: Sandbox) -> None:
    await api.call("POST", "/stage-instances", _start(sandbox))
    status, answer, _ = await api.call("POST", "/stage-instances", _start(sandbox))
    assert (status, answer["code"]) == (400, 150006)  # one instance per stage
    status, answer, _ = await api.call("POST", "/stage-instances",
                                       {"channel_id": str(sandbox.channel("Stage").id)})
    assert (status, answer["code"], list(answer["errors"])) == (400, 50035, ["topic"])
    status, answer, _ = await api.call("POST", "/stage-instances",
                                       _start(sandbox, topic="x" * 121, privacy_level=1))
    assert (status, sorted(answer["errors"])) == (400, ["privacy_level", "topic"])
    status, answer, _ = await api.call("POST", "/stage-instances", _start(sandbox, "Lounge"))
    assert (status, answer["code"]) == (400, 50024)
    status, answer, _ = await api.call("POST", "/stage-instances", _start(sandbox, "Backstage"))
    assert (status, answer["code"]) == (403, 50001)
    status, answer, _ = await api.call("POST", "/stage-instances",
                                       {"channel_id": "1", "topic": "Nowhere"})
    assert (status, answer["code"]) == (404, 10003)
    # Without Mention Everyone the notification is not sent, and the stage starts.
    await api.call("DELETE", f"/stage-instances/{sandbox.channel('Stage').id}")
    status, _, _ = await api.call("POST", "/stage-instances",
                                  _start(sandbox, send_start_notification=True))
    assert status == 200
    await api.call("DELETE", f"/stage-instances/{sandbox.channel('Stage').id}")
    status, answer, _ = await api.call("POST", "/stage-instances",
                                       _start(sandbox, guild_scheduled_event_id="12345"))
    assert (status, answer["code"]) == (404, 10070)


@pytest.mark.sandbox(world=_world("manage_channels", "mute_members"))
async def test_only_a_moderator_of_the_stage_may_run_it(api: Api, sandbox: Sandbox) -> None:
    stage = sandbox.channel("Stage").id
    status, answer, _ = await api.call("POST", "/stage-instances", _start(sandbox))
    assert (status, answer["code"]) == (403, 50013)
    # Started by someone else: the bot can read it, not change or end it.
    sandbox.state.add_stage_instance(_person_stage(sandbox, stage))
    status, read, _ = await api.call("GET", f"/stage-instances/{stage}")
    assert (status, read["topic"]) == (200, "Open mic")
    for method, body in (("PATCH", {"topic": "Mine"}), ("DELETE", None)):
        status, answer, _ = await api.call(method, f"/stage-instances/{stage}", body)
        assert (status, answer["code"]) == (403, 50013)


def _person_stage(sb: Sandbox, channel_id: int) -> StageInstance:
    return StageInstance(id=sb.state.new_id(), guild_id=sb.guild.id,
                         channel_id=Snowflake(channel_id), topic="Open mic")


@STAGE_CREW
async def test_the_gateway_tells_and_guild_create_lists(api: Api, sandbox: Sandbox) -> None:
    stage = sandbox.channel("Stage").id
    _, made, _ = await api.call("POST", "/stage-instances", _start(sandbox))

    async def act() -> None:
        await api.call("PATCH", f"/stage-instances/{stage}", {"topic": "Encore"})
        await api.call("DELETE", f"/stage-instances/{stage}")
        await api.call("POST", "/stage-instances", _start(sandbox, topic="Again"))
        sandbox.state.delete_channel(stage)

    seen = await frames_during(sandbox, GUILDS, act)
    assert [s["id"] for s in seen[0]["d"]["stage_instances"]] == [made["id"]]
    said = [(f["t"], f["d"].get("topic")) for f in seen[1:]]
    assert said == [("STAGE_INSTANCE_UPDATE", "Encore"), ("STAGE_INSTANCE_DELETE", "Encore"),
                    ("STAGE_INSTANCE_CREATE", "Again"), ("STAGE_INSTANCE_DELETE", "Again"),
                    ("CHANNEL_DELETE", None)]
    # GET /guilds/{id} leaves the gateway-only list out.
    _, guild, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}")
    assert "stage_instances" not in guild


@STAGE_CREW
async def test_the_audit_log_keeps_what_was_done(api: Api, sandbox: Sandbox) -> None:
    stage = sandbox.channel("Stage").id
    _, made, _ = await api.call("POST", "/stage-instances", _start(sandbox),
                                headers={"X-Audit-Log-Reason": "weekly"})
    await api.call("PATCH", f"/stage-instances/{stage}", {"topic": "Questions"})
    await api.call("DELETE", f"/stage-instances/{stage}")
    _, log, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/audit-logs")
    entries = {e["action_type"]: e for e in log["audit_log_entries"]}
    assert set(entries) == {83, 84, 85}
    assert all(e["target_id"] == made["id"] and e["options"] == {"channel_id": str(stage)}
               for e in entries.values())
    assert entries[83]["reason"] == "weekly"
    assert entries[84]["changes"] == [{"key": "topic", "old_value": "Town hall",
                                       "new_value": "Questions"}]
