"""Query strings: the sandbox takes every value Discord's OpenAPI spec allows for the
query parameters of the list routes it implements, and refuses numbers that are no
numbers or too large with 50035 naming the parameter, as Discord does."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest.ratelimit import RateLimits

from .spec_requests import Queries, load_spec, query_parameters

pytestmark = [pytest.mark.timeout(60), pytest.mark.sandbox(
    heartbeat_interval=30000,
    rate_limits=RateLimits(global_limit=10_000, default=(10_000, 1.0), routes={}),
    world=World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Sandbox", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["administrator"], "channels": [{"name": "general"}]}],
        "skus": ["Supporter"],
    }))]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()  # read before the loop runs (strict mode watches it)


async def test_allowed_queries_are_taken_and_forbidden_ones_refused(
        sandbox: Sandbox, spec: dict[str, Any]) -> None:
    sb = sandbox
    gid, app = sb.guild.id, sb.state.application.id
    general, alice = sb.channel("general").id, sb.user("alice").id
    sku = next(iter(sb.state.skus))
    headers = {"Authorization": f"Bot {sb.token}"}
    problems: list[str] = []
    async with aiohttp.ClientSession() as session:
        async def call(method: str, url: str, body: Any = None) -> Any:
            async with session.request(method, sb.api_url + url, json=body,
                                       headers=headers) as resp:
                assert resp.status < 300, f"{method} {url}: {await resp.text()}"
                return await resp.json() if resp.status != 204 else None

        said = await call("POST", f"/channels/{general}/messages", {"content": "hi"})
        await call("PUT", f"/channels/{general}/messages/{said['id']}/reactions/%E2%AD%90/@me")
        await call("PUT", f"/channels/{general}/messages/pins/{said['id']}")
        poll = await call("POST", f"/channels/{general}/messages", {"poll": {
            "question": {"text": "Tea?"}, "answers": [{"poll_media": {"text": "Yes"}}]}})
        thread = await call("POST", f"/channels/{general}/threads", {"name": "side", "type": 11})
        invite = await call("POST", f"/channels/{general}/invites", {})
        await call("PUT", f"/guilds/{gid}/bans/{sb.user('bob').id}", {})
        event = await call("POST", f"/guilds/{gid}/scheduled-events", {
            "name": "Picnic", "privacy_level": 2, "entity_type": 3,
            "scheduled_start_time": "2099-01-01T10:00:00+00:00",
            "scheduled_end_time": "2099-01-01T11:00:00+00:00",
            "entity_metadata": {"location": "Park"}})
        hook = await call("POST", f"/channels/{general}/webhooks", {"name": "hook"})
        hooked = await call(  # in the thread, for thread_id to find it
            "POST", f"/webhooks/{hook['id']}/{hook['token']}?wait=true&thread_id={thread['id']}",
            {"content": "hooked"})
        g, c, msg = f"/guilds/{gid}", f"/channels/{general}", f"/channels/{general}/messages"
        ids = {"user_id": [str(alice)], "target_id": [str(alice)], "guild_id": [str(gid)],
               "guild_scheduled_event_id": [event["id"]], "query": ["a"],
               "include_roles": [str(gid)], "sku_ids": [str(sku)], "thread_id": [thread["id"]]}
        operations = [
            ("/channels/{channel_id}/messages", msg),
            ("/channels/{channel_id}/messages/pins", msg + "/pins"),
            ("/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}",
             f"{msg}/{said['id']}/reactions/%E2%AD%90"),
            ("/channels/{channel_id}/polls/{message_id}/answers/{answer_id}",
             f"{c}/polls/{poll['id']}/answers/1"),
            ("/channels/{channel_id}/threads/archived/public", c + "/threads/archived/public"),
            ("/channels/{channel_id}/threads/archived/private", c + "/threads/archived/private"),
            ("/channels/{channel_id}/users/@me/threads/archived/private",
             c + "/users/@me/threads/archived/private"),
            ("/channels/{channel_id}/thread-members", f"/channels/{thread['id']}/thread-members"),
            ("/guilds/{guild_id}", g),
            ("/guilds/{guild_id}/audit-logs", g + "/audit-logs"),
            ("/guilds/{guild_id}/bans", g + "/bans"),
            ("/guilds/{guild_id}/members", g + "/members"),
            ("/guilds/{guild_id}/members/search", g + "/members/search"),
            ("/guilds/{guild_id}/prune", g + "/prune"),
            ("/guilds/{guild_id}/scheduled-events", g + "/scheduled-events"),
            ("/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users",
             f"{g}/scheduled-events/{event['id']}/users"),
            ("/invites/{code}", f"/invites/{invite['code']}"),
            ("/users/@me/guilds", "/users/@me/guilds"),
            ("/applications/{application_id}/commands", f"/applications/{app}/commands"),
            ("/applications/{application_id}/entitlements", f"/applications/{app}/entitlements"),
            ("/applications/{application_id}/guilds/{guild_id}/commands",
             f"/applications/{app}/guilds/{gid}/commands"),
            ("/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
             f"{g}/scheduled-events/{event['id']}"),
            ("/channels/{channel_id}/thread-members/{user_id}",
             f"/channels/{thread['id']}/thread-members/{sb.bot_user.id}"),
            ("/skus/{sku_id}/subscriptions", f"/skus/{sku}/subscriptions"),
            ("/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
             f"/webhooks/{hook['id']}/{hook['token']}/messages/{hooked['id']}"),
        ]
        # A bot names whose subscriptions it lists (Discord's docs; the spec has user_id
        # optional, for OAuth2 tokens).
        needs = {"/skus/{sku_id}/subscriptions": frozenset({"user_id"})}
        for spec_path, url in operations:
            queries = Queries(spec, query_parameters(spec, spec_path, "GET"), hints=ids,
                              required=needs.get(spec_path, frozenset()))
            # One of around, before and after at a time (Discord takes one).
            for query in queries.allowed():
                async with session.get(sb.api_url + url, params=query, headers=headers) as resp:
                    if resp.status >= 300:
                        problems.append(f"GET {spec_path} {query}: {resp.status} "
                                        f"{(await resp.text())[:200]}")
            for query, name, code in queries.invalid():
                async with session.get(sb.api_url + url, params=query, headers=headers) as resp:
                    data = await resp.json()
                tree = data.get("errors") or {} if isinstance(data, dict) else {}
                found = [e.get("code") for e in tree.get(name, {}).get("_errors", [])]
                if resp.status != 400 or code not in found:
                    problems.append(f"GET {spec_path} {query} (want {code}): {resp.status} "
                                    f"{json.dumps(data)[:200]}")
    assert not problems, "\n".join(problems)
