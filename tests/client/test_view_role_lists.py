"""A packed member's ``roles`` after the guild's roles change, on the real sandbox.

These scenarios hold views (from ``get_member`` and from iterating ``guild.members``)
across every event that changes what their roles read: a role made, moved, renamed,
deleted, a guild update that brings new role objects, a member given roles, and a
message whose author's roles changed while no event said so. After each, every held
view reads what a plain ``Member`` with the same role ids reads (``detach()``), as the
guild's own role objects, in hierarchy order, a new list each read. (A guard for any
cache of resolved role lists: an attempt to keep one per role set, read without a
Python frame, failed both scenarios until each of those events refreshed it.)
"""

from __future__ import annotations

import asyncio
import copy
import gc
import itertools
from typing import Any

import msgspec
import pytest

import tidecord
from tidecord.cache import Cache
from tidecord.cache.member_view import PackedMember
from tidecord.cache.members import GuildMembers
from tidecord.models import Guild, Permissions, Role
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]
WORLD = World.from_dict({
    "users": [{"username": name, "global_name": name.title()} for name in PEOPLE],
    "guilds": [{
        "name": "Lists", "owner": "alice", "bot_permissions": ["administrator"],
        "roles": [{"name": "@everyone", "permissions": ["view_channel", "send_messages"]},
                  {"name": "Red"}, {"name": "Green"}, {"name": "Blue"}],
        "channels": [{"name": "general"}],
        "members": [{"user": "alice", "roles": ["Red", "Green"]},
                    {"user": "bob", "roles": ["Green"]},
                    {"user": "carol", "roles": ["Red", "Green", "Blue"]},
                    {"user": "dave", "roles": ["Green"]}, "erin"],
    }],
})


def _shown(member: Any) -> list[tuple[int, str]]:
    return [(role.id, role.name) for role in member.roles]


def _agree(guild: Any, views: list[Any]) -> None:
    """Every view reads what a plain record of it reads, as the guild's role objects."""
    for view in views:
        assert isinstance(view, PackedMember)
        assert _shown(view) == _shown(view.detach()), view.name
        assert all(role is guild.get_role(role.id) for role in view.roles), view.name
        first, second = view.roles, view.roles
        assert first == second and first is not second  # a new list each read


async def _event(client: tidecord.Client, name: str) -> asyncio.Future[Any]:
    waiting = asyncio.ensure_future(client.wait_for(name, timeout=5))
    await asyncio.sleep(0)
    return waiting


@pytest.mark.sandbox(world=WORLD)
async def test_held_views_read_roles_made_moved_renamed_and_deleted(
        sandbox: Sandbox, connect: Connect) -> None:
    intents = tidecord.Intents.default()
    intents.members = intents.presences = True  # the member list comes with the guild
    client = await connect(intents=intents)
    guild = client.guilds[0]
    assert isinstance(guild.members, GuildMembers) and guild.members.packed == 6
    iterated = [m for m in guild.members if m.name in ("alice", "bob", "carol")]
    fetched = [guild.get_member(sandbox.user(name).id) for name in ("dave", "erin")]
    views = iterated + fetched
    _agree(guild, views)
    carol = iterated[2]
    assert [r.name for r in carol.roles] == ["@everyone", "Red", "Green", "Blue"]

    made = await _event(client, "guild_role_create")
    purple = await guild.create_role(name="Purple")
    await made
    _agree(guild, views)

    # Blue to the bottom: carol's list changes order with no member event.
    moved = await _event(client, "guild_role_update")
    blue = next(r for r in guild.roles if r.name == "Blue")
    await blue.edit(position=1)
    await moved
    await until(lambda: guild.roles[1].name == "Blue")
    _agree(guild, views)
    assert [r.name for r in carol.roles][:2] == ["@everyone", "Blue"]

    renamed = await _event(client, "guild_role_update")
    red = next(r for r in guild.roles if r.name == "Red")
    await red.edit(name="Crimson")
    await renamed
    _agree(guild, views)
    assert "Crimson" in [r.name for r in carol.roles]

    gone = await _event(client, "guild_role_delete")
    await next(r for r in guild.roles if r.name == "Green").delete()
    await gone
    _agree(guild, views)
    assert [r.name for r in carol.roles] == ["@everyone", "Blue", "Crimson"]

    # A member given a role: the held view is the cached record, changed in place.
    updated = await _event(client, "member_update")
    await fetched[1].add_roles(purple)
    await updated
    _agree(guild, views)
    assert purple in fetched[1].roles

    # A guild update brings new Role objects: the views read those.
    changed = await _event(client, "guild_update")
    await guild.edit(name="Lists, renamed")
    await changed
    _agree(guild, views)


@pytest.mark.sandbox(world=WORLD)
async def test_a_message_author_whose_roles_changed_unseen_reads_them(
        sandbox: Sandbox, connect: Connect) -> None:
    # Without the members intent no member event comes; a message's member refreshes
    # the cached record, here a view held from before.
    intents = tidecord.Intents.default()
    intents.message_content = intents.presences = True
    client = await connect(intents=intents)
    guild = client.guilds[0]
    bob_id = sandbox.user("bob").id
    held = guild.get_member(bob_id)
    assert isinstance(held, PackedMember)
    assert [r.name for r in held.roles] == ["@everyone", "Green"]
    blue = next(r for r in guild.roles if r.name == "Blue")
    await client.http.edit_member(guild.id, bob_id, {"roles": [str(blue.id)]})
    said = await _event(client, "message")
    await sandbox.send_message("bob", "general", "hello")
    message = await said
    assert message.author is held
    _agree(guild, [held])
    assert [r.name for r in held.roles] == ["@everyone", "Blue"]


@pytest.mark.sandbox(world=WORLD)
async def test_views_set_apart_from_their_guild_read_the_roles_it_has(
        sandbox: Sandbox, connect: Connect) -> None:
    # Views read their roles from a list kept per role set; the guild sets the lists
    # aside when its roles change. These views are no longer in the guild's views: a
    # member who left, a copy, and a record an event changed twice.
    intents = tidecord.Intents.default()
    intents.members = intents.presences = True
    client = await connect(intents=intents)
    guild = client.guilds[0]
    walked = {m.name: m for m in guild.members}
    carol, alice = walked["carol"], walked["alice"]
    copied = copy.copy(alice)
    assert isinstance(copied, PackedMember) and copied is not alice
    left = await _event(client, "member_remove")
    await carol.kick()
    await left
    assert guild.get_member(carol.id) is None
    views = [carol, alice, copied]
    _agree(guild, views)

    bob = guild.get_member(sandbox.user("bob").id)
    blue, red = (next(r for r in guild.roles if r.name == name) for name in ("Blue", "Red"))
    for roles in ([blue], [red]):  # the second change finds bob a record, not a view
        updated = await _event(client, "member_update")
        await bob.edit(roles=roles)
        await updated
        assert [r.name for r in bob.roles] == ["@everyone", roles[0].name]
    views.append(bob)
    _agree(guild, views)

    moved = await _event(client, "guild_role_update")
    await blue.edit(position=1)
    await moved
    await until(lambda: guild.roles[1].name == "Blue")
    _agree(guild, views)
    gone = await _event(client, "guild_role_delete")
    await next(r for r in guild.roles if r.name == "Green").delete()
    await gone
    _agree(guild, views)
    assert [r.name for r in carol.roles] == ["@everyone", "Blue", "Red"]
    assert [r.name for r in copied.roles] == ["@everyone", "Red"]


def test_a_walk_reads_role_sets_only_when_asked_and_kept_lists_go_with_the_sweep() -> None:
    # The walk's views carry no role set until one is read (a walk reading ``roles``
    # needs none); the set read is the guild's shared one, and the kept lists go at
    # the sweep that finds no view using them.
    cache = Cache()
    guild_id = 1000
    roles = [Role(id=guild_id + r, name=f"r{r}" if r else "@everyone", position=r,
                  permissions=Permissions(0)) for r in range(4)]
    guild = Guild(id=guild_id, name="g", owner_id=1)
    guild.roles = {role.id: role for role in roles}  # type: ignore[assignment]
    cache.guilds[guild_id] = guild
    members = GuildMembers(cache, guild_id)
    members.pack(msgspec.json.encode([
        {"user": {"id": str(10 + i), "username": f"u{i}"}, "nick": None,
         "roles": [str(guild_id + 1 + r) for r in range(i % 4)],
         "joined_at": "2021-01-01T00:00:00.000000+00:00"} for i in range(600)]))
    guild.members = members  # type: ignore[assignment]
    # Nor the guild's MemberRoles type: the walk ranks the roles without one. (The
    # collector is off so that a type made and dropped would still be seen.)
    gc.disable()
    try:
        names = [[r.name for r in m.roles] for m in members]
        assert guild_id not in cache._roles_kinds
    finally:
        gc.enable()
    assert names[:4] == [["@everyone"], ["@everyone", "r1"], ["@everyone", "r1", "r2"],
                         ["@everyone", "r1", "r2", "r3"]]
    assert members._pack is not None and not members._pack.made_roles
    held = members.get(13)
    assert held.role_set == (guild_id + 1, guild_id + 2, guild_id + 3)
    assert held.role_set is members.get(17).role_set and guild_id + 2 in held.role_set
    assert [r.name for r in held.detach().roles] == names[3]
    # Each read is a plain list of its own: changing one changes no later read.
    mine = held.roles
    assert type(mine) is list and mine is not held.roles
    mine.clear()
    assert [r.name for r in held.roles] == [r.name for r in members.get(17).roles] == names[3]
    del mine
    gc.collect()
    cache.sweep_views()
    assert len(members._pack.made_lists) == 1  # the one held's
    del held
    gc.collect()
    cache.sweep_views()
    assert not members._pack.made_lists and not members._pack.made_roles


def test_members_of_every_role_count_and_order_read_roles_in_hierarchy_order() -> None:
    # Sets of one to five roles, in every order, some naming a role the guild lacks
    # (left out) and some sharing a position (the lower id ranks lower): what each
    # member reads is its roles sorted as discord.py sorts them.
    cache = Cache()
    guild_id = 2000
    positions = {1: 1, 2: 3, 3: 2, 4: 2, 5: 7}  # roles 3 and 4 share a position
    roles = [Role(id=guild_id, name="@everyone", position=0, permissions=Permissions(0))]
    roles += [Role(id=guild_id + r, name=f"r{r}", position=p, permissions=Permissions(0))
              for r, p in positions.items()]
    guild = Guild(id=guild_id, name="g", owner_id=1)
    guild.roles = {role.id: role for role in roles}  # type: ignore[assignment]
    cache.guilds[guild_id] = guild
    held_sets = [combo for size in range(1, 4)
                 for combo in itertools.permutations([1, 2, 3, 4, 9], size)]
    held_sets += [(5, 4, 3, 2, 1), (2, 9, 5, 1)]
    members = GuildMembers(cache, guild_id)
    members.pack(msgspec.json.encode([
        {"user": {"id": str(10 + i), "username": f"u{i}"}, "nick": None,
         "roles": [str(guild_id + r) for r in held],
         "joined_at": "2021-01-01T00:00:00.000000+00:00"} for i, held in enumerate(held_sets)]))
    guild.members = members  # type: ignore[assignment]
    everyone = roles[0]
    for member in members:
        held = held_sets[member.id - 10]
        expected = sorted(guild.roles[guild_id + r] for r in held if r in positions)
        assert member.roles == [everyone, *expected], held
