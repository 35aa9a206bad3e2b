"""A private thread's ``invitable``, as Discord's docs give it: whether its members who
are not moderators may add others who are not. It is set when the thread is made
(true unless asked otherwise) or by PATCH, shown in ``thread_metadata`` of private
threads only (REST, THREAD_CREATE and THREAD_UPDATE), and decides who may add a
member: with it, any member of the thread; without it, the owner or a moderator."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_peers import discord_py
from .sandbox_raw import RawGateway
from .test_system_messages import INTENTS, expecting

pytestmark = pytest.mark.timeout(30)


def _world(*permissions: str) -> World:
    """alice owns the guild; carol moderates threads; the bot posts but moderates
    nothing, unless given more ``permissions``."""
    return World.from_dict({
        "users": ["alice", "bob", "carol"],
        "guilds": [{"name": "Ops", "owner": "alice",
                    "roles": [{"name": "Mods",
                               "permissions": discord.Permissions(manage_threads=True).value}],
                    "bot_permissions": ["view_channel", "send_messages",
                                        "send_messages_in_threads", "create_public_threads",
                                        "create_private_threads", "read_message_history",
                                        *permissions],
                    "channels": [{"name": "general"}],
                    "members": ["alice", "bob", {"user": "carol", "roles": ["Mods"]}]}],
    })


async def test_a_private_thread_shows_whether_its_members_may_invite(
        sandbox_factory: Any) -> None:
    # Changing the flag is for moderators (test_thread_edits).
    sb: Sandbox = await sandbox_factory(world=_world("manage_threads"),
                                        heartbeat_interval=30000)
    general = sb.channel("general").id
    async with aiohttp.ClientSession() as http, await RawGateway.connect(sb) as gw:
        call = expecting(Api(sb, http))
        await gw.identify(sb.token, INTENTS)
        await gw.recv_until("GUILD_CREATE")
        closed = await call("POST", f"channels/{general}/threads",
                            {"name": "closed", "type": 12, "invitable": False}, 201)
        assert closed["thread_metadata"]["invitable"] is False
        created = (await gw.recv_until("THREAD_CREATE"))["d"]
        assert created["thread_metadata"]["invitable"] is False
        opened = await call("POST", f"channels/{general}/threads",
                            {"name": "open", "type": 12}, 201)
        assert opened["thread_metadata"]["invitable"] is True
        # A public thread has no such flag, even when asked for one.
        public = await call("POST", f"channels/{general}/threads",
                            {"name": "public", "type": 11, "invitable": False}, 201)
        assert "invitable" not in public["thread_metadata"]
        # A moderator changes it; the rest of the metadata stays as it was.
        edited = await call("PATCH", f"channels/{closed['id']}", {"invitable": True})
        assert edited["thread_metadata"] == {**closed["thread_metadata"], "invitable": True}
        updated = (await gw.recv_until("THREAD_UPDATE"))["d"]
        assert updated["id"] == closed["id"]
        assert updated["thread_metadata"]["invitable"] is True
        edited = await call("PATCH", f"channels/{public['id']}", {"invitable": True})
        assert "invitable" not in edited["thread_metadata"]
        fetched = await call("GET", f"channels/{closed['id']}")
        assert fetched["thread_metadata"]["invitable"] is True


async def test_a_member_adds_others_only_while_the_private_thread_is_invitable(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world())
    general, bot = sb.channel("general").id, sb.bot_user.id
    alice, bob, carol = (sb.user(name).id for name in ("alice", "bob", "carol"))

    def alices_thread(name: str, *, with_bot: bool = True, **fields: Any) -> int:
        thread = sb.state.create_thread(general, name, alice, type=12, **fields)
        if with_bot:
            sb.state.set_thread_member(thread.id, bot, True, by=alice)
        return int(thread.id)

    async with aiohttp.ClientSession() as http:
        call = expecting(Api(sb, http))
        opened = alices_thread("open")  # invitable, as by default
        await call("PUT", f"channels/{opened}/thread-members/{bob}", status=204)
        closed = alices_thread("closed", invitable=False)
        refused = await call("PUT", f"channels/{closed}/thread-members/{bob}", status=403)
        assert refused["code"] == 50013
        # The flag speaks of adding non-moderators: a moderator may still be added.
        await call("PUT", f"channels/{closed}/thread-members/{carol}", status=204)
        # Only members see a private thread, so only they may invite to it.
        outside = alices_thread("outside", with_bot=False)
        await call("PUT", f"channels/{outside}/thread-members/{bob}", status=403)
        # The bot's own private thread is its to fill, invitable or not.
        own = await call("POST", f"channels/{general}/threads",
                         {"name": "mine", "type": 12, "invitable": False}, 201)
        await call("PUT", f"channels/{own['id']}/thread-members/{bob}", status=204)
    members = {t: {m.id for m in sb.state.thread_member_list(t)}
               for t in (opened, closed, outside)}
    assert members == {opened: {alice, bot, bob}, closed: {alice, bot, carol},
                       outside: {alice}}


@pytest.mark.tidecord_strict(False)
async def test_discord_py_reads_and_sets_invitable(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world("manage_threads"))
    async with discord_py(sb) as client:
        channel = client.get_channel(sb.channel("general").id)
        assert isinstance(channel, discord.TextChannel)
        thread = await channel.create_thread(name="quiet", invitable=False)
        assert thread.type is discord.ChannelType.private_thread
        assert thread.invitable is False
        thread = await thread.edit(invitable=True)
        assert thread.invitable is True
    meta = sb.state.channel(thread.id).thread_metadata
    assert meta is not None and getattr(meta, "invitable", None) is True
