"""Reading a list Discord serves a page at a time (messages, members, bans)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

__all__ = ["pages"]

T = TypeVar("T")


async def pages(limit: int | None, page_size: int,
                fetch: Callable[[int, Any], Awaitable[list[T]]], mark: Any,
                next_mark: Callable[[list[T]], Any]) -> AsyncIterator[list[T]]:
    """Pages from ``fetch(size, mark)``, each of at most ``page_size``, until ``limit``
    items came (``None``: all) or a page came back short. ``next_mark(page)`` says
    where the next page starts."""
    while limit is None or limit > 0:
        size = page_size if limit is None else min(limit, page_size)
        page = await fetch(size, mark)
        yield page
        if len(page) < size:
            return
        if limit is not None:
            limit -= len(page)
        mark = next_mark(page)
