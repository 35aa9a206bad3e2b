"""What the gateway tells the bot when it is added to a thread, as Discord's threads
topic says: THREAD_CREATE is sent when a user is added to *any* thread, public or
private, even one the bot already holds, before the membership events."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

from .conftest import Api
from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS
from .test_private_thread_events import _mentions, _until_marker, _world
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)


async def test_added_to_a_public_thread_the_bot_is_sent_it_again(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice, bot = sb.channel("general").id, sb.user("alice").id, sb.bot_user.id
    public = int(sb.state.create_thread(general, "open", alice, type=11).id)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert str(public) in [t["id"] for t in guild["threads"]]
        sb.state.set_thread_member(public, bot, True, by=alice)
        joined = [f for f in await _until_marker(gw, sb) if _mentions(f, public)]
    assert [f["t"] for f in joined[:3]] == [
        "THREAD_CREATE", "THREAD_MEMBER_UPDATE", "THREAD_MEMBERS_UPDATE"]
    created = joined[0]["d"]
    assert created["type"] == 11 and "newly_created" not in created
    assert created["member"]["user_id"] == str(bot)


async def test_someone_else_added_to_a_public_thread_sends_no_thread_create(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice = sb.channel("general").id, sb.user("alice").id
    public = int(sb.state.create_thread(general, "open", alice, type=11).id)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        sb.state.set_thread_member(public, sb.user("bob").id, True, by=alice)
        heard = [f["t"] for f in await _until_marker(gw, sb) if _mentions(f, public)]
    assert "THREAD_CREATE" not in heard and "THREAD_MEMBERS_UPDATE" in heard


async def test_guild_create_gives_the_bots_own_thread_member_only(
        sandbox_factory: Any) -> None:
    """The gateway docs: GUILD_CREATE's threads carry a thread member on those the
    current user is in; not their starter's, and none is marked new."""
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice, bot = sb.channel("general").id, sb.user("alice").id, sb.bot_user.id
    hers = int(sb.state.create_thread(general, "hers", alice, type=11).id)
    shared = int(sb.state.create_thread(general, "shared", alice, type=11).id)
    sb.state.set_thread_member(shared, bot, True, by=alice)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
    threads = {int(t["id"]): t for t in guild["threads"]}
    assert "member" not in threads[hers]
    assert (threads[shared]["member"]["id"], threads[shared]["member"]["user_id"]) == (
        str(shared), str(bot))
    assert not [t for t in threads.values() if "newly_created" in t]


async def test_only_thread_create_is_new_and_its_member_is_the_bots_own(
        sandbox_factory: Any) -> None:
    # The channel object's ``member`` is the current user's thread member: alice's new
    # thread reaches the bot without one (discord.py would take hers for the bot's),
    # the bot's own with its own. ``newly_created`` is THREAD_CREATE's alone: not on
    # THREAD_UPDATE, nor on the thread REST serves.
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    general, alice, bot = sb.channel("general").id, sb.user("alice").id, sb.bot_user.id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        hers = int(sb.state.create_thread(general, "hers", alice, type=11).id)
        mine = int(sb.state.create_thread(general, "mine", bot, type=11).id)
        sb.state.update_channel(hers, name="renamed", by=alice)
        frames = await _until_marker(gw, sb)
    created = {int(f["d"]["id"]): f["d"] for f in frames if f["t"] == "THREAD_CREATE"}
    assert created[hers]["newly_created"] is True and "member" not in created[hers]
    assert created[mine]["newly_created"] is True
    assert created[mine]["member"]["user_id"] == str(bot)
    [updated] = [f["d"] for f in frames if f["t"] == "THREAD_UPDATE"]
    assert "newly_created" not in updated and "member" not in updated
    async with aiohttp.ClientSession() as http:
        served = await expecting(Api(sb, http))("GET", f"channels/{hers}")
    assert "newly_created" not in served and "member" not in served
