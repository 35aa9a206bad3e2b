"""The subject adapter answers who, where and which client for messages, interactions
and Context-shaped objects alike, from what a real client received."""

from __future__ import annotations

import asyncio
import types
from typing import Any

import pytest

from tidecord.commands import subject
from tidecord.models import Member, Permissions

from .conftest import Live

pytestmark = pytest.mark.asyncio(loop_scope="module")


def reads_as_bob_in_general(live: Live, obj: object) -> None:
    author = subject.author_of(obj)
    assert isinstance(author, Member) and author.display_name == "Bobby"
    assert subject.guild_of(obj).name == "Sandbox"
    assert subject.channel_of(obj).name == "general"
    assert subject.client_of(obj) is live.client


async def test_a_guild_message_reads_as_its_member_guild_channel_and_client(live: Live) -> None:
    msg = await live.said("bob", "general", "subject: hello")

    reads_as_bob_in_general(live, msg)
    assert subject.message_of(msg) is msg
    assert subject.me_of(msg).id == live.sb.bot_user.id


async def test_a_direct_message_has_no_guild_and_dm_permissions(live: Live) -> None:
    msg = await live.dm("alice", "subject: psst")

    assert subject.guild_of(msg) is None
    assert subject.channel_of(msg).is_dm
    assert subject.me_of(msg).id == live.sb.bot_user.id
    perms = subject.permissions_of(msg)
    assert perms.send_messages and perms.embed_links and not perms.manage_messages
    assert not perms.kick_members and subject.bot_permissions_of(msg) == perms


async def test_permissions_come_from_roles_and_overwrites(live: Live) -> None:
    from_bob = await live.said("bob", "general", "subject: perms bob")
    from_alice = await live.said("alice", "general", "subject: perms alice")

    assert not subject.permissions_of(from_bob).manage_messages
    assert subject.permissions_of(from_alice).administrator  # the owner may do everything
    bot = subject.bot_permissions_of(from_bob)
    assert bot.kick_members and bot.manage_messages and not bot.ban_members


async def _probe(live: Live) -> Any:
    """The interaction of bob using a ``/probe`` command in #general."""
    app_id = live.client.application_id
    await live.client.http.bulk_overwrite_commands(
        app_id, [{"name": "probe", "description": "a probe", "type": 1}])
    got = asyncio.ensure_future(live.client.wait_for("interaction", timeout=10))
    await asyncio.sleep(0)
    await live.sb.invoke_command("bob", "general", "probe")
    return await got


async def test_an_interaction_reads_as_its_member_and_discords_permissions(live: Live) -> None:
    interaction = await _probe(live)

    reads_as_bob_in_general(live, interaction)
    assert subject.message_of(interaction) is None
    # What Discord computed and sent, not a recomputation.
    assert subject.permissions_of(interaction) == interaction.permissions
    assert isinstance(subject.bot_permissions_of(interaction), Permissions)
    assert subject.bot_permissions_of(interaction) == interaction.app_permissions


async def test_a_context_made_from_an_interaction_has_discords_permissions(live: Live) -> None:
    # A hybrid command's Context carries the interaction it came from: Discord's
    # answer counts, read as the interaction's own kind is read.
    interaction = await _probe(live)
    ctx = types.SimpleNamespace(author=interaction.user, guild=interaction.guild,
                                channel=interaction.channel, bot=live.client, message=None,
                                interaction=interaction)

    assert subject.permissions_of(ctx) == interaction.permissions
    assert subject.bot_permissions_of(ctx) == interaction.app_permissions


async def test_a_context_shaped_object_is_read_by_its_attributes(live: Live) -> None:
    msg = await live.said("alice", "ideas", "subject: shaped")
    ctx = types.SimpleNamespace(author=msg.author, guild=msg.guild, channel=msg.channel,
                                bot=live.client, message=msg)

    assert subject.author_of(ctx) is msg.author
    assert subject.channel_of(ctx).name == "ideas"
    assert subject.client_of(ctx) is live.client
    assert subject.permissions_of(ctx).administrator


async def test_a_registered_kind_is_read_its_own_way(live: Live) -> None:
    class Probe:
        def __init__(self, who: object) -> None:
            self.who = who

    msg = await live.said("bob", "ideas", "subject: probe")
    subject.register(Probe, subject.Reader(
        author=lambda p: p.who, guild=lambda p: None, channel=lambda p: msg.channel,
        client=lambda p: live.client, message=lambda p: None,
        permissions=lambda p: Permissions(administrator=True), bot_permissions=lambda p: None))

    class SubProbe(Probe):
        pass

    probe = SubProbe("someone")
    assert subject.author_of(probe) == "someone"
    assert subject.guild_of(probe) is None
    assert subject.permissions_of(probe).administrator
