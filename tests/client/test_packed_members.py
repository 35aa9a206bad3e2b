"""Packed members: what a view reads is what decoding the wire would give, exactly.

GUILD_CREATE member lists are kept as columns and handed out as ``PackedMember``
views. These scenarios pin down that a view equals, field by field, the
``Member`` msgspec decodes from the same JSON (odd values included: empty
names, absent nicknames, unusual dates and avatars, names with NUL, every rare
field), that a view handed out stays the one handed out while it is held, that
the cache forgets views nobody holds, and that events on members nobody ever
looked at (updates, presences, leaves) keep the cache right.
"""

from __future__ import annotations

import asyncio
import gc
import operator
from typing import Any

import msgspec
import pytest

import tidecord
from tidecord.cache import Cache
from tidecord.cache.member_view import PackedMember
from tidecord.cache.members import GuildMembers
from tidecord.cache.rows import MEMBER_RARE
from tidecord.models import Guild, Member, Permissions, Role, User, decode, encode
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

GUILD = 4242
HASH = "0123456789abcdef0123456789abcdef"
JOINED = "2021-03-04T05:06:07.123456+00:00"


def _member(uid: int, name: str, **fields: Any) -> dict[str, Any]:
    user = {"id": str(uid), "username": name, "discriminator": "0", "global_name": None,
            "avatar": None, "public_flags": 0}
    user.update(fields.pop("user", {}))
    member = {"user": user, "nick": None, "roles": [], "joined_at": JOINED, "deaf": False,
              "mute": False, "flags": 0}
    member.update(fields)
    return member


# One of each thing the columns store specially, in no particular order.
ODD_MEMBERS = [
    _member(900, "zed", roles=["11", "12"], nick="Zeddy"),
    _member(100, "plain"),
    _member(300, "globe", user={"global_name": "Globe Trotter", "avatar": HASH}),
    _member(200, "anim", user={"avatar": "a_" + HASH}),
    _member(400, "Zoë", nick="🌊 wave", user={"global_name": "Zoë ✨"}),
    _member(500, "blank", nick="", user={"global_name": ""}),
    _member(600, "nonick", joined_at=None),
    _member(700, "oddly", joined_at="2024-01-02T03:04:05Z", user={"avatar": "not-a-hash"}),
    _member(800, "loud", user={"avatar": HASH.upper()}),
    _member(1000, "rare", premium_since="2022-02-02T02:02:02.000000+00:00", deaf=True,
            mute=True, flags=3, pending=True, avatar=HASH, banner="b" * 32,
            communication_disabled_until="2030-01-01T00:00:00+00:00",
            user={"bot": True, "discriminator": "1234", "public_flags": 64, "banner": None,
                  "accent_color": 255, "primary_guild": {"identity_guild_id": "1", "tag": "T"},
                  "avatar_decoration_data": {"asset": "deco", "sku_id": "77"}}),
    _member(1100, "nul\x00name", nick="a\x00b"),
    _member(1200, "repeated", nick="first"),
    _member(1200, "repeated", nick="second"),  # the later record wins, as in a dict
]
ODD_MEMBERS[6].pop("nick")  # absent, not null
NO_USER = {"nick": "ghost", "roles": [], "joined_at": JOINED}


def _packed(members: list[dict[str, Any]], cache: Cache | None = None) -> GuildMembers:
    """A guild of ``cache`` with ``members`` packed, as GUILD_CREATE leaves it."""
    cache = cache or Cache()
    packed = GuildMembers(cache, GUILD)
    packed.pack(msgspec.json.encode(members))
    guild = Guild(id=GUILD, name="g", owner_id=1)
    guild.members = packed  # type: ignore[assignment]
    cache.guilds[GUILD] = guild
    return packed


def _same(view: Member, ref: Member) -> None:
    for field in Member.__struct_fields__:
        if field.startswith("_") or field in ("user", "role_set"):
            continue
        assert getattr(view, field) == getattr(ref, field), field
    assert list(view.role_set.ids) == list(ref.role_set)  # type: ignore[attr-defined]
    assert isinstance(view.user, User) and isinstance(ref.user, User)
    for field in User.__struct_fields__:
        if not field.startswith("_"):
            assert getattr(view.user, field) == getattr(ref.user, field), f"user.{field}"
    for prop in ("id", "name", "display_name", "global_name", "discriminator", "bot",
                 "joined_at", "premium_since", "mention", "created_at"):
        assert getattr(view, prop) == getattr(ref, prop), prop
    assert str(view) == str(ref)


def test_every_view_equals_the_member_decoded_from_the_same_json() -> None:
    members = _packed([*ODD_MEMBERS, NO_USER])
    expected = {int(m["user"]["id"]): decode(encode(m), Member) for m in ODD_MEMBERS}
    assert len(members) == len(expected) == 12  # no user: not kept; a repeat: once
    for uid, ref in expected.items():
        view = members.get(uid)
        assert isinstance(view, PackedMember) and isinstance(view, Member)
        assert type(view).__name__ == type(view).__qualname__ == "Member"  # as printed
        _same(view, ref)
    assert members.get(1200).nick == "second"
    # The walk gives the same members, and a detached copy is a plain Member.
    assert {m.id for m in members} == set(expected)
    rare = members.get(1000).detach()
    assert type(rare) is Member and rare.user.bot is True and rare.flags.value == 3
    assert repr(members.get(300)) == repr(members.get(300).detach())


def test_a_walk_puts_each_odd_value_on_its_own_member() -> None:
    # A walk makes views a chunk at a time; the values kept apart by index (an absent
    # nickname, a user the cache keeps for good) go to their own member of the chunk.
    # (``get`` makes one view at a time: it cannot tell.)
    cache = Cache()
    kept = cache.store_user(decode(encode(ODD_MEMBERS[2]["user"]), User))  # globe, 300
    members = _packed([*ODD_MEMBERS, NO_USER], cache)
    expected = {int(m["user"]["id"]): decode(encode(m), Member) for m in ODD_MEMBERS}
    walked = list(members)
    assert sorted(v.id for v in walked) == sorted(expected)
    for view in walked:
        _same(view, expected[view.id])
    assert [v.id for v in walked if v.user is kept] == [300]


def test_a_usual_guild_takes_the_fast_paths_and_still_reads_exactly() -> None:
    usual = [_member(10_000 + i, f"user{i}", nick=f"n{i}" if i % 7 == 0 else None,
                     roles=[str(20 + i % 3)],
                     user={"global_name": f"G {i}" if i % 2 else None,
                           "avatar": (HASH if i % 3 else "a_" + HASH) if i % 5 else None})
             for i in range(300)]
    members = _packed(list(reversed(usual)))
    assert members._pack is not None and not members._pack.odd
    for data in usual:
        _same(members.get(int(data["user"]["id"])), decode(encode(data), Member))


@pytest.mark.parametrize("odd", [[4], [0, 8], [0, 2, 4, 6, 8]])
def test_the_usual_rare_fields_are_found_wherever_the_odd_members_sit(odd: list[int]) -> None:
    # The usual combination of rare fields is guessed from the middle member, then
    # the ends: the odd ones sitting there must not end up as the usual.
    data = [_member(10 + i, f"u{i}", deaf=i in odd, flags=4 if i in odd else 0)
            for i in range(9)]
    members = _packed(data)
    assert members._pack is not None and len(members._pack.rare) == 2
    assert members._pack.rare[0][MEMBER_RARE.index("deaf")] is (len(odd) > len(data) // 2)
    for d in data:
        _same(members.get(int(d["user"]["id"])), decode(encode(d), Member))


@pytest.mark.parametrize("read", ["walk", "get"])
def test_a_few_odd_members_of_a_large_guild_read_their_own_rare_fields(read: str) -> None:
    # Under one in sixteen odd (the bot, a booster), the odd ones are kept by index;
    # they sit at the ends of the walk's chunks and next to the guild's ends.
    odd = {1, 255, 256, 301, 598}
    data = [_member(10 + i, f"u{i}", deaf=i in odd, flags=4 if i in odd else 0,
                    premium_since="2022-02-02T02:02:02.000000+00:00" if i == 301 else None)
            for i in range(600)]
    members = _packed(data)
    assert members._pack is not None and members._pack.rare_odd is not None
    views = list(members) if read == "walk" else [members.get(10 + i) for i in range(600)]
    assert sorted(v.id for v in views if v.deaf) == sorted(10 + i for i in odd)
    for view in views:
        _same(view, decode(encode(data[view.id - 10]), Member))


def test_avatars_and_dates_read_exactly_across_blocks_with_odd_ones_between() -> None:
    # Only members with an avatar have a slot: found by counting, block by block.
    odd_avatars = {7: "not-a-hash", 70: HASH.upper(), 130: ""}
    odd_dates = {5: "1999-12-31T23:59:59.999999+00:00", 66: "2024-01-02T03:04:05Z"}
    many = [_member(50_000 + i, f"u{i}", joined_at=odd_dates.get(
                i, f"20{10 + i % 80:02d}-0{1 + i % 9}-1{i % 10}T0{i % 10}:3{i % 10}:4{i % 10}"
                   f".{i:06d}+00:00"),
                    user={"avatar": odd_avatars.get(i, None if i % 4 == 0 else
                                                    ("a_" + HASH if i % 9 == 0 else HASH))})
            for i in range(200)]
    members = _packed(many)
    for data in many:
        _same(members.get(int(data["user"]["id"])), decode(encode(data), Member))


def test_equality_and_hashing_are_by_user_id() -> None:
    members = _packed(ODD_MEMBERS)
    view = members.get(100)
    ref = decode(encode(ODD_MEMBERS[1]), Member)
    assert view == ref and ref == view and view == view.user and hash(view) == hash(ref)
    assert view != members.get(300) and view in {ref}
    for other in (tidecord.Object(100), tidecord.Object(100, type=Member), "plain", 100):
        assert (view == other) is (ref == other) and (other == view) is (other == ref)


def test_a_view_is_the_same_object_while_held_and_forgotten_after() -> None:
    cache = Cache()
    members = _packed(ODD_MEMBERS, cache)
    held = members.get(100)
    assert members.get(100) is held and members.pending == members.packed - 1
    other_id = id(members.get(300))  # made, then dropped by us
    assert members.pending == members.packed - 2
    gc.collect()
    cache.sweep_views()
    assert members.get(100) is held  # still held: still the same object
    assert members.pending == members.packed - 1  # 300's view is forgotten
    again = members.get(300)
    assert again.name == "globe" and again is members.get(300)
    del held, again
    cache.sweep_views()
    assert members.pending == members.packed and other_id is not None


def test_walking_every_member_leaves_no_views_behind() -> None:
    cache = Cache()
    members = _packed([_member(10 + i, f"u{i}") for i in range(5000)], cache)
    kept = [m for m in members if m.id % 1000 == 0]  # a bot that keeps a few
    assert sum(1 for m in members if m.display_name) == 5000
    cache.sweep_views()
    assert members.pending == 5000 - len(kept) == 4995
    assert all(members.get(m.id) is m for m in kept)


def test_views_handed_out_by_a_walk_stay_the_same_objects_across_sweeps() -> None:
    cache = Cache()
    members = _packed([_member(10 + i, f"u{i}") for i in range(1000)], cache)
    walk = iter(members)
    early = [next(walk) for _ in range(300)][5]  # from the first chunk, kept
    cache.sweep_views()  # a sweep while the walk is inside its second chunk
    rest = list(walk)
    later = rest[10]  # in the chunk being walked at the sweep, not yet handed out then
    assert members.get(early.id) is early and members.get(later.id) is later
    again = list(members)  # a second walk before the next sweep: the same objects
    assert again[5] is early and again[310] is later
    del rest, again
    gc.collect()
    cache.sweep_views()
    assert members.pending == 1000 - 2
    assert members.get(early.id) is early and members.get(later.id) is later


def test_a_sweep_reaches_every_guild_that_made_views_and_only_those() -> None:
    cache = Cache()
    guilds = []
    for gid in (GUILD, GUILD + 1, GUILD + 2):
        members = GuildMembers(cache, gid)
        members.pack(msgspec.json.encode([_member(10 + i, f"u{i}", roles=["7"] if i % 2 else [])
                                          for i in range(50)]))
        guild = Guild(id=gid, name="g", owner_id=1)
        guild.members = members  # type: ignore[assignment]
        cache.guilds[gid] = guild
        guilds.append(members)
    first, second, untouched = guilds
    assert sum(1 for m in first if m.display_name) == 50
    held = second.get(11)
    held_roles = first.get(13).role_set  # a role set outlives its member's view
    assert first.pending == 50 - 50 and second.pending == 49 and untouched.pending == 50
    assert cache.sweep_views() == 1
    assert first.pending == 50 and second.pending == 49 and second.get(11) is held
    assert first.get(13).role_set is held_roles  # the kept set is the one handed out again
    del held, held_roles
    gc.collect()
    assert cache.sweep_views() == 0 and second.pending == 50 and not cache._viewing


def test_members_holding_the_same_roles_share_one_role_set_across_the_walk() -> None:
    # 700 members over three chunks, 20 distinct role sets (one to three roles, and
    # none): the walk makes each set once, and a member fetched alone gets the same one.
    def roles_of(i: int) -> list[str]:
        return [str(30 + r) for r in range(i % 4) if (i // 4 + r) % 5 != 0][:3]

    members = _packed([_member(10_000 + i, f"u{i}", roles=roles_of(i)) for i in range(700)])
    walked = list(members)
    by_ids: dict[tuple[int, ...], Any] = {}
    for m in walked:
        expected = tuple(int(r) for r in roles_of(m.id - 10_000))
        assert m.role_set.ids == expected
        assert by_ids.setdefault(expected, m.role_set) is m.role_set
    assert len(by_ids) == len({tuple(roles_of(i)) for i in range(700)})
    assert len({id(r) for r in by_ids.values()}) == len(by_ids)
    lone = members.get(10_699)
    assert lone is walked[-1] and lone.role_set is by_ids[tuple(int(r) for r in roles_of(699))]


def test_a_guild_whose_role_sets_nobody_holds_keeps_no_role_type() -> None:
    # Each guild's MemberRoles type weighs about 1.8 KB: 3.6 MB at 2,000 guilds when
    # they were made at GUILD_CREATE and kept for good, whether roles were read or not.
    cache = Cache()
    members = _packed([_member(10 + i, f"u{i}", roles=[str(7 + i % 3)]) for i in range(90)],
                      cache)
    roles = {rid: Role(id=rid, name=f"r{rid}", position=rid, permissions=Permissions(0))
             for rid in (GUILD, 7, 8, 9)}
    cache.guilds[GUILD].roles = roles  # type: ignore[assignment]
    assert GUILD not in cache._roles_kinds  # packed, never read: no type yet
    assert sum(len(m.roles) for m in members) == 180  # @everyone and one role each
    kind = type(members.get(11).role_set)
    held = members.get(12).role_set
    del kind
    gc.collect()
    cache.sweep_views()
    gc.collect()
    assert type(held) is cache._roles_kinds[GUILD]  # a set still held keeps its type
    assert [r.name for r in held.as_roles] == ["r4242", "r9"]
    del held
    gc.collect()
    cache.sweep_views()
    gc.collect()
    assert GUILD not in cache._roles_kinds
    # Read again: a new type, and the same answers.
    assert [r.name for r in members.get(13).roles] == ["r4242", "r7"]
    assert members.get(13).roles == members.get(16).roles and 7 in members.get(13).role_set


def test_idle_guilds_share_their_usual_fields_and_keep_no_view_templates() -> None:
    cache = Cache()
    guilds = []
    for gid in (GUILD, GUILD + 1):
        members = GuildMembers(cache, gid)
        members.pack(msgspec.json.encode([_member(10 + i, f"u{i}") for i in range(30)]
                                         + [_member(99, "bot", user={"bot": True})]))
        guilds.append(members)
    first, second = guilds
    # The usual flags and such, and the bot's: one tuple of each for both guilds.
    assert first._pack is not None and second._pack is not None
    assert len(first._pack.rare) == 2
    assert all(map(operator.is_, first._pack.rare, second._pack.rare))
    assert not first._templates  # nothing looked at yet: no view to copy either
    held = first.get(12)
    assert held is not None and first._templates
    cache.sweep_views()
    assert first._templates  # a view is held: its templates stay
    del held
    gc.collect()
    cache.sweep_views()
    assert not first._templates
    again = first.get(12)
    assert again is not None and again.name == "u2" and again.deaf is False


def test_users_are_shared_and_made_only_when_asked_for() -> None:
    cache = Cache()
    members = _packed(ODD_MEMBERS, cache)
    view = members.get(300)
    assert view.display_name == "Globe Trotter" and not cache.user_views  # no User made
    user = cache.get_user(300)
    assert user is view.user is members.get(300).user and cache.user_views == {300: user}
    assert cache.get_user(31337) is None


def test_leaving_and_replacing_packed_members() -> None:
    members = _packed(ODD_MEMBERS)
    packed = members.packed
    gone = members.pop(100)
    assert gone.name == "plain" and 100 not in members and members.get(100) is None
    assert members.packed == packed - 1 and len(members) == packed - 1
    with pytest.raises(KeyError):
        members.pop(100)
    assert members.pop(100, "default") == "default"
    fresh = decode(encode(_member(300, "renamed")), Member)
    members[300] = fresh
    assert members.get(300) is fresh and members.packed == packed - 2
    assert len(members) == packed - 1 and sum(1 for m in members if m.id == 300) == 1


def test_role_deletion_reaches_packed_members_and_views() -> None:
    cache = Cache()
    members = _packed(ODD_MEMBERS, cache)
    held = members.get(900)
    assert list(held.role_set.ids) == [11, 12]
    cache.drop_role(GUILD, 11)
    assert list(held.role_set.ids) == [12]
    del held
    cache.sweep_views()
    assert list(members.get(900).role_set.ids) == [12]


PEOPLE = ["alice", "bob", "carol"]
WORLD = World.from_dict({
    "users": [{"username": name, "global_name": name.title()} for name in PEOPLE],
    "guilds": [{
        "name": "Packed", "owner": "alice", "bot_permissions": ["administrator"],
        "roles": [{"name": "@everyone", "permissions": ["view_channel"]}],
        "channels": [{"name": "general"}],
        "members": PEOPLE,
    }],
})


def _intents() -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.members = True
    intents.presences = True
    return intents


@pytest.mark.sandbox(world=WORLD)
async def test_an_update_to_a_member_nobody_looked_at(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    members = guild.members
    assert isinstance(members, GuildMembers) and members.pending == members.packed == 4
    carol_id = sandbox.user("carol").id
    updated = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    await client.http.edit_member(guild.id, carol_id, {"nick": "Caz"})
    before, after = await updated
    # The cached record (a view made for the update) changed in place; "before" is a
    # plain copy of it as it was.
    assert type(before) is Member and isinstance(after, PackedMember)
    assert (before.nick, after.nick, after.display_name) == (None, "Caz", "Caz")
    assert before.user is after.user is client.get_user(carol_id)
    assert guild.get_member(carol_id) is after and members.packed == 3 and len(members) == 4


async def _carol_held(sandbox: Sandbox,
                      connect: Connect) -> tuple[tidecord.Client, Any, int, Any]:
    """A connected client, its guild, carol's id, and carol's member, held."""
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    carol_id = sandbox.user("carol").id
    held = guild.get_member(carol_id)
    assert held is not None
    return client, guild, carol_id, held


async def _renamed_by_presence(sandbox: Sandbox, client: tidecord.Client, user_id: int,
                               username: str, global_name: str) -> Any:
    """The sandbox sends a presence that renames user ``user_id`` in its guild; returns
    the member the client's ``presence_update`` carried, once it has."""
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    guild_id = client.guilds[0].id
    sandbox.state.emit("PRESENCE_UPDATE", {
        "user": {"id": str(user_id), "username": username, "global_name": global_name},
        "guild_id": str(guild_id), "status": "online", "activities": [],
    }, guild_id=guild_id)
    _, member = await seen
    return member


@pytest.mark.sandbox(world=WORLD)
async def test_a_member_held_from_before_an_update_reads_the_update(
        sandbox: Sandbox, connect: Connect) -> None:
    client, guild, carol_id, held = await _carol_held(sandbox, connect)
    assert held.nick is None
    helper = await guild.create_role(name="Helper")
    updated = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    await held.edit(nick="Caz", roles=[helper])
    before, after = await updated
    # As discord.py: the member code holds is the cached one, changed in place.
    assert after is held is guild.get_member(carol_id)
    assert (held.nick, helper in held.roles) == ("Caz", True)
    assert (before.nick, helper in before.roles) == (None, False)


@pytest.mark.sandbox(world=WORLD)
async def test_a_member_held_before_its_user_is_renamed_shows_the_new_name(
        sandbox: Sandbox, connect: Connect) -> None:
    client, guild, carol_id, held = await _carol_held(sandbox, connect)
    # Read from the packed columns: no User made yet.
    assert held.display_name == "Carol"
    # A member update that renames the user writes the cached record's fields.
    updated = asyncio.create_task(client.wait_for("member_update", timeout=5))
    await asyncio.sleep(0)
    sandbox.state.emit("GUILD_MEMBER_UPDATE", {
        "guild_id": str(guild.id), "roles": [], "nick": None,
        "joined_at": held.joined_at_iso,
        "user": {"id": str(carol_id), "username": "carol", "global_name": "Caz",
                 "discriminator": "0", "avatar": None},
    }, guild_id=guild.id)
    _, after = await updated
    assert after is held and (held.display_name, held.global_name) == ("Caz", "Caz")
    # A presence renames the user again: the held member follows.
    await _renamed_by_presence(sandbox, client, carol_id, "carol", "Caroline")
    assert (held.display_name, held.global_name) == ("Caroline", "Caroline")


# Its own gc.collect() can hold the loop past strict mode's threshold on a big heap.
@pytest.mark.tidecord_strict(False)
@pytest.mark.sandbox(world=WORLD)
async def test_a_presence_renaming_a_packed_member_sticks(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    bob_id = sandbox.user("bob").id
    member = await _renamed_by_presence(sandbox, client, bob_id, "robert", "Robert")
    assert member.name == "robert" and member.display_name == "Robert"
    del member
    gc.collect()
    client._connection.cache.sweep_views()
    # A view made anew (nothing held the old one) reads the renamed user.
    fresh = guild.get_member(bob_id)
    assert fresh.name == "robert" and fresh.display_name == "Robert"
    assert client.get_user(bob_id) is fresh.user
