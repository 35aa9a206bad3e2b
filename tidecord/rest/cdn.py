"""Downloading a file from Discord's CDN (an attachment, an avatar, an icon), with the
errors discord.py raises for it."""

from __future__ import annotations

from typing import Final

import aiohttp

from .responses import error_for
from .route import Route

__all__ = ["download"]

#: How a failed download is named in its error: a CDN URL may carry a signature
#: (an attachment's ``ex``/``hm``), which is not for logs.
_CDN_ROUTE: Final = Route("GET", "(CDN file)")


async def download(url: str, session: aiohttp.ClientSession | None = None) -> bytes:
    """``url``'s bytes, through ``session`` (the client's, with its proxy settings) or,
    without one, a session of its own closed after. A refusal raises ``Forbidden``,
    ``NotFound``, ``DiscordServerError`` or ``HTTPException``, as discord.py's."""
    if session is None:
        async with aiohttp.ClientSession() as own:
            return await _get(own, url)
    return await _get(session, url)


async def _get(session: aiohttp.ClientSession, url: str) -> bytes:
    async with session.get(url) as response:
        data = await response.read()
        if response.status == 200:
            return data
        text = data.decode("utf-8", "replace")[:200]
        raise error_for(_CDN_ROUTE, response.status, response.reason or "", text)
