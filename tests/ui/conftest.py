"""Helpers for ui tests: a tidecord client on the sandbox, closed after the test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

import tidecord
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect, start_client


@pytest_asyncio.fixture
async def connect(sandbox: Sandbox) -> AsyncIterator[Connect]:
    """``client = await connect(MyClient or None, **options)``: a ready client."""
    running: list[tuple[tidecord.Client, asyncio.Task[None]]] = []

    async def make(client_cls: Any = None, **options: Any) -> tidecord.Client:
        client = (client_cls or tidecord.Client)(api_url=sandbox.api_url, **options)
        running.append((client, await start_client(client, sandbox.token)))
        return client

    yield make
    for client, task in running:
        await client.close()
        await asyncio.wait_for(task, 5)
