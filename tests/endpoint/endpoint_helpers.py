"""What the HTTP-interaction bot tests share: serving a bot at an endpoint the sandbox
POSTs to, signing a request as Discord does, and registering the commands to invoke."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

import tidecord
from tidecord.endpoint import serve_http
from tidecord.sandbox import Sandbox


@contextlib.asynccontextmanager
async def serving(bot: tidecord.Client, sandbox: Sandbox, **options: Any
                  ) -> AsyncIterator[str]:
    """Serve ``bot`` on a free port, made the application's interactions endpoint (the
    sandbox checks it as Discord does first), with ``serve_http``'s ``options``; yield
    its URL, close the bot after."""
    listening: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def on_listening(url: str) -> None:
        listening.set_result(url)

    task = asyncio.create_task(serve_http(bot, sandbox.token, port=0,
                                          on_listening=on_listening, **options))
    try:
        url = await asyncio.wait_for(asyncio.shield(listening), 10)
        await sandbox.set_interactions_endpoint(url)
        yield url
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)


def signed(sandbox: Sandbox, body: bytes, stamp: str | None = None) -> dict[str, str]:
    """The headers Discord sends with ``body``: the timestamp (now unless given) and
    the Ed25519 signature over timestamp + body with the sandbox's key."""
    stamp = stamp or str(int(time.time()))
    return {"X-Signature-Timestamp": stamp,
            "X-Signature-Ed25519": sandbox.sender.sign(stamp, body)}


async def register(sandbox: Sandbox, commands: list[dict[str, Any]]) -> None:
    """Put ``commands`` as the application's global commands, as a bot's sync does."""
    app_id = sandbox.state.application.id
    async with aiohttp.ClientSession() as http:
        async with http.put(f"{sandbox.api_url}/applications/{app_id}/commands",
                            json=commands,
                            headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
            assert resp.status == 200, await resp.text()
