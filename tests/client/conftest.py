"""Helpers for client tests: start a tidecord Client on the sandbox and always close it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect, start_client


def _with_members() -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.message_content = intents.members = True
    return intents


@pytest_asyncio.fixture
async def connect(sandbox: Sandbox) -> AsyncIterator[Connect]:
    """``client = await connect(MyClient or None, sb=..., **options)``: a ready client."""
    running: list[tuple[tidecord.Client, asyncio.Task[None]]] = []

    async def make(client_cls: Any = None, *, sb: Sandbox | None = None,
                   **options: Any) -> tidecord.Client:
        box = sb or sandbox
        cls = client_cls or tidecord.Client
        # Unless a test says otherwise, the client asks for the members intent, as a
        # bot that keeps members does: Discord (and the sandbox) then send the rest
        # of each guild's members when asked at startup.
        options.setdefault("intents", _with_members())
        client = cls(api_url=box.api_url, **options)
        task = await start_client(client, box.token)
        running.append((client, task))
        return client

    yield make
    for client, task in running:
        await client.close()
        await asyncio.wait_for(task, 5)
