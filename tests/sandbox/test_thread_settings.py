"""What Discord takes for a thread's or channel's archive time and slowmode, when it is
made or edited: ``auto_archive_duration`` one of 60, 1440, 4320 and 10080 minutes,
``rate_limit_per_user`` 0 to 21600 seconds; anything else is 400 Invalid Form Body
(50035) naming the field, and changes nothing."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest import RateLimits

from .conftest import Api
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)


async def _sandbox(factory: Any) -> Sandbox:
    world = World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_channels",
                                        "create_public_threads", "manage_threads",
                                        "read_message_history"],
                    "channels": [{"name": "general"}], "members": ["alice"]}],
    })
    sb: Sandbox = await factory(world=world,
                                rate_limits=RateLimits(default=(1000, 1.0), routes={}))
    return sb


def _refused(payload: dict[str, Any], field: str, code: str) -> None:
    assert payload["code"] == 50035 and payload["message"] == "Invalid Form Body"
    assert [e["code"] for e in payload["errors"][field]["_errors"]] == [code]


BAD = [({"auto_archive_duration": 30}, "auto_archive_duration", "BASE_TYPE_CHOICES"),
       ({"auto_archive_duration": 2880}, "auto_archive_duration", "BASE_TYPE_CHOICES"),
       ({"rate_limit_per_user": 21601}, "rate_limit_per_user", "NUMBER_TYPE_MAX"),
       ({"rate_limit_per_user": -1}, "rate_limit_per_user", "NUMBER_TYPE_MIN")]


async def test_a_thread_starts_only_with_settings_discord_offers(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        for extra, field, code in BAD:
            refused = await call("POST", f"channels/{general}/threads",
                                 {"name": "t", "type": 11, **extra}, status=400)
            _refused(refused, field, code)
        assert not sb.state.threads[sb.guild.id]
        for minutes in (60, 1440, 4320, 10080):
            made = await call("POST", f"channels/{general}/threads",
                              {"name": f"t{minutes}", "type": 11,
                               "auto_archive_duration": minutes, "rate_limit_per_user": 21600},
                              status=201)
            assert made["thread_metadata"]["auto_archive_duration"] == minutes


async def test_a_thread_and_a_channel_are_edited_only_to_settings_discord_offers(
        sandbox_factory: Any) -> None:
    sb = await _sandbox(sandbox_factory)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        thread = await call("POST", f"channels/{general}/threads",
                            {"name": "t", "type": 11}, status=201)
        for extra, field, code in BAD:
            _refused(await call("PATCH", f"channels/{thread['id']}", extra, status=400),
                     field, code)
        kept = sb.state.channel(int(thread["id"]))
        assert kept.rate_limit_per_user == 0
        assert kept.thread_metadata.auto_archive_duration == 1440  # type: ignore[union-attr]
        for extra, field, code in BAD[2:]:
            made = await call("POST", f"guilds/{sb.guild.id}/channels",
                              {"name": "slow", **extra}, status=400)
            _refused(made, field, code)
            _refused(await call("PATCH", f"channels/{general}", extra, status=400),
                     field, code)
        assert sb.channel("general").rate_limit_per_user == 0
        edited = await call("PATCH", f"channels/{thread['id']}",
                            {"auto_archive_duration": 10080, "rate_limit_per_user": 21600})
        assert edited["thread_metadata"]["auto_archive_duration"] == 10080
        assert edited["rate_limit_per_user"] == 21600
        assert (await call("PATCH", f"channels/{general}",
                           {"rate_limit_per_user": 0}))["rate_limit_per_user"] == 0
