"""Discord's premium sticker packs (``client.fetch_premium_sticker_packs()``): named
sets of :class:`StandardSticker`, each sold under an SKU."""

from __future__ import annotations

from typing import Any

import msgspec

from .asset import CDN_URL, Asset
from .base import UNSET, Model, Snowflake, UnsetType
from .sticker import StandardSticker, bind_sticker

__all__ = ["StickerPack", "StickerPacks", "bind_pack"]

#: The application whose store holds the packs' banners, as Discord's client has it.
_STORE_APPLICATION = 710982414301790216


class StickerPack(Model, gc=False, kw_only=True):
    """A premium sticker pack: its ``stickers``, ``cover_sticker`` and ``banner``."""

    id: Snowflake
    name: str
    sku_id: Snowflake
    description: str | None = None
    stickers: list[StandardSticker] = []
    cover_sticker_id: Snowflake | UnsetType | None = UNSET
    banner_asset_id: Snowflake | UnsetType | None = UNSET
    _state: Any = UNSET

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return (f"<StickerPack id={self.id} name={self.name!r} "
                f"description={self.description!r}>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StickerPack) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id) >> 22

    @property
    def cover_sticker(self) -> StandardSticker | None:
        """The sticker on the pack's cover, one of its own (None if it has none)."""
        return next((s for s in self.stickers if s.id == self.cover_sticker_id), None)

    @property
    def banner(self) -> Asset | None:
        """The pack's banner in Discord's store (None if it has none)."""
        banner = self.banner_asset_id
        if banner is None or isinstance(banner, UnsetType):
            return None
        return Asset(f"{CDN_URL}/app-assets/{_STORE_APPLICATION}/store/{banner}.png",
                     str(banner))


class StickerPacks(msgspec.Struct):
    """GET /sticker-packs answers ``{"sticker_packs": [...]}``."""

    sticker_packs: list[StickerPack]


def bind_pack(pack: StickerPack, state: Any) -> StickerPack:
    """``pack`` and its stickers, bound to the client (so ``sticker.pack()`` works)."""
    pack._state = state
    for sticker in pack.stickers:
        bind_sticker(sticker, state)
    return pack
