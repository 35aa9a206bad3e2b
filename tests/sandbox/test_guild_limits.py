"""Discord's per-guild maximums: a bot cannot grow a guild (and the sandbox's memory) forever."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.state.channels import MAX_ACTIVE_THREADS, MAX_CHANNELS
from tidecord.sandbox.state.guilds import MAX_ROLES

pytestmark = pytest.mark.timeout(30)


def _admin_world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}], "members": ["alice"]}],
    })


async def _post(sb: Sandbox, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession() as http, \
            http.post(sb.api_url + path, json=body, headers=headers) as resp:
        return resp.status, await resp.json()


async def test_the_501st_channel_is_refused(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_admin_world())
    gid = sb.guild.id
    while len(sb.state.guild_channels[gid]) < MAX_CHANNELS:
        sb.state.create_channel(gid, "filler")

    status, body = await _post(sb, f"/guilds/{gid}/channels", {"name": "one-more"})

    assert (status, body["code"]) == (400, 30013)
    assert len(sb.state.guild_channels[gid]) == MAX_CHANNELS


async def test_the_251st_role_is_refused(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_admin_world())
    gid = sb.guild.id
    while len(sb.state.roles[gid]) < MAX_ROLES:
        sb.state.create_role(gid, name="filler")

    status, body = await _post(sb, f"/guilds/{gid}/roles", {"name": "one-more"})

    assert (status, body["code"]) == (400, 30005)
    assert len(sb.state.roles[gid]) == MAX_ROLES


async def test_threads_stop_at_the_active_thread_maximum(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_admin_world())
    gid, general = sb.guild.id, sb.channel("general").id
    while len(sb.state.threads[gid]) < MAX_ACTIVE_THREADS:
        sb.state.create_thread(general, "filler", sb.bot_user.id)

    status, body = await _post(sb, f"/channels/{general}/threads", {"name": "one-more", "type": 11})

    assert (status, body["code"]) == (400, 160006)
    assert len(sb.state.threads[gid]) == MAX_ACTIVE_THREADS
