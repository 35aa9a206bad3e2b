"""Discord's limit of two renames per channel per ten minutes: it holds a change of name
or topic alone, while other edits (slowmode, archiving a thread, the same name again)
use the route's ordinary bucket. The 429 is a sub-limit's: the bucket's headers still
show room, and ``retry_after`` runs to the end of the ten minutes."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_peers import discord_py

pytestmark = pytest.mark.timeout(30)


def _world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_channels",
                                        "manage_threads", "create_public_threads",
                                        "send_messages_in_threads", "read_message_history"],
                    "channels": [{"name": "general", "topic": "Talk about anything"},
                                 {"name": "ideas"}],
                    "members": ["alice"]}],
    })


async def test_edits_that_rename_nothing_are_not_held_to_two(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general, ideas = sb.channel("general").id, sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        api = Api(sb, http)
        for slowmode in (5, 10, 0):
            status, body, _ = await api.call("PATCH", f"/channels/{general}",
                                             {"rate_limit_per_user": slowmode})
            assert status == 200, body
        # The name and topic it already has change nothing.
        for _ in range(3):
            status, body, resp = await api.call("PATCH", f"/channels/{ideas}",
                                                {"name": "ideas", "topic": None})
            assert status == 200, body
        assert resp.headers["X-RateLimit-Limit"] == "5"
        status, thread, _ = await api.call("POST", f"/channels/{general}/threads",
                                           {"name": "plans", "type": 11})
        assert status == 201, thread
        for archived in (True, False, True):
            status, body, _ = await api.call("PATCH", f"/channels/{thread['id']}",
                                             {"archived": archived})
            assert status == 200, body
    assert sb.state.channel(int(thread["id"])).thread_metadata.archived is True  # type: ignore[union-attr]


async def test_a_third_rename_within_ten_minutes_is_refused(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general, ideas = sb.channel("general").id, sb.channel("ideas").id
    async with aiohttp.ClientSession() as http:
        api = Api(sb, http)
        for change in ({"name": "chat"}, {"topic": "Anything goes"}):
            status, body, _ = await api.call("PATCH", f"/channels/{general}", change)
            assert status == 200, body
        status, body, resp = await api.call("PATCH", f"/channels/{general}", {"name": "lobby"})
        assert status == 429
        assert set(body) == {"message", "retry_after", "global"}
        assert body["global"] is False and 590 < body["retry_after"] <= 600
        assert resp.headers["Via"] == "1.1 google"
        assert resp.headers["X-RateLimit-Scope"] == "user"
        assert int(resp.headers["Retry-After"]) >= 590
        # The route's bucket still has room: this is how clients tell a sub-limit.
        assert resp.headers["X-RateLimit-Limit"] == "5"
        assert int(resp.headers["X-RateLimit-Remaining"]) > 0
        status, body, _ = await api.call("PATCH", f"/channels/{general}", {"topic": "New"})
        assert status == 429
        # Other edits of the same channel, and renames of another, still go through.
        status, body, _ = await api.call("PATCH", f"/channels/{general}",
                                         {"rate_limit_per_user": 30})
        assert status == 200, body
        status, body, _ = await api.call("PATCH", f"/channels/{ideas}", {"name": "proposals"})
        assert status == 200, body
    assert sb.channel("chat").topic == "Anything goes"
    assert sb.channel("chat").rate_limit_per_user == 30


@pytest.mark.tidecord_strict(False)
async def test_discord_py_is_held_by_the_rename_limit_alone(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    async with discord_py(sb, max_ratelimit_timeout=30.0) as client:
        channel = client.get_channel(sb.channel("general").id)
        assert isinstance(channel, discord.TextChannel)
        # Within the route's 5 per 15 s (at the fifth, discord.py would wait out the
        # bucket first): two renames, and between them a slowmode change that the
        # rename limit does not count.
        await channel.edit(name="one")
        await channel.edit(slowmode_delay=10)
        await channel.edit(name="two")
        with pytest.raises(discord.RateLimited) as limited:
            await channel.edit(name="three")
        assert limited.value.retry_after > 580
    assert sb.channel("two").rate_limit_per_user == 10


async def test_a_refused_rename_takes_no_place_in_either_limit(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http:
        api = Api(sb, http)
        for name in ("one", "two"):
            status, body, resp = await api.call("PATCH", f"/channels/{general}", {"name": name})
            assert status == 200, body
        assert resp.headers["X-RateLimit-Remaining"] == "3"
        # Renames the sub-limit refuses: each answer shows the bucket's room unchanged.
        for name in ("three", "four", "five"):
            status, body, resp = await api.call("PATCH", f"/channels/{general}", {"name": name})
            assert status == 429, body
            assert resp.headers["X-RateLimit-Remaining"] == "3"
        # The route's 5 per 15 s still has its three places for other edits.
        for slowmode in (5, 10, 15):
            status, body, _ = await api.call("PATCH", f"/channels/{general}",
                                             {"rate_limit_per_user": slowmode})
            assert status == 200, body
        status, body, _ = await api.call("PATCH", f"/channels/{general}", {"nsfw": True})
        assert status == 429 and int(body["retry_after"]) <= 15
    assert sb.channel("two").rate_limit_per_user == 15
