"""Run a client as an HTTP-interaction bot: log in, serve the endpoint, no gateway."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from .app import InteractionEndpoint

if TYPE_CHECKING:
    from ..client import Client

__all__ = ["serve_http"]

log = logging.getLogger("tidecord.endpoint")


async def serve_http(client: Client, token: str, *, host: str = "127.0.0.1", port: int = 8080,
                     path: str = "/interactions",
                     on_listening: Callable[[str], Awaitable[None]] | None = None,
                     inline: bool = True) -> None:
    """Log in (``setup_hook`` runs), serve interactions at ``http://host:port/path`` until
    ``client.close()``. ``on_listening`` gets the endpoint's URL once it accepts requests;
    ``inline`` is :class:`InteractionEndpoint`'s.
    """
    await client.login(token)
    endpoint = InteractionEndpoint(client, inline=inline)
    endpoint.verifier  # noqa: B018 - fail now, not at the first request, without a key
    runner = web.AppRunner(endpoint.make_app(path), access_log=None, handle_signals=False,
                           shutdown_timeout=1.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else port
        where = f"[{host}]" if ":" in host else host
        url = f"http://{where}:{bound}{path}"
        log.info("serving interactions at %s", url)
        if on_listening is not None:
            await on_listening(url)
        await client._dispatcher.wait_closed()
    finally:
        await runner.cleanup()
