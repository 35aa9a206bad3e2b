"""Subscriptions on the client: a person's subscriptions to an SKU read a page at a
time and by id with discord.py's names, the ``on_subscription_*`` events a purchase,
a cancellation and the end of a period cause, and ``Interaction.entitlement_sku_ids``."""

from __future__ import annotations

import datetime

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect, until
from .test_entitlements import SHOP

pytestmark = pytest.mark.timeout(30)


@SHOP
async def test_subscriptions_read_with_discord_py_s_names(sandbox: Sandbox,
                                                          connect: Connect) -> None:
    client = await connect()
    alice = sandbox.user("alice").id
    for _ in range(120):
        sandbox.buy("alice", "Premium")
    sandbox.buy("bob", "Premium")
    _, _, premium = await client.fetch_skus()
    made = [s.id for s in sandbox.state.subscriptions.values() if s.user_id == alice]

    found = [s async for s in premium.subscriptions(user=tidecord.Object(alice))]
    assert [s.id for s in found] == made[:50]  # 50 unless told, as discord.py
    every = [s.id async for s in premium.subscriptions(limit=None, user=tidecord.Object(alice))]
    assert every == made
    later = [s.id async for s in premium.subscriptions(limit=3, after=made[100],
                                                       user=tidecord.Object(alice))]
    assert later == made[101:104]
    earlier = [s.id async for s in premium.subscriptions(limit=105, before=made[110],
                                                         user=tidecord.Object(alice))]
    assert sorted(earlier) == made[5:110]
    with pytest.raises(TypeError):
        [s async for s in premium.subscriptions(before=made[1], after=made[0],
                                                user=tidecord.Object(alice))]

    one = await premium.fetch_subscription(made[0])
    assert one == found[0] and hash(one) == hash(found[0])  # equal by id, as discord.py
    assert (one.user_id, one.sku_ids, one.status, one.canceled_at, one.renewal_sku_ids,
            one.country) == (alice, [premium.id], tidecord.SubscriptionStatus.active, None,
                             [], None)
    assert len(one.entitlement_ids) == 1
    assert one.current_period_end - one.current_period_start == datetime.timedelta(days=30)
    assert isinstance(one.created_at, datetime.datetime)
    assert one.user is client.get_user(alice)
    with pytest.raises(tidecord.NotFound):
        await premium.fetch_subscription(1)


@SHOP
async def test_subscription_events(sandbox: Sandbox, connect: Connect) -> None:
    seen: list[tuple[str, tidecord.Subscription]] = []
    client = await connect()
    for name in ("create", "update", "delete"):
        client.add_listener(lambda s, name=name: seen.append((name, s)),
                            f"on_subscription_{name}")
    sandbox.buy("alice", "Premium")
    await until(lambda: len(seen) == 1)
    sandbox.cancel_subscription("alice", "Premium")
    await until(lambda: len(seen) == 2)
    sandbox.clock.advance(31 * 86_400)
    await until(lambda: len(seen) == 3)
    Status = tidecord.SubscriptionStatus
    assert [(name, s.status) for name, s in seen] == [
        ("create", Status.active), ("update", Status.ending), ("update", Status.inactive)]
    assert seen[0][1].canceled_at is None
    assert isinstance(seen[1][1].canceled_at, datetime.datetime)
    assert seen[0][1].user is client.get_user(sandbox.user("alice").id)


@SHOP
async def test_interactions_read_entitlement_sku_ids(sandbox: Sandbox,
                                                     connect: Connect) -> None:
    client = await connect()
    tree = tidecord.app_commands.CommandTree(client)
    read: list[list[int]] = []

    @tree.command(name="shop", description="What do I own?")
    async def shop(interaction: tidecord.Interaction) -> None:
        read.append(interaction.entitlement_sku_ids)
        await interaction.response.send_message("ok")

    await tree.sync()
    sandbox.buy("alice", "Premium")
    record = await sandbox.invoke_command("alice", "general", "shop")
    await record.wait_response(5)
    # discord.py reads a field Discord no longer sends: empty, as there.
    assert read == [[]]
    payload = tidecord.models.decode(
        b'{"id": "1", "application_id": "2", "type": 2, "token": "t",'
        b' "entitlement_skus": ["5", "6"]}', tidecord.models.Interaction)
    assert tidecord.Interaction(payload, client._connection).entitlement_sku_ids == [5, 6]
