"""``Paginator``: lines gathered into pages that each fit in one message."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Paginator", "string_width"]

_ASCII = re.compile(r"^[\x00-\x7f]+$")


def string_width(text: str) -> int:
    """How many columns ``text`` takes in a monospace font (wide characters count 2)."""
    if _ASCII.match(text):
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


class Paginator:
    """Pages of at most ``max_size`` characters, each wrapped in ``prefix`` and ``suffix``
    (a code block by default)."""

    def __init__(self, prefix: str | None = "```", suffix: str | None = "```",
                 max_size: int = 2000, linesep: str = "\n") -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.max_size = max_size
        self.linesep = linesep
        self.clear()

    def clear(self) -> None:
        """Start over, with no pages."""
        self._current_page: list[str] = [self.prefix] if self.prefix is not None else []
        self._count = len(self.prefix) + len(self.linesep) if self.prefix is not None else 0
        self._pages: list[str] = []

    @property
    def _prefix_len(self) -> int:
        return len(self.prefix) if self.prefix else 0

    @property
    def _suffix_len(self) -> int:
        return len(self.suffix) if self.suffix else 0

    def add_line(self, line: str = "", *, empty: bool = False) -> None:
        """Add a line (and an empty one after it with ``empty``); a new page when full.

        A line longer than a page can hold raises ``RuntimeError``.
        """
        sep = len(self.linesep)
        room = self.max_size - self._prefix_len - self._suffix_len - 2 * sep
        if len(line) > room:
            raise RuntimeError(f"Line exceeds maximum page size {room}")
        if self._count + len(line) + sep > self.max_size - self._suffix_len:
            self.close_page()
        self._count += len(line) + sep
        self._current_page.append(line)
        if empty:
            self._current_page.append("")
            self._count += sep

    def close_page(self) -> None:
        """End the current page."""
        if self.suffix is not None:
            self._current_page.append(self.suffix)
        self._pages.append(self.linesep.join(self._current_page))
        self._current_page = [self.prefix] if self.prefix is not None else []
        self._count = len(self.prefix) + len(self.linesep) if self.prefix is not None else 0

    def __len__(self) -> int:
        return sum(len(p) for p in self._pages) + self._count

    @property
    def pages(self) -> list[str]:
        """The pages so far, the current one closed."""
        if len(self._current_page) > (0 if self.prefix is None else 1):
            current = self._current_page + ([self.suffix] if self.suffix is not None else [])
            return [*self._pages, self.linesep.join(current)]
        return self._pages

    def __repr__(self) -> str:
        return (f"<Paginator prefix: {self.prefix!r} suffix: {self.suffix!r} linesep: "
                f"{self.linesep!r} max_size: {self.max_size} count: {self._count}>")
