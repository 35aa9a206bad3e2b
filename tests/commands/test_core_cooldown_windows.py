"""Cooldown windows and mappings, in numbers: no client needed."""

from __future__ import annotations

import types

import pytest

from tidecord.commands import BucketType, Cooldown, CooldownMapping, MaxConcurrency


def test_a_window_opens_at_the_first_use_and_allows_rate_uses() -> None:
    c = Cooldown(2, 10.0)
    assert c.get_tokens(100.0) == 2
    assert c.update_rate_limit(100.0) is None
    assert c.update_rate_limit(104.0) is None
    assert c.get_tokens(104.0) == 0
    assert c.update_rate_limit(105.0) == pytest.approx(5.0)
    assert c.get_retry_after(106.0) == pytest.approx(4.0)
    # Refused uses spend nothing: the window still ends at 110.
    assert c.update_rate_limit(109.0) == pytest.approx(1.0)
    assert c.update_rate_limit(110.5) is None
    assert c.get_retry_after(110.5) == 0.0


def test_reset_copy_and_tokens() -> None:
    c = Cooldown(1, 60.0)
    assert c.update_rate_limit(10.0) is None
    assert c.update_rate_limit(11.0, tokens=1) == pytest.approx(59.0)
    fresh = c.copy()
    assert (fresh.rate, fresh.per, fresh.get_tokens(11.0)) == (1, 60.0, 1)
    c.reset()
    assert c.update_rate_limit(12.0) is None
    assert Cooldown(3, 1.0).update_rate_limit(5.0, tokens=4) == pytest.approx(1.0)
    # A rate of 0 holds every use back for ``per`` (discord.py's reading); below 0 is refused.
    assert Cooldown(0, 1.0).update_rate_limit(5.0) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        Cooldown(-1, 1.0)


def test_idle_buckets_are_dropped_so_memory_stays_bounded() -> None:
    mapping = CooldownMapping.from_cooldown(1, 10.0, lambda who: who.id)
    for i in range(5000):
        mapping.update_rate_limit(types.SimpleNamespace(id=i), 100.0 + i / 1000)
    assert len(mapping._cache) == 5000
    # One use after the window: every idle bucket goes.
    mapping.update_rate_limit(types.SimpleNamespace(id=-1), 200.0)
    assert len(mapping._cache) == 1


def test_the_default_bucket_is_the_cooldown_itself() -> None:
    mapping = CooldownMapping.from_cooldown(1, 5.0, BucketType.default)
    someone = types.SimpleNamespace()
    assert mapping.get_bucket(someone) is mapping.cooldown
    with pytest.raises(TypeError):
        CooldownMapping(Cooldown(1, 1.0), "user")  # type: ignore[arg-type]


def test_concurrency_refuses_bad_limits() -> None:
    with pytest.raises(ValueError):
        MaxConcurrency(0, per=BucketType.user, wait=False)
    with pytest.raises(TypeError):
        MaxConcurrency(1, per="user", wait=False)  # type: ignore[arg-type]
