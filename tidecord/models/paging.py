"""Reading a list Discord serves a page at a time (messages, members, bans)."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

__all__ = ["ListOnAwait", "pages"]

T = TypeVar("T")


async def pages(limit: int | None, page_size: int,
                fetch: Callable[[int, Any], Awaitable[list[T]]], mark: Any,
                next_mark: Callable[[list[T]], Any]) -> AsyncIterator[list[T]]:
    """Pages from ``fetch(size, mark)``, each of at most ``page_size``, until ``limit``
    items came (``None``: all) or a page came back short. ``next_mark(page)`` says
    where the next page starts."""
    # Checked once, as the first page is asked for (where discord.py refuses it too);
    # past it ``limit`` is a number the loop only lowers.
    try:
        if limit is not None and limit <= 0:
            return
    except TypeError:  # a limit of text: named here, not as a failed comparison
        raise TypeError(f"limit must be int or None, not {type(limit).__name__}") from None
    while True:
        size = page_size if limit is None else min(limit, page_size)
        page = await fetch(size, mark)
        yield page
        if len(page) < size:
            return
        if limit is not None:
            limit -= len(page)
            if limit <= 0:
                return
        mark = next_mark(page)


class ListOnAwait(Generic[T]):
    """An async iterator that gives the list of what it yields when awaited instead, with
    a DeprecationWarning: discord.py's ``channel.pins()``, a list before 2.6."""

    __slots__ = ("_items", "_warning")

    def __init__(self, items: AsyncIterator[T], warning: str) -> None:
        self._items = items
        self._warning = warning

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items

    def __await__(self) -> Generator[Any, None, list[T]]:
        warnings.warn(self._warning, DeprecationWarning, stacklevel=2)

        async def gather() -> list[T]:
            return [item async for item in self._items]

        return gather().__await__()
