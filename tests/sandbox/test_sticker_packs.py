"""Discord's premium sticker packs over the sandbox's REST API: listed, fetched one by
one, their stickers found by GET /stickers/{id}, an unknown pack refused."""

from __future__ import annotations

from .conftest import Api


async def test_the_packs_are_listed_with_their_stickers(api: Api) -> None:
    status, body, _ = await api.call("GET", "/sticker-packs")
    assert status == 200
    packs = body["sticker_packs"]
    assert len(packs) >= 3
    for pack in packs:
        assert {"id", "sku_id", "name", "description", "stickers"} <= pack.keys()
        assert pack["cover_sticker_id"] == pack["stickers"][0]["id"]
        for sticker in pack["stickers"]:
            assert (sticker["type"], sticker["pack_id"]) == (1, pack["id"])
            assert isinstance(sticker["id"], str) and sticker["tags"]
    status, one, _ = await api.call("GET", f"/sticker-packs/{packs[0]['id']}")
    assert status == 200 and one == packs[0]


async def test_a_packs_sticker_is_found_by_its_id(api: Api) -> None:
    _, body, _ = await api.call("GET", "/sticker-packs")
    wanted = body["sticker_packs"][1]["stickers"][1]
    status, found, _ = await api.call("GET", f"/stickers/{wanted['id']}")
    assert status == 200 and found == wanted


async def test_an_unknown_pack_is_refused(api: Api) -> None:
    status, body, _ = await api.call("GET", "/sticker-packs/12345")
    assert (status, body["code"], body["message"]) == (404, 10061, "Unknown Sticker Pack")
    status, body, _ = await api.call("GET", "/sticker-packs/not-a-number")
    assert (status, body["code"]) == (400, 50035) and "pack_id" in body["errors"]
