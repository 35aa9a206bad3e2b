"""Premium sticker packs on the client: fetched all at once or one by one, a pack's
cover and banner, a standard sticker's way back to its pack, an unknown pack."""

from __future__ import annotations

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


async def test_packs_are_fetched_with_their_stickers(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    packs = await client.fetch_premium_sticker_packs()
    assert [p.name for p in packs] == ["Wumpus Beyond", "Tide Pool", "Snow Day"]
    wumpus = packs[0]
    assert (str(wumpus), wumpus.cover_sticker) == ("Wumpus Beyond", wumpus.stickers[0])
    assert wumpus.banner is not None and wumpus.banner.url.endswith(
        f"/store/{wumpus.banner_asset_id}.png")
    assert packs[1].banner is None
    assert all(isinstance(s, tidecord.StandardSticker) for s in wumpus.stickers)
    hug = wumpus.stickers[1]
    assert (hug.name, hug.tags, hug.pack_id, hug.format) == (
        "Hug", ["hug", "love"], wumpus.id, tidecord.StickerFormatType.lottie)
    assert await hug.pack() == wumpus
    again = await client.fetch_premium_sticker_pack(wumpus.id)
    assert again == wumpus and [s.id for s in again.stickers] == [s.id for s in wumpus.stickers]
    fetched = await client.fetch_sticker(hug.id)
    assert isinstance(fetched, tidecord.StandardSticker) and fetched.name == "Hug"
    with pytest.raises(tidecord.NotFound) as unknown:
        await client.fetch_premium_sticker_pack(12345)
    assert unknown.value.code == 10061
