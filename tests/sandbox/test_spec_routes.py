"""Routes of Discord's spec a bot token may call and discord.py does not: the application
by its id, its role connection metadata (hikari's records) and a voice channel's status
(hikari's call, and the audit entries hikari reads back)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import hikari
import pytest

from tidecord.sandbox import RateLimits, Sandbox, World

from .sandbox_peers import hikari_complaints, hikari_rest

WORLD = World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Spec", "owner": "alice", "bot_permissions": ["administrator"],
                "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}],
                "members": ["alice"]}],
})
pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False),
              pytest.mark.sandbox(world=WORLD, rate_limits=RateLimits(routes={}))]


@pytest.fixture
async def rest(sandbox: Sandbox, caplog: pytest.LogCaptureFixture
               ) -> AsyncIterator[hikari.impl.RESTClientImpl]:
    caplog.set_level("WARNING")
    async with hikari_rest(sandbox) as client:
        yield client
    assert hikari_complaints(caplog.records) == []


async def _call(sb: Sandbox, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession(headers=headers) as http, \
            http.request(method, sb.api_url + path, json=body) as answer:
        return answer.status, await answer.json()


async def test_role_connection_metadata_is_kept_and_checked(
        sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    app = sandbox.state.application.id
    assert await rest.fetch_application_role_connection_metadata_records(app) == []
    kinds = hikari.ApplicationRoleConnectionMetadataRecordType
    records = [
        hikari.ApplicationRoleConnectionMetadataRecord(
            type=kinds.INTEGER_GREATER_THAN_OR_EQUAL, key="level", name="Level",
            description="Garden level", name_localizations={hikari.Locale.FR: "Niveau"},
            description_localizations={}),
        hikari.ApplicationRoleConnectionMetadataRecord(
            type=kinds.BOOLEAN_EQUAL, key="has_greenhouse", name="Greenhouse",
            description="Owns a greenhouse", name_localizations={},
            description_localizations={}),
    ]
    kept = await rest.set_application_role_connection_metadata_records(app, records)
    again = await rest.fetch_application_role_connection_metadata_records(app)
    assert [(r.key, r.type, r.name_localizations) for r in again] == [
        ("level", kinds.INTEGER_GREATER_THAN_OR_EQUAL, {hikari.Locale.FR: "Niveau"}),
        ("has_greenhouse", kinds.BOOLEAN_EQUAL, {})] == [
        (r.key, r.type, r.name_localizations) for r in kept]

    path = f"/applications/{app}/role-connections/metadata"
    item = {"type": 7, "key": "ok", "name": "Ok", "description": "Fine"}
    status, body = await _call(sandbox, "PUT", path, [item] * 6)
    assert (status, body["code"], body["errors"]) == (400, 50035, {"_errors": [
        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 5 or fewer in length."}]})
    status, body = await _call(sandbox, "PUT", path, [
        {**item, "key": "Not Ok"}, {"type": 9, "key": "k", "name": "", "description": "d"}])
    assert status == 400 and body["errors"] == {
        "0": {"key": {"_errors": [{"code": "STRING_TYPE_REGEX",
                                   "message": "String value did not match validation regex."}]}},
        "1": {"type": {"_errors": [{"code": "BASE_TYPE_CHOICES",
                                    "message": "Value must be one of (1, 2, 3, 4, 5, 6, 7, 8)."}]},
              "name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                    "message": "Must be between 1 and 100 in length."}]}}}
    assert len(await rest.fetch_application_role_connection_metadata_records(app)) == 2
    status, body = await _call(sandbox, "GET", f"/applications/{app + 1}/role-connections/metadata")
    assert (status, body["code"]) == (403, 20012)
    assert await rest.set_application_role_connection_metadata_records(app, []) == []


async def test_the_application_by_its_own_id(sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    _, mine = await _call(sandbox, "GET", "/applications/@me")
    status, by_id = await _call(sandbox, "GET", f"/applications/{app}")
    assert status == 200 and by_id == mine
    status, edited = await _call(sandbox, "PATCH", f"/applications/{app}",
                                 {"description": "Grows things"})
    assert status == 200 and edited["description"] == "Grows things"
    status, body = await _call(sandbox, "GET", f"/applications/{app + 1}")
    assert (status, body["code"]) == (403, 20012)


async def test_voice_status_set_by_hikari_reads_back_in_the_audit_log(
        sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    gid = sandbox.guild.id
    lounge = sandbox.channel("Lounge").id
    await rest.set_voice_channel_status(lounge, "Potting soil talk", reason="club night")
    await rest.set_voice_channel_status(lounge, None)
    with pytest.raises(hikari.BadRequestError) as refused:
        await rest.set_voice_channel_status(sandbox.channel("general").id, "no")
    assert refused.value.code == 50024
    entries = [entry async for page in rest.fetch_audit_log(gid) for entry in page.entries.values()]
    shown = sorted((int(e.action_type), e.reason, getattr(e.options, "status", None),
                    getattr(e.options, "channel_id", None)) for e in entries)
    assert shown == [(192, "club night", "Potting soil talk", lounge), (193, None, None, lounge)]
