"""Discord's premium sticker packs: GET /sticker-packs and /sticker-packs/{id}, for
anyone. The sandbox ships a few packs of its own making (names, ids and stickers are
invented; Discord's are Lottie animations, as these claim to be)."""

from __future__ import annotations

from typing import Final

from aiohttp import web

from tidecord.models import UNSET, Snowflake, StandardSticker
from tidecord.models.sticker_pack import StickerPack

from .context import snowflake
from .errors import APIError, json_response

__all__ = ["PACKS", "ROUTES", "standard_sticker"]

_LOTTIE: Final = 3


def _pack(pack_id: int, name: str, description: str, stickers: list[tuple[str, str]],
          *, banner: int | None) -> StickerPack:
    """A pack of ``stickers`` ((name, tags) each, ids counting up from the pack's), the
    first on its cover."""
    made = [StandardSticker(id=Snowflake(pack_id + 10 + n), name=sticker, tags_text=tags,
                            format_type=_LOTTIE, description=f"{name}: {sticker}",
                            pack_id=Snowflake(pack_id), sort_value=n)
            for n, (sticker, tags) in enumerate(stickers)]
    return StickerPack(id=Snowflake(pack_id), name=name, sku_id=Snowflake(pack_id + 1),
                       description=description, stickers=made,
                       cover_sticker_id=Snowflake(made[0].id),
                       # Left out without one, as Discord's (never null).
                       banner_asset_id=Snowflake(banner) if banner is not None else UNSET)


#: The packs, in the order Discord's store would list them.
PACKS: Final = (
    _pack(847199849233514549, "Wumpus Beyond", "Say hello to Wumpus and friends.",
          [("Wave", "wave, hello, hi"), ("Hug", "hug, love"), ("Sleepy", "sleep, tired")],
          banner=761773777976819732),
    _pack(847199849233514600, "Tide Pool", "Shells, crabs and a very calm octopus.",
          [("Crab Dance", "crab, dance"), ("Octopus Nap", "octopus, sleep")],
          banner=None),
    _pack(847199849233514700, "Snow Day", "Cold outside, warm inside.",
          [("Snowball", "snow, throw"), ("Cocoa", "cocoa, warm, drink")],
          banner=761773777976819800),
)


def standard_sticker(sticker_id: int) -> StandardSticker | None:
    """One of the packs' stickers, by id."""
    for pack in PACKS:
        for sticker in pack.stickers:
            if sticker.id == sticker_id:
                return sticker
    return None


async def list_packs(request: web.Request) -> web.Response:
    """GET /sticker-packs: ``{"sticker_packs": [...]}``."""
    return json_response({"sticker_packs": list(PACKS)})


async def get_pack(request: web.Request) -> web.Response:
    """GET /sticker-packs/{pack_id}."""
    pack_id = snowflake(request, "pack_id")
    for pack in PACKS:
        if pack.id == pack_id:
            return json_response(pack)
    raise APIError(404, 10061, "Unknown Sticker Pack")


ROUTES = [
    ("GET", "/sticker-packs", list_packs),
    ("GET", "/sticker-packs/{pack_id}", get_pack),
]
