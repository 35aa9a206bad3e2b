"""Scheduled events as Discord keeps them: made, listed, started, ended, cancelled,
edited and deleted over REST with Discord's rules and refusals; people marking
interest; the gateway events that say so (with the scheduled events intent only);
GUILD_CREATE's list; the audit log; and a voice channel's deletion taking its events."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tidecord.models.scheduled_event import EntityMetadata, EntityType, ScheduledEvent
from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

GUILDS, MEMBERS, EVENTS = 1 << 0, 1 << 1, 1 << 16


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Club", "owner": "alice", "members": ["alice", "bob", "carol"],
                    "bot_permissions": ["view_channel", "send_messages", "view_audit_log",
                                        *permissions],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                                 {"name": "Stage", "type": 13},
                                 {"name": "Locked", "type": 2, "overwrites": [
                                     {"role": "@everyone", "deny": ["connect"]}]},
                                 {"name": "Hidden", "type": 2, "overwrites": [
                                     {"role": "@everyone", "deny": ["view_channel"]}]}]}],
    })


ORGANISER = pytest.mark.sandbox(world=_world("create_events", "manage_events", "connect"))


def _at(sb: Sandbox, seconds: float) -> str:
    """A time ``seconds`` from the sandbox's now, as a client writes one."""
    when = datetime.datetime.fromtimestamp(sb.clock.time() + seconds, tz=datetime.UTC)
    return when.isoformat()


def _picnic(sb: Sandbox, **changes: Any) -> dict[str, Any]:
    body = {"name": "Picnic", "privacy_level": 2, "entity_type": 3,
            "scheduled_start_time": _at(sb, 3600), "scheduled_end_time": _at(sb, 7200),
            "entity_metadata": {"location": "The park"}, "description": "Bring food"}
    body.update(changes)
    return body


def _game_night(sb: Sandbox, channel: str = "Lounge", **changes: Any) -> dict[str, Any]:
    body = {"name": "Game night", "privacy_level": 2, "entity_type": 2,
            "channel_id": str(sb.channel(channel).id), "scheduled_start_time": _at(sb, 600)}
    body.update(changes)
    return body


def _errors(answer: dict[str, Any]) -> dict[str, str]:
    """``{"entity_metadata.location": "BASE_TYPE_REQUIRED", ...}`` of a 50035 answer."""
    found: dict[str, str] = {}

    def walk(node: dict[str, Any], path: str) -> None:
        for key, value in node.items():
            if key == "_errors":
                found[path] = value[0]["code"]
            else:
                walk(value, f"{path}.{key}" if path else key)
    walk(answer.get("errors", {}), "")
    return found


@ORGANISER
async def test_an_external_event_is_made_then_listed_and_read(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, made, _ = await api.call("POST", f"/guilds/{gid}/scheduled-events",
                                     _picnic(sandbox), headers={"X-Audit-Log-Reason": "summer"})
    assert status == 200
    assert (made["name"], made["status"], made["entity_type"], made["privacy_level"],
            made["channel_id"], made["entity_metadata"], made["description"]) == (
        "Picnic", 1, 3, 2, None, {"location": "The park"}, "Bring food")
    assert made["creator_id"] == str(sandbox.bot_user.id)
    assert made["creator"]["id"] == str(sandbox.bot_user.id)
    assert "user_count" not in made
    assert made["scheduled_start_time"] < made["scheduled_end_time"]
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/scheduled-events")
    assert [e["id"] for e in listed] == [made["id"]] and "user_count" not in listed[0]
    await sandbox.interested("bob", int(made["id"]))
    _, counted, _ = await api.call("GET", f"/guilds/{gid}/scheduled-events?with_user_count=true")
    assert counted[0]["user_count"] == 1
    status, one, _ = await api.call(
        "GET", f"/guilds/{gid}/scheduled-events/{made['id']}?with_user_count=1")
    assert status == 200 and one["user_count"] == 1 and one["name"] == "Picnic"
    status, answer, _ = await api.call("GET", f"/guilds/{gid}/scheduled-events/1")
    assert (status, answer["code"]) == (404, 10070)


@ORGANISER
async def test_what_discord_refuses_in_a_new_event(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/scheduled-events"
    cases: list[tuple[dict[str, Any], dict[str, str]]] = [
        ({k: v for k, v in _picnic(sandbox).items() if k != "privacy_level"},
         {"privacy_level": "BASE_TYPE_REQUIRED"}),
        ({k: v for k, v in _picnic(sandbox).items() if k != "entity_type"},
         {"entity_type": "BASE_TYPE_REQUIRED"}),
        (_picnic(sandbox, scheduled_start_time=_at(sandbox, -60)),
         {"scheduled_start_time": "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST"}),
        (_picnic(sandbox, entity_metadata=None, scheduled_end_time=None),
         {"entity_metadata.location": "BASE_TYPE_REQUIRED",
          "scheduled_end_time": "BASE_TYPE_REQUIRED"}),
        (_picnic(sandbox, scheduled_end_time=_at(sandbox, 60)),
         {"scheduled_end_time": "GUILD_SCHEDULED_EVENT_END_BEFORE_START"}),
        (_picnic(sandbox, name="x" * 101, privacy_level=1),
         {"name": "BASE_TYPE_BAD_LENGTH", "privacy_level": "BASE_TYPE_CHOICES"}),
        (_game_night(sandbox, channel_id=None), {"channel_id": "BASE_TYPE_REQUIRED"}),
        (_game_night(sandbox, "general"),
         {"channel_id": "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE"}),
        (_game_night(sandbox, "Stage"),
         {"channel_id": "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE"}),
        (_game_night(sandbox, entity_type=7), {"entity_type": "BASE_TYPE_CHOICES"}),
    ]
    for body, expected in cases:
        status, answer, _ = await api.call("POST", path, body)
        assert (status, answer["code"], _errors(answer)) == (400, 50035, expected), body
    status, answer, _ = await api.call("POST", path, _game_night(sandbox, channel_id="1"))
    assert (status, answer["code"]) == (404, 10003)
    assert sandbox.state.upcoming_events(sandbox.guild.id) == []


@ORGANISER
async def test_an_event_moves_only_as_discord_allows(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/scheduled-events"
    _, night, _ = await api.call("POST", path, _game_night(sandbox))
    one = f"{path}/{night['id']}"

    async def move(status: int) -> tuple[int, Any]:
        code, answer, _ = await api.call("PATCH", one, {"status": status})
        return code, answer

    code, answer = await move(3)  # a scheduled event cannot complete
    assert (code, _errors(answer)) == (
        400, {"status": "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION"})
    assert (await move(2))[1]["status"] == 2
    assert (await move(4))[0] == 400  # nor an active one be cancelled
    assert (await move(3))[1]["status"] == 3
    assert (await move(2))[0] == 400  # and a completed one stays so
    _, listed, _ = await api.call("GET", path)
    assert listed == []  # an event that is over leaves the list
    status, kept, _ = await api.call("GET", one)
    assert status == 200 and kept["status"] == 3
    _, later, _ = await api.call("POST", path, _game_night(sandbox))
    code, cancelled, _ = await api.call("PATCH", f"{path}/{later['id']}", {"status": 4})
    assert (code, cancelled["status"]) == (200, 4)


@ORGANISER
async def test_an_event_is_edited_from_voice_to_elsewhere_and_back(api: Api,
                                                                  sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/scheduled-events"
    _, night, _ = await api.call("POST", path, _game_night(sandbox))
    one = f"{path}/{night['id']}"
    code, answer, _ = await api.call("PATCH", one, {"entity_type": 3, "channel_id": None})
    assert _errors(answer) == {"entity_metadata.location": "BASE_TYPE_REQUIRED",
                               "scheduled_end_time": "BASE_TYPE_REQUIRED"}
    code, outside, _ = await api.call("PATCH", one, {
        "entity_type": 3, "channel_id": None, "entity_metadata": {"location": "Rooftop"},
        "scheduled_end_time": _at(sandbox, 5000), "name": "Rooftop games"})
    assert code == 200
    assert (outside["entity_type"], outside["channel_id"], outside["entity_metadata"],
            outside["name"]) == (3, None, {"location": "Rooftop"}, "Rooftop games")
    code, back, _ = await api.call("PATCH", one, {
        "entity_type": 2, "channel_id": str(sandbox.channel("Lounge").id),
        "entity_metadata": {"location": "dropped"}, "scheduled_end_time": None})
    assert code == 200
    assert (back["entity_type"], back["channel_id"], back["entity_metadata"],
            back["scheduled_end_time"]) == (2, str(sandbox.channel("Lounge").id), None, None)
    code, answer, _ = await api.call("PATCH", one, {"scheduled_start_time": _at(sandbox, -5)})
    assert _errors(answer) == {"scheduled_start_time": "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST"}


@pytest.mark.sandbox(world=_world("connect"))
async def test_making_an_event_takes_create_events(api: Api, sandbox: Sandbox) -> None:
    status, answer, _ = await api.call("POST", f"/guilds/{sandbox.guild.id}/scheduled-events",
                                       _picnic(sandbox))
    assert (status, answer["code"]) == (403, 50013)


@pytest.mark.sandbox(world=_world("create_events"))
async def test_create_events_changes_only_the_bots_own(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/scheduled-events"
    _, mine, _ = await api.call("POST", path, _picnic(sandbox))
    status, _, _ = await api.call("PATCH", f"{path}/{mine['id']}", {"name": "Big picnic"})
    assert status == 200
    theirs = _person_event(sandbox, "alice")
    status, answer, _ = await api.call("PATCH", f"{path}/{theirs.id}", {"name": "Mine now"})
    assert (status, answer["code"]) == (403, 50013)
    status, answer, _ = await api.call("DELETE", f"{path}/{theirs.id}")
    assert (status, answer["code"]) == (403, 50013)
    status, _, _ = await api.call("DELETE", f"{path}/{mine['id']}")
    assert status == 204


@pytest.mark.sandbox(world=_world("manage_events", "connect"))
async def test_manage_events_changes_anyones_but_makes_none(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/scheduled-events"
    theirs = _person_event(sandbox, "alice")
    status, edited, _ = await api.call("PATCH", f"{path}/{theirs.id}", {"name": "Renamed"})
    assert (status, edited["name"]) == (200, "Renamed")
    status, answer, _ = await api.call("POST", path, _picnic(sandbox))
    assert (status, answer["code"]) == (403, 50013)


@ORGANISER
async def test_the_events_channel_must_let_the_bot_in(api: Api, sandbox: Sandbox) -> None:
    path = f"/guilds/{sandbox.guild.id}/scheduled-events"
    for channel, code in (("Locked", 50013), ("Hidden", 50001), ("Stage", 50013)):
        kind = 1 if channel == "Stage" else 2
        status, answer, _ = await api.call("POST", path, _game_night(
            sandbox, channel, entity_type=kind))
        assert (status, answer["code"]) == (403, code), channel
    hidden = _person_event(sandbox, "alice", channel="Hidden")
    _, listed, _ = await api.call("GET", path)
    assert str(hidden.id) not in [e["id"] for e in listed]
    status, answer, _ = await api.call("GET", f"{path}/{hidden.id}")
    assert (status, answer["code"]) == (403, 50001)


def _person_event(sb: Sandbox, maker: str, channel: str | None = None) -> ScheduledEvent:
    """An event a person made in Discord's app (the sandbox has no route for it)."""
    state = sb.state
    when = datetime.datetime.fromtimestamp(sb.clock.time() + 900, tz=datetime.UTC)
    user = state.user(maker)
    place = {"entity_type": EntityType.external, "scheduled_end_time":
             (when + datetime.timedelta(hours=1)).isoformat(),
             "entity_metadata": EntityMetadata(location="Town")} if channel is None else {
        "entity_type": EntityType.voice, "channel_id": sb.channel(channel).id}
    event = ScheduledEvent(id=state.new_id(), guild_id=sb.guild.id, name=f"{maker}'s event",
                           scheduled_start_time=when.isoformat(), creator_id=user.id,
                           **place)  # type: ignore[arg-type]
    return state.add_scheduled_event(event)


@ORGANISER
async def test_people_mark_interest_and_the_list_pages(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    _, made, _ = await api.call("POST", f"/guilds/{gid}/scheduled-events", _picnic(sandbox))
    eid = int(made["id"])
    users = f"/guilds/{gid}/scheduled-events/{eid}/users"
    for person in ("carol", "alice", "bob"):
        await sandbox.interested(person, eid)
    await sandbox.interested("bob", eid)  # twice is once
    ids = sorted(sandbox.user(p).id for p in ("alice", "bob", "carol"))
    _, everyone, _ = await api.call("GET", users)
    assert [int(u["user"]["id"]) for u in everyone] == ids
    assert all(u["guild_scheduled_event_id"] == str(eid) and "member" not in u
               for u in everyone)
    _, first, _ = await api.call("GET", users + "?limit=1")
    _, after, _ = await api.call("GET", users + f"?limit=5&after={ids[0]}")
    _, before, _ = await api.call("GET", users + f"?limit=1&before={ids[2]}&after={ids[2]}")
    assert ([int(u["user"]["id"]) for u in first], [int(u["user"]["id"]) for u in after],
            [int(u["user"]["id"]) for u in before]) == ([ids[0]], ids[1:], [ids[1]])
    _, members, _ = await api.call("GET", users + "?with_member=true")
    assert all("member" in u for u in members)
    for query in ("?limit=0", "?limit=101", "?after=soon"):
        status, answer, _ = await api.call("GET", users + query)
        assert (status, answer["code"]) == (400, 50035), query
    await sandbox.not_interested("carol", eid)
    _, left, _ = await api.call("GET", users)
    assert len(left) == 2
    control = f"{sandbox.url}/_sandbox/scheduled-events/interest"
    async with api.session.post(control, json={"as": "carol", "event": str(eid)}) as resp:
        assert resp.status == 200 and len(sandbox.state.interested(eid)) == 3
    async with api.session.post(control, json={"as": "carol", "event": eid,
                                               "remove": True}) as resp:
        assert resp.status == 200 and len(sandbox.state.interested(eid)) == 2
    async with api.session.post(control, json={"as": "carol", "event": 1}) as resp:
        assert (resp.status, (await resp.json())["code"]) == (404, 10070)


@ORGANISER
async def test_the_gateway_tells_bots_with_the_intent(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/scheduled-events"
    _, existing, _ = await api.call("POST", path, _picnic(sandbox))

    async def act() -> None:
        _, night, _ = await api.call("POST", path, _game_night(sandbox))
        await sandbox.interested("bob", int(night["id"]))
        await sandbox.not_interested("bob", int(night["id"]))
        await api.call("PATCH", f"{path}/{night['id']}", {"status": 2})
        await api.call("DELETE", f"{path}/{night['id']}")

    seen = await frames_during(sandbox, GUILDS | MEMBERS | EVENTS, act)
    listed = seen[0]["d"]["guild_scheduled_events"]
    assert [e["id"] for e in listed] == [existing["id"]]
    kinds = [(f["t"], f["d"].get("status")) for f in seen[1:] if "SCHEDULED" in str(f["t"])]
    assert kinds == [("GUILD_SCHEDULED_EVENT_CREATE", 1), ("GUILD_SCHEDULED_EVENT_USER_ADD", None),
                     ("GUILD_SCHEDULED_EVENT_USER_REMOVE", None),
                     ("GUILD_SCHEDULED_EVENT_UPDATE", 2), ("GUILD_SCHEDULED_EVENT_DELETE", 2)]
    add = next(f["d"] for f in seen if f["t"] == "GUILD_SCHEDULED_EVENT_USER_ADD")
    assert (add["user_id"], add["guild_id"]) == (str(sandbox.user("bob").id), str(gid))

    without = await frames_during(sandbox, GUILDS | MEMBERS, act)
    assert [e["id"] for e in without[0]["d"]["guild_scheduled_events"]] == [existing["id"]]
    assert not [f for f in without[1:] if "SCHEDULED" in str(f["t"])]



@ORGANISER
async def test_a_deleted_voice_channel_takes_its_events_silently(api: Api,
                                                                 sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/scheduled-events"
    _, night, _ = await api.call("POST", path, _game_night(sandbox))
    _, picnic, _ = await api.call("POST", path, _picnic(sandbox))
    lounge = sandbox.channel("Lounge").id

    async def act() -> None:
        sandbox.state.delete_channel(lounge)

    seen = await frames_during(sandbox, GUILDS | EVENTS, act)
    assert [f["t"] for f in seen[1:]] == ["CHANNEL_DELETE"]
    status, answer, _ = await api.call("GET", f"{path}/{night['id']}")
    assert (status, answer["code"]) == (404, 10070)
    _, listed, _ = await api.call("GET", path)
    assert [e["id"] for e in listed] == [picnic["id"]]


@ORGANISER
async def test_the_audit_log_keeps_what_was_done(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    path = f"/guilds/{gid}/scheduled-events"
    _, made, _ = await api.call("POST", path, _picnic(sandbox),
                                headers={"X-Audit-Log-Reason": "summer"})
    await api.call("PATCH", f"{path}/{made['id']}", {"status": 2, "name": "Picnic!"})
    await api.call("DELETE", f"{path}/{made['id']}")
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    entries = {e["action_type"]: e for e in log["audit_log_entries"]}
    assert set(entries) == {100, 101, 102}
    assert all(e["target_id"] == made["id"] for e in entries.values())
    assert entries[100]["reason"] == "summer"
    changed = {c["key"]: (c.get("old_value"), c.get("new_value"))
               for c in entries[101]["changes"]}
    assert changed == {"name": ("Picnic", "Picnic!"), "status": (1, 2)}
    assert {"key": "location", "new_value": "The park"} in entries[100]["changes"]
