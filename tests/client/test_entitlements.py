"""Monetization on the client: the application's SKUs, test entitlements granted,
listed a page at a time and narrowed as in discord.py, consumed and deleted, with the
``on_entitlement_*`` events they cause, and interactions that carry what their invoker
holds."""

from __future__ import annotations

import datetime

import pytest

import tidecord
from tidecord.models.entitlement import EntitlementOwnerType
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

SHOP = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                "channels": [{"name": "general"}]}],
    "skus": ["Supporter", {"name": "Coins", "type": "consumable"},
             {"name": "Premium", "type": "subscription"}],
}))


@SHOP
async def test_skus_read_with_discord_py_s_names(connect: Connect) -> None:
    client = await connect()
    skus = await client.fetch_skus()
    assert [(s.name, s.slug, s.type) for s in skus] == [
        ("Supporter", "supporter", tidecord.SKUType.durable),
        ("Coins", "coins", tidecord.SKUType.consumable),
        ("Premium", "premium", tidecord.SKUType.subscription)]
    premium = skus[2]
    assert isinstance(premium.flags, tidecord.SKUFlags)
    assert (premium.flags.available, premium.flags.user_subscription,
            premium.flags.guild_subscription) == (True, True, False)
    assert premium.application_id == client.application_id
    assert isinstance(premium.created_at, datetime.datetime)


@SHOP
async def test_a_test_entitlement_lives_and_dies_with_its_events(sandbox: Sandbox,
                                                                 connect: Connect) -> None:
    seen: list[tuple[str, tidecord.Entitlement]] = []
    client = await connect()
    for name in ("create", "update", "delete"):
        client.add_listener(lambda e, name=name: seen.append((name, e)),
                            f"on_entitlement_{name}")
    supporter, coins, _ = await client.fetch_skus()
    alice = client.get_user(sandbox.user("alice").id)
    assert await client.create_entitlement(coins, alice,
                                           tidecord.EntitlementOwnerType.user) is None
    await until(lambda: len(seen) == 1)
    made = seen[0][1]
    assert (made.sku_id, made.user_id, made.guild_id, made.type, made.consumed,
            made.starts_at, made.ends_at, made.is_expired()) == (
        coins.id, alice.id, None, tidecord.EntitlementType.test_mode_purchase, False,
        None, None, False)
    assert made.user is alice and made.guild is None
    fetched = await client.fetch_entitlement(made.id)
    assert fetched.id == made.id and fetched != made  # equal only to itself, as discord.py
    assert fetched.application_id == client.application_id

    await fetched.consume()
    await until(lambda: len(seen) == 2)
    assert seen[1][0] == "update" and seen[1][1].consumed is True
    await fetched.delete()
    await until(lambda: len(seen) == 3)
    assert seen[2][0] == "delete" and seen[2][1].deleted is True

    await client.create_entitlement(supporter, client.guilds[0], EntitlementOwnerType.guild)
    await until(lambda: len(seen) == 4)
    for_guild = seen[3][1]
    assert for_guild.guild is client.guilds[0] and for_guild.user_id is None
    with pytest.raises(tidecord.HTTPException) as refused:
        await for_guild.consume()
    assert refused.value.status == 400
    with pytest.raises(tidecord.NotFound) as unknown:
        await client.fetch_entitlement(1)
    assert unknown.value.code == 10029


@SHOP
async def test_entitlements_are_read_a_page_at_a_time_and_narrowed(sandbox: Sandbox,
                                                                   connect: Connect) -> None:
    client = await connect()
    supporter, coins, _ = sandbox.state.skus.values()
    alice, bob = sandbox.user("alice").id, sandbox.user("bob").id
    made = [sandbox.state.grant_test_entitlement(
        int(coins.id if n % 3 == 0 else supporter.id), alice if n % 2 else bob,
        EntitlementOwnerType.user).id for n in range(230)]

    every = [e.id async for e in client.entitlements(limit=None)]
    assert every == made
    assert [e.id async for e in client.entitlements()] == made[:100]
    assert [e.id async for e in client.entitlements(limit=150, after=made[9])] == \
        made[10:160]
    backwards = [e.id async for e in client.entitlements(limit=120, before=made[200])]
    assert sorted(backwards) == made[80:200]
    only_alice = [e.user_id async for e in client.entitlements(
        limit=None, user=tidecord.Object(alice))]
    assert only_alice == [alice] * 115
    coins_only = [e.sku_id async for e in client.entitlements(limit=None, skus=[coins])]
    assert coins_only == [coins.id] * 77
    assert [e async for e in client.entitlements(guild=client.guilds[0])] == []
    with pytest.raises(TypeError):
        [e async for e in client.entitlements(before=made[1], after=made[0])]

    sandbox.state.delete_entitlement(made[0])
    assert (await anext(aiter(client.entitlements()))).id == made[1]
    first = await anext(aiter(client.entitlements(exclude_deleted=False)))
    assert (first.id, first.deleted) == (made[0], True)


@SHOP
async def test_interactions_carry_entitlements(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    tree = tidecord.app_commands.CommandTree(client)
    held: list[list[tidecord.Entitlement]] = []

    @tree.command(name="shop", description="What do I own?")
    async def shop(interaction: tidecord.Interaction) -> None:
        held.append(interaction.entitlements)
        await interaction.response.send_message("ok")

    await tree.sync()
    supporter, _, premium = sandbox.state.skus.values()
    mine = sandbox.state.grant_test_entitlement(int(supporter.id), sandbox.user("alice").id,
                                                EntitlementOwnerType.user)
    guild_wide = sandbox.state.grant_test_entitlement(int(premium.id), sandbox.guild.id,
                                                      EntitlementOwnerType.guild)
    record = await sandbox.invoke_command("alice", "general", "shop")
    await record.wait_response(5)
    assert [(type(e), e.id) for e in held[0]] == [(tidecord.Entitlement, mine.id),
                                                  (tidecord.Entitlement, guild_wide.id)]
    assert held[0][0].user is client.get_user(sandbox.user("alice").id)


@SHOP
async def test_a_purchase_and_a_subscription_read_their_dates(sandbox: Sandbox,
                                                              connect: Connect) -> None:
    seen: list[tidecord.Entitlement] = []
    client = await connect()
    client.add_listener(lambda e: seen.append(e), "on_entitlement_create")
    sandbox.buy("alice", "Supporter")
    sandbox.buy("bob", "Premium", guild=sandbox.guild.id)
    await until(lambda: len(seen) == 2)
    bought, club = seen
    assert (bought.type, bought.ends_at, bought.is_expired()) == (
        tidecord.EntitlementType.purchase, None, False)
    assert isinstance(bought.starts_at, datetime.datetime) and bought.starts_at.tzinfo
    assert (club.type, club.guild is client.guilds[0], club.user_id) == (
        tidecord.EntitlementType.application_subscription, True, sandbox.user("bob").id)
    assert club.ends_at is not None
    assert club.ends_at - club.starts_at == datetime.timedelta(days=30)
    # Expiry is read against the real clock, as in discord.py.
    ended = tidecord.models.decode(
        b'{"id": "1", "sku_id": "2", "application_id": "3", "type": 8, "deleted": false,'
        b' "starts_at": "2024-01-01T00:00:00+00:00", "ends_at": "2024-02-01T00:00:00+00:00"}',
        tidecord.Entitlement)
    assert ended.is_expired() and not club.is_expired()
