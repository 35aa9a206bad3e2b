"""``Colour``: an ``int`` with discord.py's named constructors, usable as ``Embed(color=...)``."""

from __future__ import annotations

from typing import Self

from .base import register_wire_type

__all__ = ["Color", "Colour"]


class Colour(int):
    """A 24-bit RGB colour.

    >>> Colour.blue().value == 0x3498DB
    True
    """

    __slots__ = ()

    @property
    def value(self) -> int:
        """The colour as an int."""
        return int(self)

    @property
    def r(self) -> int:
        """Red, 0..255."""
        return (self >> 16) & 0xFF

    @property
    def g(self) -> int:
        """Green, 0..255."""
        return (self >> 8) & 0xFF

    @property
    def b(self) -> int:
        """Blue, 0..255."""
        return self & 0xFF

    @classmethod
    def from_rgb(cls, r: int, g: int, b: int) -> Self:
        """From red, green and blue (0..255 each)."""
        return cls((r << 16) | (g << 8) | b)

    def __str__(self) -> str:
        return f"#{int(self):06x}"

    def __repr__(self) -> str:
        return f"<Colour value={int(self)}>"

    @classmethod
    def default(cls) -> Self:
        """No colour (0)."""
        return cls(0)

    @classmethod
    def blue(cls) -> Self:
        """``#3498db``."""
        return cls(0x3498DB)

    @classmethod
    def blurple(cls) -> Self:
        """Discord's blurple, ``#5865f2``."""
        return cls(0x5865F2)

    @classmethod
    def green(cls) -> Self:
        """``#2ecc71``."""
        return cls(0x2ECC71)

    @classmethod
    def red(cls) -> Self:
        """``#e74c3c``."""
        return cls(0xE74C3C)

    @classmethod
    def gold(cls) -> Self:
        """``#f1c40f``."""
        return cls(0xF1C40F)

    @classmethod
    def orange(cls) -> Self:
        """``#e67e22``."""
        return cls(0xE67E22)

    @classmethod
    def purple(cls) -> Self:
        """``#9b59b6``."""
        return cls(0x9B59B6)

    @classmethod
    def teal(cls) -> Self:
        """``#1abc9c``."""
        return cls(0x1ABC9C)

    @classmethod
    def dark_grey(cls) -> Self:
        """``#607d8b``."""
        return cls(0x607D8B)

    dark_gray = dark_grey


Color = Colour

register_wire_type(Colour, decode=Colour, encode=int)
