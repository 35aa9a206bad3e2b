"""The REST workload's "time the limits allow": fixed windows, the tighter limit wins."""

from __future__ import annotations

import pytest

from benchmarks.rest_workload import allowed_s

ROUTE = (20, 1.0)  # per channel
GLOBAL = (500, 1.0)


def test_the_global_limit_binds_when_the_channels_could_carry_more() -> None:
    # 10 global windows of 500; each channel's 100 fit in 5 of its own windows.
    assert allowed_s(5_000, 50, ROUTE, GLOBAL) == pytest.approx(9.0)


def test_the_route_binds_when_few_channels_carry_everything() -> None:
    # 1,000 per channel at 20 a window: 50 windows, the last opening 49 s in.
    assert allowed_s(5_000, 5, ROUTE, GLOBAL) == pytest.approx(49.0)


def test_the_busiest_channel_counts_when_the_split_is_uneven() -> None:
    # 41 over 2 channels: one gets 21, one more than a window holds.
    assert allowed_s(41, 2, ROUTE, GLOBAL) == pytest.approx(1.0)
    assert allowed_s(40, 2, ROUTE, GLOBAL) == 0.0


def test_the_small_run_takes_one_window_change() -> None:
    assert allowed_s(400, 10, ROUTE, GLOBAL) == pytest.approx(1.0)
