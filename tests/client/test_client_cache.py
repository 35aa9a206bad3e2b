"""The cache stays consistent through the gateway's events."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import tidecord
from tidecord.models.channel import CHANNEL_OVERWRITES
from tidecord.models.overwrite import ChannelOverwrite
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, admin_world

ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))


def _members_intents() -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.members = True
    intents.message_content = True
    return intents


@ADMIN
async def test_members_join_update_leave(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_members_intents())
    guild = client.guilds[0]
    count = guild.member_count
    joined = asyncio.create_task(client.wait_for("member_join", timeout=5))
    await asyncio.sleep(0)
    carol = await sandbox.join("carol")
    member = await joined
    assert member.name == "carol" and member.guild is guild
    assert guild.get_member(carol.user.id) is member
    assert client.get_user(carol.user.id) is member.user
    assert guild.member_count == count + 1

    # bob, not alice: alice owns the guild and nobody outranks an owner.
    bob_id = sandbox.user("bob").id
    before_bob = guild.get_member(bob_id)
    updated = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    await before_bob.edit(nick="Al")
    before, after = await updated
    assert before.nick != "Al" and after.nick == "Al" and after.display_name == "Al"
    assert guild.get_member(bob_id) is after
    # One user record, shared by the membership and the user cache.
    assert after.user is before.user is client.get_user(bob_id)

    left = asyncio.create_task(client.wait_for("member_remove", timeout=5))
    await asyncio.sleep(0)
    await sandbox.leave("carol")
    assert (await left) is member
    assert guild.get_member(carol.user.id) is None
    assert guild.member_count == count


@ADMIN
async def test_changing_a_roles_permissions_read_leaves_the_cache_as_discord_said(
        sandbox: Sandbox, connect: Connect) -> None:
    # discord.py code reads, changes and sends back (perms.update(...), then
    # role.edit(permissions=perms)): the change must not reach the cache before
    # Discord accepts it, or permission checks answer for a role that is not so.
    client = await connect(intents=_members_intents())
    guild = client.guilds[0]
    moderator = next(r for r in guild.roles if r.name == "Moderator")
    general = next(c for c in guild.channels if c.name == "general")
    bob = guild.get_member(sandbox.user("bob").id)
    assert bob is not None
    given = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    await bob.add_roles(moderator)
    _, bob = await given
    assert general.permissions_for(bob).kick_members and not general.permissions_for(
        bob).ban_members
    perms = moderator.permissions
    perms.ban_members = True
    assert perms.ban_members and perms.kick_members
    assert not moderator.permissions.ban_members and moderator.permissions.kick_members
    assert not general.permissions_for(bob).ban_members
    assert moderator.permissions is not moderator.permissions  # a copy each time
    # What was changed is what gets sent, and Discord's answer is what the cache keeps.
    updated = asyncio.create_task(client.wait_for("guild_role_update", timeout=5))
    await asyncio.sleep(0)
    await client.http.request(tidecord.rest.Route(
        "PATCH", "/guilds/{guild_id}/roles/{role_id}", guild_id=guild.id, role_id=moderator.id),
        json={"permissions": str(perms.value)})
    _, after = await updated
    assert guild.get_role(moderator.id).permissions.ban_members
    assert general.permissions_for(bob).ban_members and after.permissions.value == perms.value


@ADMIN
async def test_channels_without_overwrites_share_one_list_nobody_can_change(
        sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_members_intents())
    guild = client.guilds[0]
    general, ideas = (next(c for c in guild.channels if c.name == name)
                      for name in ("general", "ideas"))
    assert CHANNEL_OVERWRITES.__get__(general) is CHANNEL_OVERWRITES.__get__(ideas)
    bob = guild.get_member(sandbox.user("bob").id)
    assert bob is not None and general.permissions_for(bob).send_messages
    # What a read hands out is the reader's own: changing it reaches no channel.
    deny = ChannelOverwrite(id=bob.id, type=1, allow=tidecord.Permissions(0),
                               deny=tidecord.Permissions(send_messages=True))
    general.permission_overwrites.append(deny)
    assert general.permission_overwrites == [] and ideas.permission_overwrites == []
    assert general.permissions_for(bob).send_messages


@ADMIN
async def test_roles_create_assign_delete(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_members_intents())
    guild = client.guilds[0]
    created = asyncio.create_task(client.wait_for("guild_role_create", timeout=5))
    await asyncio.sleep(0)
    await client.http.create_role(guild.id, {"name": "Helper"})
    role = await created
    assert guild.get_role(role.id) is role
    bob = guild.get_member(sandbox.user("bob").id)
    update = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    await bob.add_roles(role)
    _, bob_after = await update
    assert role.id in bob_after.role_ids and role in bob_after.roles
    deleted = asyncio.create_task(client.wait_for("guild_role_delete", timeout=5))
    await asyncio.sleep(0)
    await client.http.request(tidecord.rest.Route(
        "DELETE", "/guilds/{guild_id}/roles/{role_id}", guild_id=guild.id, role_id=role.id))
    assert (await deleted).id == role.id
    assert guild.get_role(role.id) is None
    assert role.id not in guild.get_member(bob.id).roles


@ADMIN
async def test_channels_and_threads(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    created = asyncio.create_task(client.wait_for("guild_channel_create", timeout=5))
    await asyncio.sleep(0)
    made = await guild.create_text_channel("plans", topic="what next")
    channel = await created
    assert channel.id == made.id and client.get_channel(made.id) is channel
    assert channel in guild.text_channels and channel.guild is guild

    updated = asyncio.create_task(client.wait_for("guild_channel_update", timeout=5))
    await asyncio.sleep(0)
    await channel.edit(topic="decided")
    before, after = await updated
    assert (before.topic, after.topic) == ("what next", "decided")
    assert guild.get_channel(channel.id) is after

    thread_made = asyncio.create_task(client.wait_for("thread_create", timeout=5))
    await asyncio.sleep(0)
    thread = await after.create_thread(name="details")
    assert (await thread_made).id == thread.id
    assert guild.get_thread(thread.id).name == "details"

    deleted = asyncio.create_task(client.wait_for("guild_channel_delete", timeout=5))
    await asyncio.sleep(0)
    await after.delete()
    assert (await deleted).id == channel.id
    assert client.get_channel(channel.id) is None and guild.get_channel(channel.id) is None


async def test_archived_threads_leave_the_cache_and_come_back_as_joined(
        sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.get_guild(sandbox.guild.id)
    general = guild.get_channel(sandbox.channel("general").id)

    def soon(event: str) -> asyncio.Task[Any]:
        return asyncio.create_task(client.wait_for(event, timeout=5))

    made = soon("thread_create")
    await asyncio.sleep(0)
    thread = await general.create_thread(name="later",
                                         type=tidecord.ChannelType.public_thread)
    await made
    raw, updated = soon("raw_thread_update"), soon("thread_update")
    await asyncio.sleep(0)
    await thread.edit(archived=True)
    payload = await raw
    assert (payload.thread_id, payload.parent_id, payload.guild_id) == (
        thread.id, general.id, guild.id)
    assert payload.thread_type == tidecord.ChannelType.public_thread
    assert payload.data["thread_metadata"]["archived"] is True
    before, after = await updated
    assert not before.archived and after.archived and guild.get_thread(thread.id) is None

    joined = soon("thread_join")
    await asyncio.sleep(0)
    await thread.edit(archived=False)
    assert (await joined).id == thread.id
    assert guild.get_thread(thread.id) is not None
    raw_deleted, deleted = soon("raw_thread_delete"), soon("thread_delete")
    await asyncio.sleep(0)
    await thread.delete()
    gone = await raw_deleted
    assert gone.thread_id == thread.id and gone.thread is not None
    assert (await deleted).id == thread.id


async def test_message_edit_delete_bulk_and_bound(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(max_messages=5)
    first = await sandbox.send_message("alice", "general", "draft")
    cached = await client.wait_for("message", timeout=5)
    edited = asyncio.create_task(client.wait_for("message_edit", timeout=5))
    await asyncio.sleep(0)
    await sandbox.edit_message("alice", first, "final")
    before, after = await edited
    assert (before.content, after.content) == ("draft", "final")
    assert before is cached and after.edited_timestamp is not None

    deleted = asyncio.create_task(client.wait_for("message_delete", timeout=5))
    await asyncio.sleep(0)
    await sandbox.delete_message("alice", first)
    assert (await deleted).id == first.id
    assert all(m.id != first.id for m in client.cached_messages)

    channel = client.get_channel(sandbox.channel("general").id)
    sent = [await channel.send(f"m{i}") for i in range(7)]
    await client.wait_for("message", check=lambda m: m.content == "m6", timeout=5)
    assert [m.content for m in client.cached_messages] == ["m2", "m3", "m4", "m5", "m6"]
    bulk = asyncio.create_task(client.wait_for("raw_bulk_message_delete", timeout=5))
    await asyncio.sleep(0)
    await channel.delete_messages(sent[-3:])
    payload = await bulk
    assert payload.message_ids == {m.id for m in sent[-3:]}
    assert [m.content for m in client.cached_messages] == ["m2", "m3"]


async def test_reactions_and_typing(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    msg = await client.get_channel(sandbox.channel("general").id).send("vote here")
    await client.wait_for("message", check=lambda m: m.id == msg.id, timeout=5)
    added = asyncio.create_task(client.wait_for("reaction_add", timeout=5))
    await asyncio.sleep(0)
    await sandbox.react("alice", msg, "👍")
    reaction, user = await added
    assert (str(reaction.emoji), reaction.count, reaction.me) == ("👍", 1, False)
    assert user.name == "alice" and reaction.message.id == msg.id

    mine = asyncio.create_task(client.wait_for("reaction_add", timeout=5))
    await asyncio.sleep(0)
    await msg.add_reaction("👍")
    reaction, user = await mine
    assert (reaction.count, reaction.me, user == client.user) == (2, True, True)

    removed = asyncio.create_task(client.wait_for("reaction_remove", timeout=5))
    await asyncio.sleep(0)
    await sandbox.react("alice", msg, "👍", remove=True)
    reaction, _ = await removed
    assert reaction.count == 1

    typing = asyncio.create_task(client.wait_for("typing", timeout=5))
    await asyncio.sleep(0)
    await sandbox.typing("bob", "general")
    channel, who, when = await typing
    assert channel.name == "general" and who.name == "bob" and when.year >= 2024


async def test_member_cache_policies(sandbox: Sandbox, connect: Connect) -> None:
    only_me = await connect(intents=_members_intents(),
                            member_cache=tidecord.MemberCachePolicy.none())
    guild = only_me.guilds[0]
    assert [m.id for m in guild.members] == [only_me.user.id] and guild.me is not None
    bounded = await connect(intents=_members_intents(),
                            member_cache=tidecord.MemberCachePolicy.lru(1))
    assert len(bounded.guilds[0].members) <= 2  # the newest one, plus the bot itself
    assert bounded.guilds[0].me is not None


async def test_interaction_is_answered(sandbox: Sandbox, connect: Connect) -> None:
    class Bot(tidecord.Client):
        async def on_interaction(self, interaction: tidecord.Interaction) -> None:
            assert interaction.user.name == "alice"
            assert interaction.guild is self.guilds[0]
            assert interaction.channel is self.get_channel(interaction.channel_id)
            await interaction.response.send_message("pong", ephemeral=True)
            await interaction.followup.send("and more")

    client = await connect(Bot)
    await client.http.bulk_overwrite_commands(
        client.application_id, [{"name": "ping", "description": "Ping!", "type": 1}])
    record = await sandbox.invoke_command("alice", "general", "ping")
    await record.wait_response()
    assert record.response_type == 4
    assert record.response_data["content"] == "pong" and record.response_data["flags"] == 64
    for _ in range(100):
        if record.followups:
            break
        await asyncio.sleep(0.02)
    assert record.followups[0].content == "and more"


async def test_button_click_updates_the_message(sandbox: Sandbox, connect: Connect) -> None:
    class Bot(tidecord.Client):
        async def on_interaction(self, interaction: tidecord.Interaction) -> None:
            if interaction.data.custom_id == "vote":
                await interaction.response.edit_message(content="voted!", components=[])

    client = await connect(Bot)
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "Vote",
                                      "custom_id": "vote"}]}
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("vote?", components=[row])
    assert sent.components[0].components[0].custom_id == "vote"
    record = await sandbox.click_button("alice", sent.id, "vote", channel="general")
    await record.wait_response()
    assert record.response_type == 7 and record.response_data["content"] == "voted!"


async def test_leaving_a_guild_removes_it(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    channel_ids = [c.id for c in guild.channels]
    removed = asyncio.create_task(client.wait_for("guild_remove", timeout=5))
    await asyncio.sleep(0)
    await guild.leave()
    assert (await removed) is guild
    assert client.guilds == [] and client.get_guild(guild.id) is None
    assert all(client.get_channel(cid) is None for cid in channel_ids)


async def test_presence_update_refreshes_the_shared_user(
    sandbox: Sandbox, connect: Connect
) -> None:
    intents = _members_intents()
    intents.presences = True
    client = await connect(intents=intents)
    guild = client.guilds[0]
    alice = sandbox.user("alice")
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    sandbox.state.emit("PRESENCE_UPDATE", {
        "user": {"id": str(alice.id), "username": "alice2", "global_name": "Alice Two"},
        "guild_id": str(guild.id), "status": "idle", "activities": [], "client_status": {},
    }, guild_id=guild.id)
    before, member = await seen
    assert (before.status, member.status) == (tidecord.Status.offline, tidecord.Status.idle)
    assert member == guild.get_member(alice.id)
    assert member.name == "alice2" and member.display_name == "Alice Two"
    assert client.get_user(alice.id).name == "alice2"


@ADMIN
async def test_a_guild_fetches_only_its_own_channels(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_members_intents())
    guild = client.guilds[0]
    general = next(c for c in guild.channels if c.name == "general")
    assert (await guild.fetch_channel(general.id)).name == "general"
    dm = await client.create_dm(sandbox.user("bob").id)
    with pytest.raises(tidecord.InvalidData, match="private channel"):
        await guild.fetch_channel(dm.id)
    with pytest.raises(tidecord.NotFound):
        await guild.fetch_role(1234)


async def test_a_channel_knows_its_last_message(sandbox: Sandbox, connect: Connect) -> None:
    # MESSAGE_CREATE moves the cached channel's last_message_id (written per message
    # past the attribute's view, which reads a channel with none as None).
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    before = channel.last_message_id
    assert before is None or isinstance(before, int)
    for text in ("one", "two"):
        await sandbox.send_message("alice", "general", text)
        message = await client.wait_for("message", timeout=5)
        assert channel.last_message_id == message.id
        assert channel.last_message is message
