"""Every transport compression, and the raw hooks that see every dispatch."""

from __future__ import annotations

import asyncio

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect


@pytest.mark.parametrize("compress", ["zlib-stream", "zstd-stream", None])
async def test_each_transport_carries_events(
    sandbox: Sandbox, connect: Connect, compress: str | None
) -> None:
    client = await connect(compress=compress)
    assert client.shards[0].compress == compress
    waiter = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_message("alice", "general", "x" * 1900)
    assert (await waiter).content == "x" * 1900


async def test_raw_hooks_see_every_dispatch_known_or_not(
    sandbox: Sandbox, connect: Connect
) -> None:
    types: list[str] = []
    raw: list[str] = []

    class Bot(tidecord.Client):
        async def on_socket_event_type(self, event_type: str) -> None:
            types.append(event_type)

        async def on_socket_raw_receive(self, payload: str) -> None:
            raw.append(payload)

    await connect(Bot)
    assert types[:2] == ["READY", "GUILD_CREATE"]
    sandbox.state.emit("SOME_FUTURE_EVENT", {"hello": "world"})
    await sandbox.send_message("alice", "general", "known")
    async with asyncio.timeout(5):
        while "MESSAGE_CREATE" not in types:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    assert "SOME_FUTURE_EVENT" in types
    assert any('"hello":"world"' in p for p in raw)
    assert any('"content":"known"' in p for p in raw)
