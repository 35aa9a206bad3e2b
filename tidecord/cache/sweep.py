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
from typing import Any, Final

__all__ = ["drop_unreferenced"]


def _counts(entries: dict[Any, Any]) -> list[int]:
    return list(map(sys.getrefcount, entries.values()))


def _calibrate() -> int:
    probe: dict[int, Any] = {0: object()}
    return _counts(probe)[0]


#: What ``_counts`` reports for an object held by the swept dict alone.
UNREFERENCED: Final = _calibrate()


def drop_unreferenced(entries: dict[Any, Any]) -> None:
    """Remove the entries of ``entries`` whose value nothing else refers to."""
    if not entries:
        return
    counts = _counts(entries)
    if max(counts) <= UNREFERENCED:
        entries.clear()
        return
    for key in [k for k, n in zip(list(entries), counts, strict=True) if n <= UNREFERENCED]:
        del entries[key]
