"""Downloading a file from Discord's CDN (an attachment, an avatar, an icon), with the
errors discord.py raises for it."""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import Final

import aiohttp

from ..models.asset import CDN_URL
from .responses import error_for
from .route import Route

__all__ = ["cdn_url_from_env", "download", "use_cdn"]

#: Where downloads of Discord's CDN go (a sandbox's ``/cdn``, or Discord's own), set by
#: the client at login: the tasks it starts, handlers among them, inherit it. Code
#: outside them (a test's body, a script after ``start``) gets the last login's.
_CDN_BASE: ContextVar[str | None] = ContextVar("tidecord_cdn_base", default=None)
_last_base = CDN_URL
#: Where Discord serves files from: its CDN, and its media proxy (gif stickers).
_DISCORD_HOSTS: Final = (CDN_URL, "https://media.discordapp.net")

#: How a failed download is named in its error: a CDN URL may carry a signature
#: (an attachment's ``ex``/``hm``), which is not for logs.
_CDN_ROUTE: Final = Route("GET", "(CDN file)")


def cdn_url_from_env() -> str:
    """``$TIDECORD_CDN_URL`` (a sandbox's), else Discord's CDN."""
    return (os.environ.get("TIDECORD_CDN_URL") or CDN_URL).rstrip("/")


def use_cdn(base: str) -> None:
    """Download what is on Discord's CDN from ``base`` (Discord's own, or a sandbox's)
    in this context and the tasks started from it, and elsewhere until another login."""
    global _last_base
    _CDN_BASE.set(base)
    _last_base = base


async def download(url: str, session: aiohttp.ClientSession | None = None) -> bytes:
    """``url``'s bytes, through ``session`` (the client's, with its proxy settings) or,
    without one, a session of its own closed after. A refusal raises ``Forbidden``,
    ``NotFound``, ``DiscordServerError`` or ``HTTPException``, as discord.py's. A URL
    on Discord's CDN is fetched from the client's ``cdn_url`` when it has another."""
    base = _CDN_BASE.get() or _last_base
    if base != CDN_URL:
        for host in _DISCORD_HOSTS:
            if url.startswith(host + "/"):
                url = base + url[len(host):]
                break
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
        raise error_for(_CDN_ROUTE, response.status, response.reason or "", text,
                        response.headers)
