"""What the bot is shown of channels it may not view, as Discord's channel obfuscation
(change log, 12 August 2026) says: such channels still reach the gateway, obfuscated
(named ``___hidden___``, flag 1 << 17, one overwrite denying @everyone View Channel,
no topic), REST's channel list leaves them out, and what happens in them is not heard.
When a change lets the bot view one, it is sent CHANNEL_UPDATE with the channel in
full, then THREAD_LIST_SYNC with the channel's active threads (the threads topic)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.models import ChannelOverwrite, Permissions, Snowflake
from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway
from .test_events import ALL_INTENTS
from .test_private_thread_events import _until_marker
from .test_system_messages import expecting

pytestmark = pytest.mark.timeout(30)

OBFUSCATED = 1 << 17
GUILD_WEBHOOKS = 1 << 5
HIDE = [{"role": "@everyone", "deny": ["view_channel"]}]


def _world() -> World:
    """#general for all; #staff (in the Staff category) and #lounge hidden from the bot;
    the Open category holds #general, so the bot views it."""
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages",
                                        "read_message_history"],
                    "roles": [{"name": "Staff", "permissions": []}],
                    "channels": [
                        {"name": "Open", "type": 4},
                        {"name": "general", "parent": "Open"},
                        {"name": "Staff", "type": 4, "overwrites": HIDE},
                        {"name": "staff", "parent": "Staff", "topic": "secret plans",
                         "overwrites": [*HIDE, {"role": "Staff", "allow": ["view_channel"]}]},
                        {"name": "lounge", "topic": "nothing", "overwrites": HIDE}],
                    "members": [{"user": "alice", "roles": ["Staff"]}]}],
    })


def _hidden(channel: dict[str, Any], guild_id: int) -> bool:
    """Whether a channel payload is obfuscated as Discord's."""
    return (channel["name"] == "___hidden___" and bool(channel["flags"] & OBFUSCATED)
            and channel.get("topic") is None
            and channel["permission_overwrites"] == [
                {"id": str(guild_id), "type": 0, "allow": "0",
                 "deny": str(Permissions.view_channel)}])


def _about(frames: list[dict[str, Any]], channel_id: int) -> list[dict[str, Any]]:
    ids = {str(channel_id)}
    return [f for f in frames
            if ids & {str((f.get("d") or {}).get(k)) for k in ("id", "channel_id")}]


async def test_guild_create_shows_the_channels_the_bot_may_not_view_obfuscated(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid = sb.guild.id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
    shown = {c["id"]: c for c in guild["channels"]}
    for name in ("staff", "lounge", "Staff"):
        channel = shown[str(sb.channel(name).id)]
        assert _hidden(channel, gid), name
        # Where it sits and what it is stay true.
        assert channel["type"] == sb.channel(name).type
        assert channel["position"] == sb.channel(name).position
    assert shown[str(sb.channel("staff").id)]["parent_id"] == str(sb.channel("Staff").id)
    for name in ("general", "Open"):
        assert shown[str(sb.channel(name).id)]["name"] == name
        assert not shown[str(sb.channel(name).id)]["flags"] & OBFUSCATED


async def test_channel_events_of_a_hidden_channel_are_obfuscated(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid, alice = sb.guild.id, sb.user("alice").id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS | GUILD_WEBHOOKS)
        await gw.recv_until("GUILD_CREATE")
        sb.state.create_webhook(sb.channel("lounge").id, "Spy", None, alice)
        sb.state.create_webhook(sb.channel("general").id, "Open", None, alice)
        made = sb.state.create_channel(gid, "vault", topic="keys", permission_overwrites=[
            sb.state.channel("lounge").permission_overwrites[0]])
        sb.state.update_channel(made.id, topic="more keys")
        await sb.send_message("alice", "lounge", "psst")
        await sb.typing("alice", "lounge")
        sb.state.pin(sb.channel("lounge").id, sb.state.channel_messages(
            sb.channel("lounge").id)[-1].id, by=alice)
        sb.state.delete_channel(made.id)
        frames = await _until_marker(gw, sb)
    vault = _about(frames, made.id)
    assert [f["t"] for f in vault] == ["CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE"]
    assert all(_hidden(f["d"], gid) for f in vault)
    # What happens in a hidden channel is not heard at all (its webhooks included).
    assert _about(frames, sb.channel("lounge").id) == []
    assert "WEBHOOKS_UPDATE" in [f["t"] for f in _about(frames, sb.channel("general").id)]
    # The sandbox itself keeps the channel as it is.
    assert sb.state.channel("lounge").topic == "nothing"


async def test_the_rest_channel_list_leaves_out_what_the_bot_may_not_view(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        listed = await call("GET", f"guilds/{sb.guild.id}/channels")
        refused = await call("GET", f"channels/{sb.channel('lounge').id}", status=403)
    assert sorted(c["name"] for c in listed) == ["Open", "general"]
    assert refused["code"] == 50001


async def test_an_overwrite_that_lets_the_bot_in_sends_the_channel_and_its_threads(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid, alice, bot = sb.guild.id, sb.user("alice").id, sb.bot_user.id
    staff = sb.channel("staff").id
    public = sb.state.create_thread(staff, "plans", alice, type=11)
    joined = sb.state.create_thread(staff, "inner circle", alice, type=12)
    sb.state.set_thread_member(joined.id, bot, True, by=alice)
    secret = sb.state.create_thread(staff, "not for bots", alice, type=12)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert guild["threads"] == []
        overwrites = [*sb.state.channel(staff).permission_overwrites,
                      ChannelOverwrite(id=Snowflake(bot), type=1, deny=Permissions(0),
                                       allow=Permissions(Permissions.view_channel))]
        sb.state.update_channel(staff, permission_overwrites=overwrites)
        frames = await _until_marker(gw, sb)
    events = [f["t"] for f in frames if f["t"] in ("CHANNEL_UPDATE", "THREAD_LIST_SYNC")]
    assert events == ["CHANNEL_UPDATE", "CHANNEL_UPDATE", "THREAD_LIST_SYNC"]
    updates = {f["d"]["id"]: f["d"] for f in frames if f["t"] == "CHANNEL_UPDATE"}
    # The channel in full, and its category, which the bot views through it.
    assert updates[str(staff)]["topic"] == "secret plans"
    assert updates[str(sb.channel("Staff").id)]["name"] == "Staff"
    sync = next(f["d"] for f in frames if f["t"] == "THREAD_LIST_SYNC")
    assert sync["guild_id"] == str(gid)
    assert set(sync["channel_ids"]) == {str(staff), str(sb.channel("Staff").id)}
    assert {t["id"] for t in sync["threads"]} == {str(public.id), str(joined.id)}
    assert str(secret.id) not in {t["id"] for t in sync["threads"]}
    # The bot's membership is in ``members``, not on the threads (whose starter is alice).
    assert not [t for t in sync["threads"] if "member" in t or "newly_created" in t]
    assert [(m["id"], m["user_id"]) for m in sync["members"]] == [(str(joined.id), str(bot))]


async def test_a_role_that_lets_the_bot_in_sends_the_channel_in_full(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid, bot = sb.guild.id, sb.bot_user.id
    staff_role = next(r for r in sb.state.guild_roles(gid) if r.name == "Staff")
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        roles = [*sb.state.member(gid, bot).roles, staff_role.id]
        sb.state.update_member(gid, bot, roles=roles)
        frames = await _until_marker(gw, sb)
    kinds = [f["t"] for f in frames]
    assert kinds.index("GUILD_MEMBER_UPDATE") < kinds.index("CHANNEL_UPDATE")
    updates = [f["d"] for f in frames if f["t"] == "CHANNEL_UPDATE"]
    assert {u["name"] for u in updates} == {"staff", "Staff"}
    sync = next(f["d"] for f in frames if f["t"] == "THREAD_LIST_SYNC")
    assert sync["threads"] == [] and sync["members"] == []
    # #lounge still hides from the Staff role: nothing is said of it.
    assert _about(frames, sb.channel("lounge").id) == []


async def test_losing_a_channel_sends_only_the_change_obfuscated(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid = sb.guild.id
    general = sb.channel("general").id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        sb.state.update_channel(general, permission_overwrites=list(
            sb.state.channel("lounge").permission_overwrites))
        update = await gw.recv_until("CHANNEL_UPDATE")
        await sb.send_message("alice", "general", "unheard")
        sb.state.update_channel(general, permission_overwrites=[])
        back = await gw.recv_until("CHANNEL_UPDATE")
        sync = await gw.recv_until("THREAD_LIST_SYNC")
        frames = await _until_marker(gw, sb)
    assert _hidden(update["d"], gid)
    assert back["d"]["name"] == "general" and sync["d"]["channel_ids"][0] == str(general)
    assert "unheard" not in [f["d"].get("content") for f in frames]


async def test_a_new_channel_the_bot_views_opens_its_hidden_category(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), heartbeat_interval=30000)
    gid, category = sb.guild.id, sb.channel("Staff").id
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, ALL_INTENTS)
        await gw.recv_until("GUILD_CREATE")
        sb.state.create_channel(gid, "plain")
        sb.state.create_channel(gid, "desk", parent_id=category)
        frames = await _until_marker(gw, sb)
    kinds = [(f["t"], f["d"].get("name")) for f in frames
             if f["t"] in ("CHANNEL_CREATE", "CHANNEL_UPDATE", "THREAD_LIST_SYNC")]
    assert kinds == [("CHANNEL_CREATE", "plain"), ("CHANNEL_CREATE", "desk"),
                     ("CHANNEL_UPDATE", "Staff"), ("THREAD_LIST_SYNC", None)]
    sync = next(f["d"] for f in frames if f["t"] == "THREAD_LIST_SYNC")
    assert sync["channel_ids"] == [str(category)]


async def test_a_category_opens_to_rest_with_a_channel_the_bot_views_in_it(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    category = sb.channel("Staff").id
    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        refused = await call("GET", f"channels/{category}", status=403)
        sb.state.create_channel(sb.guild.id, "desk", parent_id=category)
        opened = await call("GET", f"channels/{category}")
        listed = await call("GET", f"guilds/{sb.guild.id}/channels")
    assert refused["code"] == 50001
    assert opened["name"] == "Staff" and "Staff" in [c["name"] for c in listed]
