"""The cache through channel obfuscation: a channel the bot may not view is cached as
Discord sends it (obfuscated, its threads unknown); once a change lets the bot in,
CHANNEL_UPDATE gives the channel in full and THREAD_LIST_SYNC its active threads, which
the cache takes in their channels' place, as discord.py's does, each one
``on_thread_join``."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.models import ChannelOverwrite, Permissions, Snowflake
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

HIDDEN = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Ops", "owner": "alice",
                "bot_permissions": ["view_channel", "send_messages", "read_message_history"],
                "channels": [{"name": "general"},
                             {"name": "staff", "topic": "secret plans", "overwrites": [
                                 {"role": "@everyone", "deny": ["view_channel"]}]}],
                "members": ["alice"]}],
}))


@HIDDEN
async def test_a_channel_the_bot_comes_to_view_brings_its_threads(
        sandbox: Sandbox, connect: Connect) -> None:
    state, alice, bot = sandbox.state, sandbox.user("alice").id, sandbox.bot_user.id
    staff = sandbox.channel("staff").id
    public = state.create_thread(staff, "plans", alice, type=11)
    joined = state.create_thread(staff, "inner circle", alice, type=12)
    state.set_thread_member(joined.id, bot, True, by=alice)
    state.create_thread(staff, "not for bots", alice, type=12)

    client = await connect()
    guild = client.get_guild(sandbox.guild.id)
    hidden = guild.get_channel(staff)
    assert hidden.name == "___hidden___" and hidden.topic is None
    assert not hidden.permissions_for(guild.me).view_channel
    assert guild.threads == []
    seen: list[int] = []

    async def on_thread_join(thread: Any) -> None:
        seen.append(thread.id)
    client.add_listener(on_thread_join)

    state.update_channel(staff, permission_overwrites=[
        *state.channel(staff).permission_overwrites,
        ChannelOverwrite(id=Snowflake(bot), type=1, deny=Permissions(0),
                         allow=Permissions(Permissions.view_channel))])
    await until(lambda: len(seen) == 2)
    channel = guild.get_channel(staff)
    assert channel.name == "staff" and channel.topic == "secret plans"
    assert channel.permissions_for(guild.me).view_channel
    assert sorted(seen) == sorted([public.id, joined.id])
    assert sorted(t.id for t in guild.threads) == sorted(seen)
    assert {t.id for t in channel.threads} == set(seen)
    # The bot's own membership came with the sync: it is in one of them.
    assert guild.get_thread(joined.id).me is not None
    assert [m.id for m in guild.get_thread(joined.id).members] == [bot]
    assert guild.get_thread(public.id).me is None
    await asyncio.sleep(0.05)
    assert len(seen) == 2


def _let_in(sandbox: Sandbox, channel_id: int, allowed: bool) -> None:
    """Give the bot (or take back) View Channel on a channel by its own overwrite."""
    state, bot = sandbox.state, sandbox.bot_user.id
    kept = [o for o in state.channel(channel_id).permission_overwrites if o.id != bot]
    if allowed:
        kept.append(ChannelOverwrite(id=Snowflake(bot), type=1, deny=Permissions(0),
                                     allow=Permissions(Permissions.view_channel)))
    state.update_channel(channel_id, permission_overwrites=kept)


@HIDDEN
async def test_a_sync_replaces_the_threads_of_its_channels(
        sandbox: Sandbox, connect: Connect) -> None:
    """The bot loses #staff (its threads stay cached: Discord sends no THREAD_DELETE
    for lost access), one thread ends unheard, and the bot comes back: the sync lists
    the threads still there, and the cache drops the other (``on_thread_remove``)."""
    state, alice = sandbox.state, sandbox.user("alice").id
    staff = sandbox.channel("staff").id
    kept = state.create_thread(staff, "kept", alice, type=11)
    ended = state.create_thread(staff, "ended", alice, type=11)
    elsewhere = state.create_thread(sandbox.channel("general").id, "elsewhere", alice, type=11)
    _let_in(sandbox, staff, True)
    client = await connect()
    guild = client.get_guild(sandbox.guild.id)
    assert {t.id for t in guild.threads} == {kept.id, ended.id, elsewhere.id}
    removed: list[int] = []

    async def on_thread_remove(thread: Any) -> None:
        removed.append(thread.id)
    client.add_listener(on_thread_remove)

    _let_in(sandbox, staff, False)
    await until(lambda: guild.get_channel(staff).name == "___hidden___")
    assert {t.id for t in guild.threads} == {kept.id, ended.id, elsewhere.id}
    state.delete_channel(ended.id)
    _let_in(sandbox, staff, True)
    await until(lambda: removed == [ended.id])
    assert {t.id for t in guild.threads} == {kept.id, elsewhere.id}
    assert guild.get_channel(staff).name == "staff"


@HIDDEN
async def test_the_threads_the_bot_is_in_are_known_from_the_start(
        sandbox: Sandbox, connect: Connect) -> None:
    state, alice = sandbox.state, sandbox.user("alice").id
    general = sandbox.channel("general").id
    hers = state.create_thread(general, "hers", alice, type=11)
    shared = state.create_thread(general, "shared", alice, type=11)
    state.set_thread_member(shared.id, sandbox.bot_user.id, True, by=alice)
    client = await connect()
    guild = client.get_guild(sandbox.guild.id)
    assert guild.get_thread(hers.id).me is None
    assert guild.get_thread(shared.id).me.id == sandbox.bot_user.id
