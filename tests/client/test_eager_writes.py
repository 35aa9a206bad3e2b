"""A request's body leaves when the request is sent, even on Python 3.11 (rest/eager_writes.py)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import tidecord
from tidecord.sandbox import Sandbox

from ..health.sandbox_thread import SandboxThread
from .client_helpers import Connect


async def test_a_send_reaches_the_server_before_the_work_queued_after_it() -> None:
    # The sandbox on its own thread, as Discord. The bot starts a send, and 0.3 s of
    # other work is queued behind it (as when a burst of sends is started at once:
    # each waits for its first step). aiohttp writes the body in a task of its own; on
    # 3.11 that task used to wait behind all of that work, so the server made the
    # message only after it.
    async with SandboxThread() as remote:
        sandbox = remote.sandbox
        assert sandbox is not None
        client = tidecord.Client(api_url=sandbox.api_url)
        await client.login(sandbox.token)
        try:
            channel = client.get_partial_messageable(sandbox.channel("general").id)
            await channel.send("a connection to reuse")
            loop = asyncio.get_running_loop()
            sending = asyncio.create_task(channel.send("first"))
            done: list[float] = []
            for _ in range(30):
                loop.call_soon(time.sleep, 0.01)
            loop.call_soon(lambda: done.append(time.time()))
            sent = await asyncio.wait_for(sending, 10)
            made = sent.created_at.timestamp()
            assert made < done[0] - 0.15, (made, done[0])
        finally:
            await client.close()


async def test_the_loops_own_task_factory_makes_every_other_task_and_is_back_after_close(
        sandbox: Sandbox) -> None:
    loop = asyncio.get_running_loop()
    made: list[str] = []

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **options: Any) -> Any:
        made.append(coro.__qualname__)
        return asyncio.Task(coro, loop=loop, **options)

    async def mine() -> str:
        await asyncio.sleep(0)
        return "mine"

    loop.set_task_factory(factory)
    try:
        client = tidecord.Client(api_url=sandbox.api_url)
        await client.login(sandbox.token)
        try:
            channel = client.get_partial_messageable(sandbox.channel("general").id)
            await channel.send("through the factory")
            assert await asyncio.create_task(mine()) == "mine"
        finally:
            await client.close()
        assert "test_the_loops_own_task_factory_makes_every_other_task_and_is_back_after_close." \
               "<locals>.mine" in made
        assert loop.get_task_factory() is factory
        assert [m.content for m in sandbox.messages("general")][-1:] == ["through the factory"]
    finally:
        loop.set_task_factory(None)


async def test_no_task_factory_is_left_on_the_loop_after_the_last_client_closes(
        sandbox: Sandbox) -> None:
    loop = asyncio.get_running_loop()
    assert loop.get_task_factory() is None
    first, second = (tidecord.Client(api_url=sandbox.api_url) for _ in range(2))
    for client in (first, second):
        await client.login(sandbox.token)
    channel_id = sandbox.channel("general").id
    await first.close()
    await second.get_partial_messageable(channel_id).send("the other client still sends")
    await second.close()
    assert loop.get_task_factory() is None


async def test_a_body_too_big_for_one_write_still_arrives_whole(
        sandbox: Sandbox, connect: Connect) -> None:
    # 6 MB do not fit the transport's buffer at once: the writer waits for the socket
    # and goes on in a task, as it always did.
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    blob = bytes(range(256)) * (6 * 1024 * 4)
    sent = await asyncio.wait_for(
        channel.send("big", file=tidecord.File(blob, filename="big.bin")), 30)
    (attachment,) = sandbox.messages("general")[-1].attachments
    assert sent.attachments[0].size == attachment.size == len(blob)
    back = await asyncio.wait_for(sent.attachments[0].read(), 30)
    # Compared, not hashed: two 6 MB hashes on the loop thread took over strict
    # mode's 100 ms on a loaded machine, and failed the test for its own line.
    assert len(back) == len(blob) and back == blob
