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

    await connect(Bot, enable_debug_events=True)  # as discord.py: raw text only then
    assert types[:2] == ["READY", "GUILD_CREATE"]
    sandbox.state.emit("SOME_FUTURE_EVENT", {"hello": "world"})
    await sandbox.send_message("alice", "general", "known")
    async with asyncio.timeout(5):
        while "MESSAGE_CREATE" not in types:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    assert "SOME_FUTURE_EVENT" in types
    assert any('"hello":"world"' in p for p in raw)
    assert any('"content":"known"' in p for p in raw)


async def test_raw_hooks_added_while_running_and_removed_again(
    sandbox: Sandbox, connect: Connect
) -> None:
    # Whether anything wants the raw hooks is remembered between dispatches: a
    # waiter, a listener or an ``@client.event`` added (or removed) later must count.
    seen_messages: list[str] = []

    class Bot(tidecord.Client):
        async def on_message(self, message: tidecord.Message) -> None:
            seen_messages.append(message.content)

    client = await connect(Bot, enable_debug_events=True)

    async def said(text: str) -> None:  # without a waiter of its own
        await sandbox.send_message("alice", "general", text)
        async with asyncio.timeout(5):
            while text not in seen_messages:  # noqa: ASYNC110
                await asyncio.sleep(0.01)

    await said("before")  # remembered: nothing wants them
    waiter = asyncio.create_task(client.wait_for(
        "socket_raw_receive", check=lambda p: '"content":"one"' in p, timeout=5))
    await asyncio.sleep(0)
    await said("one")
    assert '"content":"one"' in await waiter

    types: list[str] = []

    async def on_socket_event_type(event_type: str) -> None:
        types.append(event_type)

    client.add_listener(on_socket_event_type)
    await said("two")
    assert "MESSAGE_CREATE" in types

    raw: list[str] = []

    @client.event
    async def on_socket_raw_receive(payload: str) -> None:
        raw.append(payload)

    await said("three")
    assert any('"content":"three"' in p for p in raw)
    client.remove_listener(on_socket_event_type)
    del client.on_socket_raw_receive
    seen, heard = len(types), len(raw)
    await said("four")
    assert (len(types), len(raw)) == (seen, heard)
