"""``Colour``: an ``int`` with discord.py's named constructors, usable as ``Embed(color=...)``."""

from __future__ import annotations

import colorsys
import random
import re
from typing import Self

from .base import register_wire_type

__all__ = ["Color", "Colour"]


class Colour(int):
    """A 24-bit RGB colour.

    >>> Colour.blue().value == 0x3498DB
    True
    """

    __slots__ = ()

    def __new__(cls, value: int) -> Self:
        # discord.py takes ``Colour(value=...)``, and refuses anything not an int.
        if not isinstance(value, int):
            raise TypeError(f"Expected int parameter, received {type(value).__name__} instead.")
        return super().__new__(cls, value)

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
        # Added, not or-ed, as discord.py does: out-of-range parts carry into the next
        # part alike, and a float part meets Colour's own TypeError.
        return cls((r << 16) + (g << 8) + b)

    def to_rgb(self) -> tuple[int, int, int]:
        """``(red, green, blue)``, 0..255 each."""
        return self.r, self.g, self.b

    @classmethod
    def from_hsv(cls, h: float, s: float, v: float) -> Self:
        """From hue, saturation and value (0..1 each)."""
        red, green, blue = (int(part * 255) for part in colorsys.hsv_to_rgb(h, s, v))
        return cls.from_rgb(red, green, blue)

    def __bool__(self) -> bool:
        # A colour is always something, black (0) too: ``member.colour or fallback``
        # keeps a member's default colour, as in discord.py, whose Colour is no int.
        return True

    def __str__(self) -> str:
        return f"#{int(self):0>6x}"  # discord.py's padding, a negative value's too

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

    @classmethod
    def random(cls, *, seed: int | str | float | bytes | bytearray | None = None) -> Self:
        """A random bright colour (full saturation and value, random hue)."""
        rng = random.Random(seed) if seed is not None else random
        r, g, b = colorsys.hsv_to_rgb(rng.random(), 1.0, 1.0)
        return cls.from_rgb(int(r * 255), int(g * 255), int(b * 255))

    @classmethod
    def from_str(cls, value: str) -> Self:
        """From ``"#rrggbb"``, ``"0xrrggbb"`` (or ``"0x#rrggbb"``), ``"#rgb"`` or
        ``"rgb(r, g, b)"`` (each 0..255, or 0%..100%); ``ValueError`` with discord.py's
        words for anything else."""
        if value.startswith("0x"):
            return cls._from_hex(value[3:] if value.startswith("0x#") else value[2:])
        if value.startswith("#"):
            return cls._from_hex(value[1:])
        if value[:3].lower() == "rgb":
            match = _RGB.match(value.lower())
            if match is None:
                raise ValueError("invalid rgb syntax found")
            r, g, b = (_rgb_part(part) for part in match.groups())
            return cls.from_rgb(r, g, b)
        raise ValueError("unknown colour format given")

    @classmethod
    def _from_hex(cls, digits: str) -> Self:
        if len(digits) == 3:  # CSS's short form: #abc is #aabbcc
            digits = "".join(c * 2 for c in digits)
        try:
            number = int(digits, 16)
        except ValueError:
            number = -1
        if not 0 <= number <= 0xFFFFFF:
            raise ValueError("invalid hex digit given")
        return cls(number)


_RGB = re.compile(r"rgb\s*\(([0-9.]+%?)\s*,\s*([0-9.]+%?)\s*,\s*([0-9.]+%?)\s*\)")


def _rgb_part(text: str) -> int:
    """One ``rgb()`` channel: 0..255, or a percentage of 255."""
    if text.endswith("%"):
        share = float(text[:-1])
        if not 0 <= share <= 100:
            raise ValueError("rgb percentage can only be between 0 to 100")
        return round(share * 255 / 100)
    number = int(text)
    if not 0 <= number <= 255:
        raise ValueError("rgb number can only be between 0 to 255")
    return number


def _named(value: int) -> classmethod[Colour, [], Colour]:
    def make(cls: type[Colour]) -> Colour:
        return cls(value)

    make.__doc__ = f"``#{value:06x}``."
    return classmethod(make)


# The rest of discord.py's palette, by name.
for _name, _value in {
    "dark_teal": 0x11806A, "brand_green": 0x57F287, "dark_green": 0x1F8B4C,
    "dark_blue": 0x206694, "dark_purple": 0x71368A, "magenta": 0xE91E63,
    "dark_magenta": 0xAD1457, "dark_gold": 0xC27C0E, "dark_orange": 0xA84300,
    "brand_red": 0xED4245, "dark_red": 0x992D22, "lighter_grey": 0x95A5A6,
    "light_grey": 0x979C9F, "darker_grey": 0x546E7A, "og_blurple": 0x7289DA,
    "greyple": 0x99AAB5, "dark_theme": 0x1A1A1E, "fuchsia": 0xEB459E,
    "yellow": 0xFEE75C, "pink": 0xEB459F, "ash_theme": 0x2E2E34, "onyx_theme": 0x070709,
    "light_theme": 0xFBFBFB,
    # An embed's background in each client theme.
    "ash_embed": 0x37373E, "dark_embed": 0x242429, "onyx_embed": 0x131416,
    "light_embed": 0xFFFFFF,
}.items():
    setattr(Colour, _name, _named(_value))
for _alias, _of in {"lighter_gray": "lighter_grey", "light_gray": "light_grey",
                    "darker_gray": "darker_grey"}.items():
    setattr(Colour, _alias, getattr(Colour, _of))


Color = Colour

register_wire_type(Colour, decode=Colour, encode=int)
