"""When a loop runs next: a fixed interval, or the next of some times of day.

Times of day honour their ``tzinfo`` (UTC when they have none): ``time(9, tzinfo=
ZoneInfo("Europe/Paris"))`` is 9:00 in Paris, summer or winter. A time that does
not exist on a day (skipped by a DST change) runs as soon as it would have; a time
that exists twice (the hour repeated) runs once, at the second.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

__all__ = ["next_time_of_day", "normalise_times", "resolve_local"]

UTC = datetime.UTC


def normalise_times(time: datetime.time | Sequence[datetime.time]) -> list[datetime.time]:
    """Sorted, de-duplicated times, each with a tzinfo (UTC if it had none).

    The order is only shown; :func:`next_time_of_day` takes the earliest of them all."""
    if isinstance(time, datetime.time):
        return [time if time.tzinfo is not None else time.replace(tzinfo=UTC)]
    if not isinstance(time, Sequence):
        raise TypeError("Expected datetime.time or a sequence of datetime.time for ``time``, "
                        f"received {type(time)!r} instead.")
    if not time:
        raise ValueError("time parameter must not be an empty sequence.")
    result = []
    for index, t in enumerate(time):
        if not isinstance(t, datetime.time):
            raise TypeError(f"Expected a sequence of {datetime.time!r} for ``time``, received "
                            f"{type(t).__name__!r} at index {index} instead.")
        result.append(t if t.tzinfo is not None else t.replace(tzinfo=UTC))
    try:
        # Python's own order, which ``Loop.time`` shows as discord.py does (times in
        # different named zones by their wall clock).
        return sorted(set(result))
    except TypeError:
        # A named zone beside a fixed offset, which Python will not order (discord.py
        # refuses the loop): by their UTC moment on a fixed day instead.
        return sorted(set(result), key=_sort_key)


def _sort_key(t: datetime.time) -> tuple[float, datetime.time]:
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), t)
    return moment.timestamp(), t.replace(tzinfo=None)


def _is_fixed(tz: datetime.tzinfo | None) -> bool:
    return tz is None or isinstance(tz, datetime.timezone)


def resolve_local(dt: datetime.datetime) -> datetime.datetime:
    """``dt`` made real in its zone: a skipped time moves forward, a repeated one takes
    its second occurrence."""
    if _is_fixed(dt.tzinfo):
        return dt
    naive = dt.replace(tzinfo=None)
    round_trip = dt.astimezone(UTC).astimezone(dt.tzinfo).replace(tzinfo=None)
    if naive != round_trip:  # skipped by the clocks going forward
        day_after = dt + datetime.timedelta(days=1)
        day_before = dt - datetime.timedelta(days=1)
        shift = (day_after.utcoffset() or datetime.timedelta()) - \
            (day_before.utcoffset() or datetime.timedelta())
        return dt + shift
    first, second = dt.replace(fold=0), dt.replace(fold=1)
    if first.utcoffset() != second.utcoffset():  # repeated when the clocks go back
        return second
    return dt


def next_time_of_day(times: list[datetime.time], now: datetime.datetime) -> datetime.datetime:
    """The earliest moment at or after ``now`` (timezone-aware) that is one of ``times``,
    each read in its own zone."""
    upcoming = []
    for t in times:
        day = now.astimezone(t.tzinfo).date()
        moment = resolve_local(datetime.datetime.combine(day, t))
        if moment < now:
            moment = resolve_local(datetime.datetime.combine(day + datetime.timedelta(days=1), t))
        upcoming.append(moment)
    return min(upcoming)
