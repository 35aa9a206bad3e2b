"""Text -> members, users, channels, threads, roles, guilds, messages and emoji, read
from a real client's cache, and from Discord (the sandbox) where the cache is silent."""

from __future__ import annotations

import asyncio

import pytest

from tidecord import CategoryChannel, ChannelType, TextChannel, VoiceChannel
from tidecord.commands import resolve
from tidecord.commands.resolve import Unresolved
from tidecord.models import Member

from .conftest import Live

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_members_by_id_mention_and_every_name(live: Live) -> None:
    msg = await live.said("alice", "general", "resolve: members")
    bob = live.sb.user("bob")

    for text in (str(bob.id), f"<@{bob.id}>", f"<@!{bob.id}>", "bob", "bob#0", "Bob", "Bobby"):
        found = await resolve.member(msg, text)
        assert isinstance(found, Member) and found.id == bob.id, text
    assert await resolve.member(msg, "bobby") is None          # names are exact
    assert await resolve.member(msg, "nobody at all") is None


async def test_a_member_of_another_guild_is_not_a_member_here(live: Live) -> None:
    msg = await live.said("alice", "general", "resolve: other guild")
    carol = live.sb.user("carol")
    assert await resolve.member(msg, str(carol.id)) is None
    assert await resolve.member(msg, "carol") is None
    # From a DM, every guild the bot shares counts.
    dm = await live.dm("alice", "resolve: other guild dm")
    found = await resolve.member(dm, "carol")
    assert found is not None and found.guild.name == "Elsewhere"
    assert (await resolve.member(dm, str(carol.id))).id == carol.id


async def test_a_member_missing_from_the_cache_is_asked_of_discord(live: Live) -> None:
    msg = await live.said("alice", "general", "resolve: uncached")
    bob = live.sb.user("bob")
    cache = live.client._connection.cache
    cache.remove_member(msg.guild.id, bob.id)
    assert msg.guild.get_member(bob.id) is None

    asked = asyncio.ensure_future(live.client.wait_for("guild_members_chunk", timeout=5))
    await asyncio.sleep(0)
    found = await resolve.member(msg, str(bob.id))
    assert found is not None and found.nick == "Bobby"
    await asyncio.wait_for(asked, 5)  # the gateway member query answered it
    assert msg.guild.get_member(bob.id) is not None  # and the chunk refilled the cache

    cache.remove_member(msg.guild.id, bob.id)
    assert (await resolve.member(msg, "Bobby")).id == bob.id  # by name, the same way


async def test_someone_who_left_is_not_found_even_when_mentioned(live: Live) -> None:
    dave = await live.sb.join("dave")
    await live.sb.leave("dave")  # the client has no members intent: it hears of neither
    msg = await live.said("alice", "general", f"resolve: bye <@{dave.user.id}>")
    assert await resolve.member(msg, f"<@{dave.user.id}>") is None
    # As a user, Discord still knows them.
    user = await resolve.user(msg, f"<@{dave.user.id}>")
    assert user is not None and user.name == "dave"


async def test_users_from_cache_mentions_rest_and_names(live: Live) -> None:
    msg = await live.said("bob", "general", "resolve: users")
    alice = live.sb.user("alice")
    for text in (str(alice.id), f"<@{alice.id}>", "alice", "alice#0", "Alice"):
        found = await resolve.user(msg, text)
        assert found is not None and found.id == alice.id, text
    assert await resolve.user(msg, "88888888888888888") is None  # REST: 10013 unknown user
    assert await resolve.user(msg, "no such person") is None


async def test_channels_by_name_id_mention_link_and_kind(live: Live) -> None:
    msg = await live.said("bob", "general", "resolve: channels")
    ideas = live.sb.channel("ideas")
    link = f"https://discord.com/channels/{live.sb.guild.id}/{ideas.id}"

    for text in ("ideas", str(ideas.id), f"<#{ideas.id}>", link):
        found = resolve.guild_channel(msg, text, TextChannel)
        assert found is not None and found.id == ideas.id, text
    assert resolve.guild_channel(msg, "Lounge", VoiceChannel).name == "Lounge"
    assert resolve.guild_channel(msg, "Lounge", TextChannel) is None
    assert resolve.guild_channel(msg, "Text Channels", CategoryChannel) is not None
    assert resolve.guild_channel(msg, "Lounge").name == "Lounge"  # any guild channel
    assert resolve.guild_channel(msg, "porch") is None  # another guild's
    dm = await live.dm("bob", "resolve: channels dm")
    assert resolve.guild_channel(dm, "porch", TextChannel).name == "porch"


async def test_threads_by_name_and_id(live: Live) -> None:
    msg = await live.said("bob", "general", "resolve: threads")
    made = asyncio.ensure_future(live.client.wait_for("thread_create", timeout=5))
    await asyncio.sleep(0)
    thread = await msg.channel.create_thread(name="plans", type=ChannelType.public_thread)
    await made
    assert resolve.thread(msg, "plans").id == thread.id
    assert resolve.thread(msg, f"<#{thread.id}>").id == thread.id
    assert resolve.thread(msg, "general") is None  # a channel is not a thread
    assert resolve.thread(await live.dm("bob", "resolve: threads dm"), "plans") is None


async def test_roles_and_guilds(live: Live) -> None:
    msg = await live.said("bob", "general", "resolve: roles")
    helper = next(r for r in msg.guild.roles.values() if r.name == "Helper")

    for text in ("Helper", str(helper.id), f"<@&{helper.id}>"):
        assert resolve.role(msg, text) == helper, text
    assert resolve.role(msg, "helper") is None
    assert resolve.role(await live.dm("bob", "resolve: roles dm"), "Helper") is None
    assert resolve.guild(msg, "Elsewhere").name == "Elsewhere"
    assert resolve.guild(msg, str(live.sb.guild.id)).name == "Sandbox"
    assert resolve.guild(msg, "Nowhere") is None


async def test_messages_from_the_cache_then_rest(live: Live) -> None:
    here = await live.said("bob", "general", "resolve: the message")
    elsewhere = await live.said("alice", "ideas", "resolve: over there")
    asker = await live.said("bob", "general", "resolve: which?")

    assert (await resolve.message(asker, str(here.id))).id == here.id
    assert (await resolve.message(asker, f"{elsewhere.channel_id}-{elsewhere.id}")).content == \
        "resolve: over there"
    assert (await resolve.message(asker, elsewhere.jump_url)).id == elsewhere.id
    # Not cached: fetched from its channel.
    live.client._connection.cache.remove_message(elsewhere.id)
    fetched = await resolve.message(asker, elsewhere.jump_url)
    assert fetched.content == "resolve: over there" and fetched is not elsewhere


async def test_message_lookups_fail_in_three_named_ways(live: Live) -> None:
    asker = await live.said("bob", "general", "resolve: failing")
    hidden = live.sb.channel("hidden")
    missing = "99999999999999999"
    with pytest.raises(Unresolved) as no_message:
        await resolve.message(asker, missing)
    assert (no_message.value.what, no_message.value.argument) == ("message", missing)
    with pytest.raises(Unresolved) as no_channel:
        await resolve.message(asker, f"{missing}-{missing}")
    assert (no_channel.value.what, no_channel.value.argument) == ("channel", int(missing))
    with pytest.raises(Unresolved) as unreadable:
        await resolve.message(asker, f"{hidden.id}-{missing}")
    # The bot knows the channel only as Discord shows one it may not view (obfuscated).
    assert unreadable.value.what == "unreadable" and unreadable.value.argument.id == hidden.id
    assert unreadable.value.argument.name == "___hidden___"
    with pytest.raises(Unresolved):
        await resolve.message(asker, "not an id")
    # A message the cache holds is found whatever channel is named, as in discord.py.
    assert (await resolve.message(asker, f"{missing}-{asker.id}")).id == asker.id


async def test_partial_messages_need_no_request(live: Live) -> None:
    asker = await live.said("bob", "general", "resolve: partial")
    partial = resolve.partial_message(asker, "99999999999999999")
    assert partial.id == 99999999999999999 and partial.channel_id == asker.channel_id
    with pytest.raises(Unresolved) as no_channel:
        resolve.partial_message(asker, "99999999999999999-99999999999999999")
    assert no_channel.value.what == "channel"


async def test_custom_emoji_by_id_and_name(live: Live) -> None:
    msg = await live.said("bob", "general", "resolve: emoji")
    party = next(e for e in msg.guild.emojis if e.name == "party")
    for text in ("party", str(party.id), f"<:party:{party.id}>"):
        assert resolve.emoji(msg, text) == party, text
    assert resolve.emoji(msg, "dance").animated is True
    assert resolve.emoji(msg, "nope") is None
