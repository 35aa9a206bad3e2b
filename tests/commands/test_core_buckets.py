"""Bucket keys for every BucketType from real messages, dynamic cooldowns, concurrency."""

from __future__ import annotations

import asyncio
import types

import pytest

from tidecord.commands import (
    BucketType,
    Cooldown,
    CooldownMapping,
    DynamicCooldownMapping,
    MaxConcurrency,
)

from .conftest import Live

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_bucket_keys_for_a_guild_message(live: Live) -> None:
    msg = await live.said("bob", "general", "cooldown: keys")
    guild, channel = msg.guild, msg.channel
    helper = next(r for r in guild.roles.values() if r.name == "Helper")

    assert BucketType.default.get_key(msg) is None  # as in discord.py
    assert BucketType.user.get_key(msg) == msg.author.id
    assert BucketType.guild.get_key(msg) == guild.id
    assert BucketType.channel.get_key(msg) == channel.id
    assert BucketType.member.get_key(msg) == (guild.id, msg.author.id)
    assert BucketType.category.get_key(msg) == channel.parent_id  # "Text Channels"
    assert BucketType.role.get_key(msg) == helper.id  # bob's top role
    assert BucketType.user(msg) == msg.author.id


async def test_bucket_keys_in_a_direct_message(live: Live) -> None:
    msg = await live.dm("bob", "cooldown: dm keys")
    bob_id = live.sb.user("bob").id

    assert BucketType.guild.get_key(msg) == bob_id      # per person where there is no guild
    assert BucketType.member.get_key(msg) == (None, bob_id)
    assert BucketType.role.get_key(msg) == msg.channel.id
    assert BucketType.category.get_key(msg) == msg.channel.id


async def test_a_mapping_keeps_one_bucket_per_key(live: Live) -> None:
    from_bob = await live.said("bob", "general", "cooldown: bob")
    from_alice = await live.said("alice", "general", "cooldown: alice")
    mapping = CooldownMapping.from_cooldown(1, 30.0, BucketType.user)

    assert mapping.update_rate_limit(from_bob, 1000.0) is None
    assert mapping.update_rate_limit(from_alice, 1000.0) is None  # her own bucket
    assert mapping.update_rate_limit(from_bob, 1010.0) == pytest.approx(20.0)
    assert mapping.get_bucket(from_bob, 1010.0) is mapping.get_bucket(from_bob, 1010.0)
    copied = mapping.copy()
    assert copied.update_rate_limit(from_bob, 1011.0) == pytest.approx(19.0)
    assert mapping.valid and not CooldownMapping(None, BucketType.user).valid


async def test_a_dynamic_mapping_chooses_per_subject(live: Live) -> None:
    from_bob = await live.said("bob", "general", "cooldown: dynamic bob")
    from_alice = await live.said("alice", "general", "cooldown: dynamic alice")

    def rule(msg: object) -> Cooldown | None:
        return None if msg.author.name == "alice" else Cooldown(1, 60.0)  # type: ignore[attr-defined]

    mapping = DynamicCooldownMapping(rule, BucketType.user)
    for _ in range(5):
        assert mapping.update_rate_limit(from_alice, 50.0) is None  # no cooldown for her
    assert mapping.update_rate_limit(from_bob, 50.0) is None
    assert mapping.update_rate_limit(from_bob, 51.0) == pytest.approx(59.0)
    assert mapping.valid and mapping.copy().get_bucket(from_bob, 52.0) is not None


async def test_concurrency_refuses_past_the_limit_without_wait(live: Live) -> None:
    msg = await live.said("bob", "general", "cooldown: concurrency")
    limit = MaxConcurrency(2, per=BucketType.guild, wait=False)

    assert await limit.acquire(msg) and await limit.acquire(msg)
    assert limit.running(msg) == 2
    assert await limit.acquire(msg) is False
    await limit.release(msg)
    assert await limit.acquire(msg)
    await limit.release(msg)
    await limit.release(msg)
    assert limit.running(msg) == 0 and not limit._buckets  # idle buckets dropped


async def test_concurrency_with_wait_serves_in_order_and_survives_cancellation() -> None:
    limit = MaxConcurrency(1, per=BucketType.default, wait=True)
    who = types.SimpleNamespace()
    order: list[str] = []
    assert await limit.acquire(who)

    async def queued(name: str) -> None:
        await limit.acquire(who)
        order.append(name)
        await limit.release(who)

    first = asyncio.create_task(queued("first"))
    cancelled = asyncio.create_task(queued("cancelled"))
    last = asyncio.create_task(queued("last"))
    await asyncio.sleep(0.01)
    cancelled.cancel()
    await limit.release(who)
    await asyncio.wait_for(asyncio.gather(first, last), 2)
    assert order == ["first", "last"]
    assert cancelled.cancelled() and limit.running(who) == 0
