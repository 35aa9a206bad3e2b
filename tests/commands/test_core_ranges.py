"""Range bounds as discord.py accepts and checks them, shared by both front-ends."""

from __future__ import annotations

import pytest

from tidecord.commands import Limits


def test_numbers_are_checked_against_both_bounds() -> None:
    limits = Limits.of(int, 1, 10)
    assert [limits.violated(v) for v in (0, 1, 10, 11)] == [True, False, False, True]
    assert Limits.of(float, None, 2.5).violated(2.6) and not Limits.of(float, 0.5).violated(9e9)


def test_strings_are_checked_by_length() -> None:
    limits = Limits.of(str, 2, 4)
    assert [limits.violated(v) for v in ("a", "ab", "abcd", "abcde")] == [True, False, False, True]
    assert limits.measure("abc") == 3


def test_bad_ranges_are_refused_when_declared() -> None:
    for args in ((bool, 1, 2), (int, None, None), (int, 1, 2.0), (int, 5, 1)):
        with pytest.raises(TypeError):
            Limits.of(*args)
    assert Limits.of(str, 1.0, 3.0) == Limits(str, 1, 3)  # a string's bounds are counts
