"""Members from GUILD_CREATE are kept as wire bytes and decoded on demand, invisibly.

Every scenario checks what a discord.py user can observe (``guild.members``,
``get_member``, ``client.get_user``, member events, ``message.author``) on a guild
whose members have not been decoded yet, and that ``pending`` (the members still
packed) moves as the design says.
"""

from __future__ import annotations

import asyncio
import gc
import sys

import msgspec
import pytest

import tidecord
from tidecord.cache import Cache
from tidecord.cache.member_view import PackedMember
from tidecord.cache.members import GuildMembers
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]
WORLD = World.from_dict({
    "users": [{"username": name, "global_name": name.title()} for name in PEOPLE],
    "guilds": [{
        "name": "Packed", "owner": "alice", "bot_permissions": ["administrator"],
        "roles": [{"name": "@everyone", "permissions": ["view_channel", "send_messages"]},
                  {"name": "Moderator", "permissions": ["kick_members"]}],
        "channels": [{"name": "Text Channels", "type": 4},
                     {"name": "general", "parent": "Text Channels"}],
        "members": [{"user": "alice", "roles": ["Moderator"]},
                    {"user": "carol", "roles": ["Moderator"]}, "bob", "dave", "erin"],
    }],
})
PACKED = pytest.mark.sandbox(world=WORLD)


def _intents() -> tidecord.Intents:
    # With presences a guild's GUILD_CREATE carries its members (packed from there);
    # without, Discord sends the bot and voice only and the rest comes in chunks.
    intents = tidecord.Intents.default()
    intents.members = intents.presences = True
    intents.message_content = True
    return intents


def _ids_in_sandbox(sandbox: Sandbox, guild_id: int) -> set[int]:
    return set(sandbox.state.members[guild_id])


async def _event(client: tidecord.Client, name: str) -> asyncio.Task[object]:
    waiter = asyncio.create_task(client.wait_for(name, timeout=5))
    await asyncio.sleep(0)
    return waiter


@PACKED
async def test_members_are_counted_and_found_without_decoding_the_guild(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    members = guild.members
    everyone = _ids_in_sandbox(sandbox, guild.id)
    assert isinstance(members, GuildMembers)
    assert len(members) == members.pending == len(everyone) == guild.member_count == 6
    assert guild.chunked and sandbox.user("bob").id in members

    bob = guild.get_member(sandbox.user("bob").id)
    assert bob is not None and bob.name == "bob" and bob.guild is guild
    assert guild.get_member(bob.id) is bob and bob in members
    assert members.pending == 5 and len(members) == 6
    # A user of a member not decoded yet is still a known user, and then shared.
    erin = client.get_user(sandbox.user("erin").id)
    assert erin is not None and erin.name == "erin"
    assert guild.get_member(erin.id).user is erin
    assert client.get_user(424242) is None and guild.get_member(424242) is None

    assert {m.id for m in guild.members} == everyone  # iterating decodes the rest
    assert members.pending == 0 and len(members) == 6
    assert guild.get_member(bob.id) is bob  # the same object as before
    assert {u.id for u in client.users} >= everyone


@PACKED
async def test_member_events_on_a_packed_guild(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    members = guild.members
    assert isinstance(members, GuildMembers) and members.pending == 6

    joined = await _event(client, "member_join")
    frank = await sandbox.join("frank")
    member = await joined
    assert member.name == "frank" and guild.get_member(frank.user.id) is member
    assert len(members) == 7 and members.pending == 6 and guild.member_count == 7

    bob_id = sandbox.user("bob").id
    updated = await _event(client, "member_update")
    await client.http.edit_member(guild.id, bob_id, {"nick": "Bobby"})
    before, after = await updated
    assert (before.nick, after.nick, after.display_name) == (None, "Bobby", "Bobby")
    assert before.user is after.user is client.get_user(bob_id)
    assert guild.get_member(bob_id) is after and len(members) == 7 and members.pending == 5

    dave_id = sandbox.user("dave").id
    removed = await _event(client, "member_remove")
    await sandbox.leave("dave")
    gone = await removed
    assert gone.id == dave_id and gone.name == "dave"
    assert guild.get_member(dave_id) is None and dave_id not in members
    assert len(members) == 6 and members.pending == 4 and guild.member_count == 6
    assert {m.id for m in guild.members} == _ids_in_sandbox(sandbox, guild.id)


@PACKED
async def test_message_author_is_a_member_with_roles(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    moderator = next(r for r in guild.roles if r.name == "Moderator")
    await sandbox.send_message("carol", "general", "hello")
    message = await client.wait_for("message", timeout=5)
    author = message.author
    assert isinstance(author, tidecord.Member) and author.name == "carol"
    assert moderator in author.roles and moderator.id in author.role_ids
    assert author.top_role is moderator and author.guild is guild
    cached = guild.get_member(author.id)
    assert cached is not None and moderator in cached.roles
    assert cached.guild_permissions.kick_members


# The test's own gc.collect() held the loop 254 ms on the heap a whole suite leaves
# behind (CI-like run): strict mode would blame the test for its own probe.
@pytest.mark.tidecord_strict(False)
@PACKED
async def test_a_kept_packed_member_reads_like_a_decoded_one_throughout(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    general = next(c for c in guild.text_channels if c.name == "general")
    alice_id = sandbox.user("alice").id
    alice = guild.get_member(alice_id)
    assert isinstance(alice, PackedMember)
    joined = sandbox.state.members[guild.id][alice_id].joined_at

    def reads_as_alice(member: tidecord.Member) -> None:
        assert member.guild is guild and member.id == alice_id
        assert (member.name, member.display_name) == ("alice", "Alice")
        assert member.joined_at == joined and member.mention == f"<@{alice_id}>"
        assert [r.name for r in member.roles] == ["@everyone", "Moderator"]
        assert member.top_role is not None and member.top_role.name == "Moderator"
        assert member.guild_permissions.kick_members
        assert general.permissions_for(member).send_messages

    reads_as_alice(alice)
    # Walks make and forget views of everyone else; the kept one stays the one handed out.
    assert sum(1 for m in guild.members if m.display_name and m.roles is not None) == 6
    gc.collect()
    client._connection.cache.sweep_views()
    assert guild.get_member(alice_id) is alice and alice in guild.members
    # A chunk replaces her record: the kept view still reads, and equals the new one.
    await asyncio.wait_for(guild.chunk(), 5)
    fresh = guild.get_member(alice_id)
    assert fresh is not alice and fresh == alice and alice == fresh
    assert hash(fresh) == hash(alice) and len({fresh, alice}) == 1
    reads_as_alice(alice)
    reads_as_alice(fresh)
    # She leaves: the kept reference still reads what she was.
    removed = await _event(client, "member_remove")
    await sandbox.leave("alice")
    assert await removed == alice
    assert guild.get_member(alice_id) is None and alice not in guild.members
    assert (alice.name, alice.display_name, alice.joined_at) == ("alice", "Alice", joined)


@PACKED
async def test_role_deleted_while_its_members_are_packed(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    moderator = next(r for r in guild.roles if r.name == "Moderator")
    alice_id, carol_id = sandbox.user("alice").id, sandbox.user("carol").id
    carol = guild.get_member(carol_id)  # decoded before, alice still packed
    assert moderator in carol.roles
    deleted = await _event(client, "guild_role_delete")
    await client.http.request(tidecord.rest.Route(
        "DELETE", "/guilds/{guild_id}/roles/{role_id}", guild_id=guild.id, role_id=moderator.id))
    await deleted
    assert moderator.id not in carol.role_ids
    alice = guild.get_member(alice_id)
    assert alice is not None and moderator.id not in alice.role_ids and alice.top_role is not None


@PACKED
async def test_chunk_results_merge_with_packed_members(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    members = guild.members
    bob = guild.get_member(sandbox.user("bob").id)
    chunked = await asyncio.wait_for(guild.chunk(), 5)
    everyone = _ids_in_sandbox(sandbox, guild.id)
    assert {m.id for m in chunked} == everyone
    assert len(members) == len(everyone) and members.pending == 0
    for member in chunked:
        assert guild.get_member(member.id) is member
        assert member.user is client.get_user(member.id)
    # The chunk's record replaced bob's; both share the one user record.
    assert guild.get_member(bob.id).user is bob.user
    assert {m.id for m in guild.members} == everyone


@PACKED
async def test_bounded_policies_decode_at_once(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_intents(), member_cache=tidecord.MemberCachePolicy.lru(3))
    members = client.guilds[0].members
    assert isinstance(members, GuildMembers) and members.pending == 0
    assert 1 <= len(members) <= 4 and client.guilds[0].me is not None


def test_an_id_straddling_two_packed_ids_is_not_a_member() -> None:
    low, high = 0x1111111122222222, 0x3333333344444444
    members = GuildMembers(Cache(), 1)
    members.pack(msgspec.Raw(msgspec.json.encode([
        {"user": {"id": str(uid), "username": f"u{uid}"}, "roles": []} for uid in (low, high)
    ])))
    straddling = int.from_bytes(
        low.to_bytes(8, sys.byteorder)[4:] + high.to_bytes(8, sys.byteorder)[:4], sys.byteorder)
    assert straddling not in members and members.get(straddling) is None
    assert high in members and members.get(high).name == f"u{high}"
    assert members.pending == 1 and len(members) == 2


def test_guild_create_shares_what_many_roles_and_channels_hold_alike() -> None:
    from tidecord.events.parse_guild import _GUILD_CREATE

    colors = {"primary_color": 0, "secondary_color": None, "tertiary_color": None}
    roles = [{"id": str(10 + i), "name": f"r{i}", "permissions": "0", "colors": dict(colors)}
             for i in range(3)]
    roles.append({"id": "20", "name": "two-tone", "permissions": "0",
                  "colors": {"primary_color": 0, "secondary_color": 5, "tertiary_color": None}})
    channels = [{"id": "30", "type": 4, "name": "Category"}, *(
        {"id": str(31 + i), "type": 0, "name": f"c{i}", "parent_id": "30",
         "default_auto_archive_duration": 1440} for i in range(2))]
    guild = {"id": "1", "name": "g", "owner_id": "2", "roles": roles, "channels": channels}
    cache = Cache()
    first = cache.add_guild(_GUILD_CREATE.decode(msgspec.json.encode(guild)))
    second = cache.add_guild(_GUILD_CREATE.decode(msgspec.json.encode({**guild, "id": "3"})))
    shared = first.roles.get(10).colors
    assert shared == colors and type(shared) is dict
    assert all(g.roles.get(i).colors is shared for g in (first, second) for i in (10, 11, 12))
    assert first.roles.get(20).colors == {**colors, "secondary_color": 5}
    assert first.roles.get(20).colors is not second.roles.get(20).colors  # not one colour: own dict
    category = first.channels.get(30)
    for child in (first.channels.get(31), first.channels.get(32)):
        assert child.parent_id == 30 and child.parent_id is category.id
        assert type(child.parent_id) is type(category.id)
        assert child.default_auto_archive_duration == 1440
