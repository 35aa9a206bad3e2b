"""Start real peer libraries (discord.py, hikari) against a sandbox, by URL alone.

The peers log to stderr from the event loop, which tidecord's strict mode counts as
blocking: tests using them are marked ``tidecord_strict(False)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import discord
import hikari
import yarl
from discord.ext import commands

from tidecord.sandbox import Sandbox

from ..discordpy_ready import ready_at_once


@contextlib.asynccontextmanager
async def discord_py(
    sb: Sandbox, setup: Callable[[commands.Bot], None] | None = None,
    intents: discord.Intents | None = None, **kwargs: Any,
) -> AsyncIterator[commands.Bot]:
    """A discord.py client connected to ``sb`` and ready (on_ready fired)."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    old_cdn = discord.Asset.BASE
    discord.http.Route.BASE = sb.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
    discord.Asset.BASE = sb.cdn_url
    if intents is None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = True
    client = commands.Bot(command_prefix="!", help_command=None, intents=intents, **kwargs)
    ready_at_once(client._connection)  # on_ready once the guilds are in, not 2 s later
    ready = asyncio.Event()
    client.add_listener(_set(ready), "on_ready")
    if setup is not None:
        setup(client)
    task = asyncio.create_task(client.start(sb.token), name="discord.py client")
    try:
        done, _ = await asyncio.wait({task, asyncio.create_task(ready.wait())}, timeout=15,
                                     return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()
        assert ready.is_set(), "discord.py never became ready"
        yield client
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
        discord.Asset.BASE = old_cdn


def _set(event: asyncio.Event) -> Callable[[], Any]:
    async def on_ready() -> None:
        event.set()
    return on_ready


@contextlib.asynccontextmanager
async def hikari_bot(
    sb: Sandbox, setup: Callable[[hikari.GatewayBot], None] | None = None,
    intents: hikari.Intents | None = None,
) -> AsyncIterator[hikari.GatewayBot]:
    """A hikari GatewayBot connected to ``sb`` and started."""
    if intents is None:
        intents = (hikari.Intents.ALL_UNPRIVILEGED | hikari.Intents.MESSAGE_CONTENT
                   | hikari.Intents.GUILD_MEMBERS)
    bot = hikari.GatewayBot(sb.token, rest_url=sb.api_url, intents=intents, banner=None,
                            suppress_optimization_warning=True)
    old_cdn = hikari.urls.CDN_URL
    hikari.urls.CDN_URL = sb.cdn_url  # read at each URL's making: images from the sandbox
    if setup is not None:
        setup(bot)
    try:
        await asyncio.wait_for(bot.start(check_for_updates=False), 15)
        try:
            yield bot
        finally:
            await asyncio.wait_for(bot.close(), 10)
    finally:
        hikari.urls.CDN_URL = old_cdn


@contextlib.asynccontextmanager
async def hikari_rest(sb: Sandbox) -> AsyncIterator[hikari.impl.RESTClientImpl]:
    """A hikari REST client (``RESTApp``) with the bot's token, pointed at ``sb``."""
    app = hikari.RESTApp(url=sb.api_url)
    await app.start()
    try:
        async with app.acquire(sb.token, hikari.TokenType.BOT) as rest:
            yield rest
    finally:
        await app.close()


def hikari_complaints(records: list[logging.LogRecord]) -> list[str]:
    """What hikari logged at WARNING or above: a payload it could not read (logged by
    asyncio's handler as "Exception occurred in raw event dispatch conduit"), a header
    it did not expect, a rate limit it ran into."""
    return [f"{r.name}: {r.getMessage()[:300]}" for r in records
            if r.levelno >= logging.WARNING
            and (r.name.split(".")[0] in ("hikari", "asyncio"))]
