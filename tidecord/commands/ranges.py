"""Range and length limits, shared by ``commands.Range`` and ``app_commands.Range``.

A number must lie within ``[minimum, maximum]``; a string's *length* must. Either
bound may be ``None`` (open).

>>> Limits(int, 1, 10).violated(11)
True
>>> Limits(str, None, 3).violated("four")
True
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Limits"]


class Limits(NamedTuple):
    """The bounds of a ``Range[kind, minimum, maximum]``."""

    kind: type
    minimum: int | float | None
    maximum: int | float | None

    @classmethod
    def of(cls, kind: Any, minimum: Any = None, maximum: Any = None) -> Limits:
        """Checked bounds, as discord.py accepts them: ``int``, ``float`` or ``str``, at
        least one bound, both of one type, minimum not above maximum."""
        if kind not in (int, float, str):
            raise TypeError(f"expected int, float, or str as range type, received {kind!r} instead")
        if minimum is None and maximum is None:
            raise TypeError("Range must not be empty")
        if minimum is not None and maximum is not None:
            if type(minimum) is not type(maximum):
                raise TypeError("Both min and max in Range must be the same type")
            if minimum > maximum:
                raise TypeError("minimum cannot be larger than maximum")
        cast = float if kind is float else int  # a str's bounds are lengths
        return cls(kind, None if minimum is None else cast(minimum),
                   None if maximum is None else cast(maximum))

    def measure(self, value: Any) -> int | float:
        """What the bounds apply to: the number itself, or a string's length."""
        size: int | float = len(value) if self.kind is str else value
        return size

    def violated(self, value: Any) -> bool:
        """Whether ``value`` lies outside the bounds."""
        size = self.measure(value)
        return (self.minimum is not None and size < self.minimum) or (
            self.maximum is not None and size > self.maximum)
