"""Scheduled events on the client, beyond what the parity test compares: what tidecord
sends where discord.py 2.7.1 would be refused, an event's link and cover, the
interested read a page at a time past a hundred, and audit log entries about events."""

from __future__ import annotations

import base64
import datetime

import pytest

import tidecord
from tidecord.models import decode
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

PEOPLE = [f"fan{n:03}" for n in range(130)]
CLUB = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice", *PEOPLE],
    "guilds": [{"name": "Club", "owner": "alice", "members": ["alice", *PEOPLE],
                "bot_permissions": ["view_channel", "send_messages", "create_events",
                                    "manage_events", "connect", "view_audit_log"],
                "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}]}],
}))
# A 1x1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                       "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _soon(hours: float = 1) -> datetime.datetime:
    return tidecord.utils.utcnow() + datetime.timedelta(hours=hours)


@CLUB
async def test_what_discordpy_leaves_out_tidecord_sends(sandbox: Sandbox,
                                                        connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    # discord.py 2.7.1 sends neither the entity type it infers from a location nor a
    # privacy level, and Discord requires both.
    picnic = await guild.create_scheduled_event(name="Picnic", start_time=_soon(),
                                                end_time=_soon(3), location="The park")
    assert (picnic.entity_type, picnic.privacy_level, picnic.location) == (
        tidecord.EntityType.external, tidecord.PrivacyLevel.guild_only, "The park")
    lounge = sandbox.channel("Lounge").id
    night = await guild.create_scheduled_event(
        name="Game night", start_time=_soon(),
        channel=tidecord.Object(lounge, type=tidecord.VoiceChannel), image=PNG)
    assert (night.entity_type, night.channel_id, night.end_time) == (
        tidecord.EntityType.voice, lounge, None)
    assert night.url == f"https://discord.com/events/{guild.id}/{night.id}"
    assert night.cover_image is not None and night.cover_image.url.startswith(
        f"https://cdn.discordapp.com/guild-events/{night.id}/")
    assert night.creator == client.user and night.user_count == 0
    await until(lambda: guild.get_scheduled_event(night.id) is not None)
    assert guild.get_channel(lounge).scheduled_events == [night]
    plain = await night.edit(image=None, description="Bring dice")
    assert (plain.cover_image, plain.description) == (None, "Bring dice")
    with pytest.raises(TypeError):
        await night.edit(location="Attic")  # a voice event has no location
    with pytest.raises(TypeError):
        await guild.create_scheduled_event(name="Nowhere", start_time=_soon(),
                                           location="Park")  # external, but no end
    with pytest.raises(ValueError):
        await night.end()  # not started


def test_a_status_discord_adds_later_stays_a_number() -> None:
    event = decode(b'{"id": "1", "guild_id": "2", "name": "x", "entity_type": 9, '
                   b'"status": 7, "privacy_level": 2, '
                   b'"scheduled_start_time": "2030-01-01T00:00:00+00:00"}',
                   tidecord.ScheduledEvent)
    assert (event.status, event.entity_type, event.privacy_level) == (
        7, 9, tidecord.PrivacyLevel.guild_only)
    assert str(tidecord.EventStatus.ended) == "EventStatus.completed"
    assert tidecord.EventStatus.cancelled is tidecord.EventStatus.canceled


@CLUB
async def test_the_interested_are_read_a_page_at_a_time(sandbox: Sandbox,
                                                        connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    event = await guild.create_scheduled_event(name="Festival", start_time=_soon(),
                                               end_time=_soon(5), location="Field")
    for person in PEOPLE:
        await sandbox.interested(person, event.id)
    ids = sorted(sandbox.user(p).id for p in PEOPLE)
    everyone = [u.id async for u in event.users()]
    assert everyone == ids  # 130: two pages, each one once
    counted = await guild.fetch_scheduled_event(event.id)
    assert counted.user_count == 130
    assert len([u async for u in counted.users()]) == 130
    below = [u.id async for u in event.users(before=tidecord.Object(ids[110]), limit=105)]
    assert sorted(below) == ids[5:110]
    above = [u.id async for u in event.users(after=tidecord.Object(ids[9]))]
    assert sorted(above) == ids[10:] and len(above) == 120


@CLUB
async def test_the_interested_between_two_people_take_one_page(sandbox: Sandbox,
                                                               connect: Connect) -> None:
    """Paging stops at the page that reaches the far bound, whichever way it walks,
    instead of reading every page past it (the user count is 130: two pages)."""
    client = await connect()
    guild = client.guilds[0]
    made = await guild.create_scheduled_event(name="Fair", start_time=_soon(),
                                              end_time=_soon(5), location="Field")
    for person in PEOPLE:
        await sandbox.interested(person, made.id)
    ids = sorted(sandbox.user(p).id for p in PEOPLE)
    event = await guild.fetch_scheduled_event(made.id)
    route = "/guilds/{guild_id}/scheduled-events/{event_id}/users"
    for options, wanted in (
            ({"after": ids[5], "before": ids[20]}, ids[6:20]),
            ({"after": ids[100], "before": ids[120], "oldest_first": False}, ids[101:120])):
        requests = sandbox.record_requests()
        bounds = {k: v if k == "oldest_first" else tidecord.Object(v)
                  for k, v in options.items()}
        got = [u.id async for u in event.users(**bounds)]
        assert sorted(got) == wanted
        assert len(requests.find("GET", route)) == 1, options


@CLUB
async def test_audit_entries_about_events_name_them(sandbox: Sandbox,
                                                    connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    event = await guild.create_scheduled_event(name="Quiz", start_time=_soon(),
                                               end_time=_soon(2), location="Pub")
    await until(lambda: guild.get_scheduled_event(event.id) is not None)
    started = await event.start(reason="on time")
    assert started.status is tidecord.EventStatus.active
    entries = [e async for e in guild.audit_logs(limit=5)]
    assert [e.action for e in entries] == [tidecord.AuditLogAction.scheduled_event_update,
                                           tidecord.AuditLogAction.scheduled_event_create]
    assert all(e.target == event for e in entries)
    assert (entries[0].before.status, entries[0].after.status, entries[0].reason) == (
        tidecord.EventStatus.scheduled, tidecord.EventStatus.active, "on time")
    await started.delete()
    await until(lambda: guild.get_scheduled_event(event.id) is None)
    gone = next(iter([e async for e in guild.audit_logs(limit=1)]))
    assert isinstance(gone.target, tidecord.Object) and gone.target.id == event.id
    assert gone.target.type is tidecord.ScheduledEvent


@CLUB
async def test_an_event_that_does_not_read_spoils_nothing(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    state = sandbox.state
    start = _soon(24).isoformat()
    for name in ("Fair", None):  # Discord sending a nameless event one day
        state.add_scheduled_event(tidecord.ScheduledEvent(
            id=state.new_id(), guild_id=sandbox.guild.id, name=name,  # type: ignore[arg-type]
            entity_type=tidecord.EntityType.voice, scheduled_start_time=start,
            channel_id=sandbox.channel("Lounge").id))
    with caplog.at_level("WARNING", logger="tidecord"):
        client = await connect()
    guild = client.guilds[0]
    assert [e.name for e in guild.scheduled_events] == ["Fair"]
    assert guild.scheduled_events[0].channel is guild.get_channel(sandbox.channel("Lounge").id)
    assert "skipped 1 scheduled events" in caplog.text
