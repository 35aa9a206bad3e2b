"""Forgetting the views nobody holds: a sweep by reference count.

The cache remembers every member view and user it made from packed columns, so
that asking twice gives the same object while user code holds it. A weak
reference per view would cost more than the view itself; instead the cache
sweeps now and then (:meth:`~tidecord.cache.users.CacheUsers.views_made`) and drops
the entries whose object no one but the cache refers to. The reference count
an unreferenced entry shows is measured once, on this interpreter, through the
very code that sweeps, rather than assumed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from itertools import repeat
from operator import gt
from typing import Any, Final

__all__ = ["drop_unreferenced", "referenced", "unreferenced_keys", "walked_now"]


def _counts(values: Iterable[Any]) -> list[int]:
    return list(map(sys.getrefcount, values))


def _calibrate() -> int:
    probe: dict[int, Any] = {0: object()}
    return _counts(probe.values())[0]


#: What ``_counts`` reports for an object held by the swept dict (or list) alone.
UNREFERENCED: Final = _calibrate()


def _entry_count(entry: tuple[Any, list[Any]]) -> int:
    return sys.getrefcount(entry[1])


#: What ``_entry_count`` reports for a list only its entry (in a dict) holds.
_ENTRY_ONLY: Final = next(map(_entry_count, {0: (None, [])}.values()))


def referenced(items: list[Any]) -> list[bool] | None:
    """For each of ``items``: whether anything but the list refers to it (None: none is)."""
    counts = _counts(items)
    if not counts or max(counts) <= UNREFERENCED:
        return None
    return list(map(gt, counts, repeat(UNREFERENCED)))


def walked_now(entry: tuple[Any, list[Any]]) -> bool:
    """Whether anything but ``entry`` (held by a dict) refers to its list: an
    iteration over it that has not finished."""
    return _entry_count(entry) > _ENTRY_ONLY


def drop_unreferenced(entries: dict[Any, Any]) -> None:
    """Remove the entries of ``entries`` whose value nothing else refers to."""
    if not entries:
        return
    counts = _counts(entries.values())
    if max(counts) <= UNREFERENCED:
        entries.clear()
        return
    for key in _unreferenced(entries, counts):
        del entries[key]


def unreferenced_keys(entries: dict[Any, Any]) -> list[Any]:
    """The keys of ``entries`` whose value nothing else refers to."""
    return _unreferenced(entries, _counts(entries.values())) if entries else []


def _unreferenced(entries: dict[Any, Any], counts: list[int]) -> list[Any]:
    return [k for k, n in zip(list(entries), counts, strict=True) if n <= UNREFERENCED]
