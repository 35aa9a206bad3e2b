"""Collectibles a user shows on their profile (a nameplate), as discord.py's
``User.collectibles`` lists them."""

from __future__ import annotations

import datetime
import enum
from typing import Any

from .asset import CDN_URL, Asset
from .base import TryValue, enum_of

__all__ = ["Collectible", "CollectibleType", "NameplatePalette", "collectibles_of"]


class CollectibleType(TryValue, enum.Enum):
    """What kind of collectible it is."""

    nameplate = "nameplate"


class NameplatePalette(TryValue, enum.Enum):
    """The colours of a nameplate."""

    crimson = "crimson"
    berry = "berry"
    sky = "sky"
    teal = "teal"
    forest = "forest"
    bubble_gum = "bubble_gum"
    violet = "violet"
    cobalt = "cobalt"
    clover = "clover"
    lemon = "lemon"
    white = "white"


class Collectible:
    """One collectible: its kind, SKU, label, expiry, nameplate palette and images."""

    __slots__ = ("_asset", "expires_at", "label", "palette", "sku_id", "type")

    def __init__(self, kind: str, data: dict[str, Any]) -> None:
        # A kind or palette Discord adds later stays its string.
        self.type: CollectibleType | str = enum_of(CollectibleType, kind)
        self._asset: str = data["asset"]
        self.sku_id = int(data["sku_id"])
        self.label: str = data["label"]
        expires = data.get("expires_at")
        self.expires_at = None if expires is None else datetime.datetime.fromisoformat(expires)
        palette = data.get("palette")
        self.palette: NameplatePalette | str | None = (
            None if palette is None else enum_of(NameplatePalette, palette))

    @property
    def static(self) -> Asset:
        """The still image."""
        return Asset(f"{CDN_URL}/assets/collectibles/{self._asset}static.png", self._asset)

    @property
    def animated(self) -> Asset:
        """The animated image."""
        return Asset(f"{CDN_URL}/assets/collectibles/{self._asset}asset.webm", self._asset)

    def __repr__(self) -> str:
        kind = getattr(self.type, "name", self.type)
        palette = f" palette={self.palette!r}" if self.palette else ""
        return f"<{str(kind).title()} sku_id={self.sku_id!r}{palette}>"


def collectibles_of(data: dict[str, Any] | None) -> list[Collectible]:
    """Discord's ``collectibles`` object (kind -> collectible) as a list."""
    if not data:
        return []
    return [Collectible(kind, value) for kind, value in data.items() if value]

