"""GET /_sandbox/emoji: the Unicode emoji the chat page offers, by category and name."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def test_the_catalog_names_and_orders_the_emoji(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{sandbox.url}/_sandbox/emoji") as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "application/json"
            # Some 1,900 entries: decoding them on the loop is what strict mode
            # rightly flags on a slow machine (262 ms in CI), so off the loop it goes.
            catalog = await asyncio.to_thread(json.loads, await resp.read())
    by_name = {name: entry["emoji"] for entry in catalog for name in entry["names"]}
    # Discord's everyday shortcodes.
    assert by_name["smile"] == "😄" and by_name["+1"] == "👍" and by_name["thumbsup"] == "👍"
    assert by_name["tada"] == "🎉" and by_name["heart"] == "❤️" and by_name["joy"] == "😂"
    assert len(catalog) > 1500
    # Keyboard order: smileys first, flags last; no lone skin-tone swatches.
    categories = list(dict.fromkeys(entry["category"] for entry in catalog))
    assert categories[0] == "Smileys & Emotion" and categories[-1] == "Flags"
    assert "Component" not in categories
    assert catalog[0]["emoji"] == "😀"
