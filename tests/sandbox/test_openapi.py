"""Responses of the implemented operations validate against Discord's OpenAPI spec."""

from __future__ import annotations

import asyncio
import datetime
import gzip
import json
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest

from tidecord.models import Permissions
from tidecord.models.welcome_screen import WelcomeChannelData, WelcomeScreenData
from tidecord.sandbox import Sandbox
from tidecord.sandbox.rest.templates import snapshot

pytestmark = [pytest.mark.timeout(60), pytest.mark.sandbox(heartbeat_interval=30000)]

# Discord's own spec (github.com/discord/discord-api-spec, MIT: see the LICENSE beside it),
# kept in the repository so the test runs the same in any checkout, wherever it lives.
SPEC = Path(__file__).resolve().parents[1] / "data" / "discord-openapi.json.gz"


@pytest.fixture(scope="module")
def validator_for() -> Any:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec = json.loads(gzip.decompress(SPEC.read_bytes()))
    registry = Registry().with_resource(
        "urn:discord", Resource.from_contents(spec, default_specification=DRAFT202012))

    def make(path: str, method: str, status: int) -> Any:
        operation = spec["paths"][path][method.lower()]
        assert str(status) in operation["responses"], f"{method} {path} has no {status}"
        pointer = "/".join(p.replace("~", "~0").replace("/", "~1") for p in (
            "paths", path, method.lower(), "responses", str(status), "content",
            "application/json", "schema"))
        return jsonschema.Draft202012Validator({"$ref": f"urn:discord#/{pointer}"},
                                               registry=registry)
    return make


async def test_responses_match_the_spec(sandbox: Sandbox, validator_for: Any) -> None:
    sb = sandbox
    app = sb.state.application.id
    gid = sb.guild.id
    general = sb.channel("general").id
    alice = sb.user("alice").id
    problems: list[str] = []
    headers = {"Authorization": f"Bot {sb.token}"}

    async with aiohttp.ClientSession() as session:
        async def check(method: str, spec_path: str, path: str, body: Any = None,
                        status: int = 200) -> Any:
            async with session.request(method, sb.api_url + path, json=body,
                                       headers=headers) as resp:
                data = await resp.json() if resp.status != 204 else None
                if resp.status != status:
                    problems.append(f"{method} {path}: status {resp.status} {data}")
                    return data
            if data is not None:
                # Validating is CPU work: keep it off the loop (strict mode watches it).
                validator = validator_for(spec_path, method, status)
                errors = await asyncio.to_thread(
                    lambda: sorted(validator.iter_errors(data),
                                   key=lambda e: list(e.absolute_path)))
                for error in errors[:5]:
                    where = "/".join(str(p) for p in error.absolute_path)
                    detail = error.message[:160]
                    if error.context:  # oneOf/anyOf: say what the closest branch missed
                        best = jsonschema.exceptions.best_match(error.context)
                        inner = "/".join(str(p) for p in best.absolute_path)
                        detail = f"no branch matched; closest: [{inner}] {best.message[:160]}"
                    problems.append(f"{method} {spec_path} [{where}]: {detail}")
            return data

        await check("GET", "/users/@me", "/users/@me")
        await check("GET", "/users/{user_id}", f"/users/{alice}")
        await check("GET", "/oauth2/applications/@me", "/oauth2/applications/@me")
        await check("GET", "/applications/@me", "/applications/@me")
        await check("GET", "/gateway", "/gateway")
        await check("GET", "/gateway/bot", "/gateway/bot")
        await check("GET", "/users/@me/guilds", "/users/@me/guilds")
        await check("GET", "/channels/{channel_id}", f"/channels/{general}")
        dm = await check("POST", "/users/@me/channels", "/users/@me/channels",
                         {"recipient_id": str(alice)})
        await check("GET", "/channels/{channel_id}", f"/channels/{dm['id']}")
        person = await sb.send_message("alice", "general", f"hello <@{sb.bot_user.id}>")
        msg = await check("POST", "/channels/{channel_id}/messages",
                          f"/channels/{general}/messages",
                          {"content": "reply", "message_reference": {"message_id": str(person.id)},
                           "embeds": [{"title": "t", "description": "d",
                                       "fields": [{"name": "a", "value": "b"}]}],
                           "components": [{"type": 1, "components": [
                               {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}]}]})
        mid = msg["id"]
        await check("GET", "/channels/{channel_id}/messages", f"/channels/{general}/messages")
        await check("GET", "/channels/{channel_id}/messages/{message_id}",
                    f"/channels/{general}/messages/{mid}")
        await check("PATCH", "/channels/{channel_id}/messages/{message_id}",
                    f"/channels/{general}/messages/{mid}", {"content": "edited"})
        reactions = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}"
        await check("PUT", reactions + "/@me",
                    f"/channels/{general}/messages/{mid}/reactions/%E2%AD%90/@me", status=204)
        await check("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}",
                    f"/channels/{general}/messages/{mid}/reactions/%E2%AD%90")
        await check("GET", "/channels/{channel_id}/messages/{message_id}",
                    f"/channels/{general}/messages/{mid}")
        await check("PUT", "/channels/{channel_id}/messages/pins/{message_id}",
                    f"/channels/{general}/messages/pins/{mid}", status=204)
        await check("GET", "/channels/{channel_id}/messages/pins",
                    f"/channels/{general}/messages/pins")
        await check("GET", "/channels/{channel_id}/pins", f"/channels/{general}/pins")
        poll = await check("POST", "/channels/{channel_id}/messages",
                           f"/channels/{general}/messages", {"poll": {
                               "question": {"text": "Tea?"}, "duration": 2,
                               "answers": [{"poll_media": {"text": "Yes", "emoji": {"name": "🍵"}}},
                                           {"poll_media": {"text": "No"}}]}})
        await sb.vote_poll("alice", int(poll["id"]), 1)
        polls = f"/channels/{general}/polls/{poll['id']}"
        await check("GET", "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}",
                    polls + "/answers/1")
        await check("POST", "/channels/{channel_id}/polls/{message_id}/expire", polls + "/expire")
        await check("POST", "/channels/{channel_id}/messages/{message_id}/threads",
                    f"/channels/{general}/messages/{mid}/threads", {"name": "talk"}, status=201)
        await check("POST", "/channels/{channel_id}/threads", f"/channels/{general}/threads",
                    {"name": "side", "type": 11}, status=201)
        await check("GET", "/guilds/{guild_id}", f"/guilds/{gid}")
        # The widget's settings need Manage Server, which this bot lacks: turn it on here.
        sb.state.update_guild(gid, widget_enabled=True, widget_channel_id=general)
        await sb.set_presence("alice", "online")
        await check("GET", "/guilds/{guild_id}/widget.json", f"/guilds/{gid}/widget.json")
        sb.state.update_guild(gid, features=["COMMUNITY", "WELCOME_SCREEN_ENABLED"])
        sb.state.welcome_screens[gid] = WelcomeScreenData(description="hi", welcome_channels=[
            WelcomeChannelData(channel_id=general, description="talk", emoji_name="👋")])
        await check("GET", "/guilds/{guild_id}/welcome-screen", f"/guilds/{gid}/welcome-screen")
        # Templates need Manage Server too: read back one kept the way the route keeps it.
        sb.state.templates["TeMpLaTe"] = {
            "code": "TeMpLaTe", "name": "Garden", "description": None, "usage_count": 0,
            "creator_id": str(sb.bot_user.id), "created_at": sb.state.now_iso(),
            "updated_at": sb.state.now_iso(), "source_guild_id": str(gid),
            "serialized_source_guild": snapshot(sb.state, gid)}
        await check("GET", "/guilds/templates/{code}", "/guilds/templates/TeMpLaTe")
        await check("GET", "/guilds/{guild_id}/channels", f"/guilds/{gid}/channels")
        await check("GET", "/guilds/{guild_id}/threads/active", f"/guilds/{gid}/threads/active")
        await check("GET", "/guilds/{guild_id}/roles", f"/guilds/{gid}/roles")
        await check("GET", "/guilds/{guild_id}/members/{user_id}", f"/guilds/{gid}/members/{alice}")
        await check("GET", "/guilds/{guild_id}/members", f"/guilds/{gid}/members?limit=10")
        await check("GET", "/guilds/{guild_id}/members/search",
                    f"/guilds/{gid}/members/search?query=a")
        await check("PATCH", "/guilds/{guild_id}/members/@me", f"/guilds/{gid}/members/@me",
                    {"nick": "Botty"})
        events = "/guilds/{guild_id}/scheduled-events"
        everyone = sb.state.roles[gid][gid]
        sb.state.update_role(gid, gid, permissions=everyone.permissions.value
                             | Permissions.create_events)
        start = datetime.datetime.fromtimestamp(sb.clock.time() + 3600, tz=datetime.UTC)
        made = await check("POST", events, f"/guilds/{gid}/scheduled-events", {
            "name": "Picnic", "privacy_level": 2, "entity_type": 3,
            "scheduled_start_time": start.isoformat(),
            "scheduled_end_time": (start + datetime.timedelta(hours=1)).isoformat(),
            "entity_metadata": {"location": "Park"}})
        one = f"/guilds/{gid}/scheduled-events/{made['id']}"
        await sb.interested("alice", int(made["id"]))
        await check("GET", events, f"/guilds/{gid}/scheduled-events?with_user_count=true")
        await check("GET", events + "/{guild_scheduled_event_id}", one)
        await check("PATCH", events + "/{guild_scheduled_event_id}", one, {"status": 2})
        await check("GET", events + "/{guild_scheduled_event_id}/users",
                    one + "/users?with_member=true")
        await check("DELETE", events + "/{guild_scheduled_event_id}", one, status=204)
        cmds = await check("PUT", "/applications/{application_id}/commands",
                           f"/applications/{app}/commands",
                           [{"name": "ping", "description": "pong", "options": [
                               {"type": 3, "name": "word", "description": "w"}]}])
        await check("GET", "/applications/{application_id}/commands",
                    f"/applications/{app}/commands")
        await check("GET", "/applications/{application_id}/commands/{command_id}",
                    f"/applications/{app}/commands/{cmds[0]['id']}")
        await check("PATCH", "/applications/{application_id}/commands/{command_id}",
                    f"/applications/{app}/commands/{cmds[0]['id']}", {"description": "new"})
        await check("POST", "/applications/{application_id}/guilds/{guild_id}/commands",
                    f"/applications/{app}/guilds/{gid}/commands",
                    {"name": "local", "description": "guild only"}, status=201)
        record = await sb.invoke_command("alice", "general", "ping", {"word": "hi"})
        await check("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
                    f"/interactions/{record.id}/{record.token}/callback?with_response=true",
                    {"type": 4, "data": {"content": "pong"}})
        hook = f"/webhooks/{app}/{record.token}"
        await check("POST", "/webhooks/{webhook_id}/{webhook_token}", hook + "?wait=true",
                    {"content": "more"})
        await check("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                    hook + "/messages/@original")
        await check("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                    hook + "/messages/@original", {"content": "pong!"})
        # Last, as it gives the bot Manage Server: the guild's settings and incidents.
        everyone = sb.state.roles[gid][gid]
        sb.state.update_role(gid, gid, permissions=everyone.permissions.value
                             | Permissions.manage_guild)
        soon = datetime.datetime.fromtimestamp(sb.clock.time() + 3600, tz=datetime.UTC)
        await check("PUT", "/guilds/{guild_id}/incident-actions",
                    f"/guilds/{gid}/incident-actions",
                    {"invites_disabled_until": soon.isoformat(), "dms_disabled_until": None})
        await check("PATCH", "/guilds/{guild_id}", f"/guilds/{gid}",
                    {"features": ["COMMUNITY", "INVITES_DISABLED"], "description": "a garden"})
    assert not problems, "\n".join(problems)
