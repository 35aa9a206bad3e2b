"""discord.py's networking options: ``proxy``, ``proxy_auth``, ``connector`` and
``http_trace`` reach REST and the gateway alike."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import yarl

import tidecord
from tidecord.sandbox import Sandbox

from ..ext.parity import running
from .client_helpers import start_client

pytestmark = [pytest.mark.timeout(60),
              # discord.py programs pass aiohttp.BasicAuth, which aiohttp 3.14 deprecates.
              pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")]

CREDENTIALS = ("courier", "open sesame")


class ForwardingProxy:
    """An HTTP proxy on loopback that wants Basic credentials: it forwards each request
    (one per connection) and, for a WebSocket upgrade, the connection after it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []  # (method, path) forwarded
        self.refused = 0
        self._pipes: set[asyncio.Task[None]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        request, *lines = head.decode("latin-1").split("\r\n")
        method, target, version = request.split(" ")
        fields = [line for line in lines if line]
        wanted = "Basic " + base64.b64encode(":".join(CREDENTIALS).encode()).decode()
        if f"Proxy-Authorization: {wanted}" not in fields:
            self.refused += 1
            writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                         b"Proxy-Authenticate: Basic\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        url = yarl.URL(target)
        self.seen.append((method, url.path))
        upgrade = any(f.lower().startswith("upgrade:") for f in fields)
        kept = [f for f in fields if not f.lower().startswith(("proxy-", "connection:"))]
        kept.append("Connection: Upgrade" if upgrade else "Connection: close")
        up_reader, up_writer = await asyncio.open_connection(url.host, url.port)
        up_writer.write(f"{method} {url.raw_path_qs} {version}\r\n".encode()
                        + "".join(f"{f}\r\n" for f in kept).encode() + b"\r\n")
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except ConnectionError:
            pass
        finally:
            sink.close()


@pytest.fixture
async def proxy() -> AsyncIterator[tuple[str, ForwardingProxy]]:
    forwarding = ForwardingProxy()
    server = await asyncio.start_server(forwarding.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", forwarding
    finally:
        server.close()
        await server.wait_closed()


class Echo(tidecord.Client):
    async def on_message(self, message: tidecord.Message) -> None:
        if message.content == "!echo":
            await message.channel.send("echo")


async def test_a_bot_behind_a_proxy_reaches_rest_and_the_gateway_through_it(
    sandbox: Sandbox, proxy: tuple[str, ForwardingProxy]
) -> None:
    url, forwarding = proxy
    intents = tidecord.Intents.default()
    intents.message_content = True
    client = Echo(api_url=sandbox.api_url, intents=intents, proxy=url,
                  proxy_auth=aiohttp.BasicAuth(*CREDENTIALS))
    task = await start_client(client, sandbox.token)
    try:
        await sandbox.send_message("alice", "general", "!echo")
        async with asyncio.timeout(10):
            while not any(m.content == "echo" for m in sandbox.messages("general")):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    finally:
        await client.close()
        await task
    paths = [path for _, path in forwarding.seen]
    assert any(path.endswith("/gateway/bot") for path in paths), paths
    assert any(path.startswith("/gateway") for path in paths), paths  # the WebSocket
    assert ("POST", f"/api/v10/channels/{sandbox.channel('general').id}/messages") in \
        forwarding.seen
    assert forwarding.refused == 0


@pytest.mark.parametrize("library", [
    "tidecord",
    # discord.py logs its voice warnings to stderr from inside the loop; and it passes
    # proxy_auth on to aiohttp 3.14, which deprecates it.
    pytest.param("discord.py", marks=[
        pytest.mark.tidecord_strict(False),
        pytest.mark.filterwarnings("ignore:The 'proxy_auth' parameter:DeprecationWarning")]),
])
async def test_behind_a_proxy_both_libraries_send_the_same_calls_through_it(
    sandbox: Sandbox, proxy: tuple[str, ForwardingProxy], library: str
) -> None:
    """The same discord.py program on each library: what crossed the proxy."""
    url, forwarding = proxy

    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.message_content = True
        bot = discord.Client(intents=intents, proxy=url,
                             proxy_auth=aiohttp.BasicAuth(*CREDENTIALS))

        @bot.event
        async def on_message(message: Any) -> None:
            if message.content == "!echo":
                await message.channel.send("echo")
        return bot

    async with running(library, sandbox, setup):
        await sandbox.send_message("alice", "general", "!echo")
        async with asyncio.timeout(10):
            while not any(m.content == "echo" for m in sandbox.messages("general")):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    general = sandbox.channel("general").id
    assert ("POST", f"/api/v10/channels/{general}/messages") in forwarding.seen
    assert ("GET", "/gateway") in forwarding.seen  # the WebSocket's upgrade
    assert ("GET", "/api/v10/users/@me") in forwarding.seen  # the login
    assert forwarding.refused == 0


async def test_wrong_proxy_credentials_fail_the_login_clearly(
    sandbox: Sandbox, proxy: tuple[str, ForwardingProxy]
) -> None:
    url, forwarding = proxy
    client = tidecord.Client(api_url=sandbox.api_url, proxy=url,
                             proxy_auth=aiohttp.BasicAuth("courier", "wrong"))
    with pytest.raises(tidecord.HTTPException) as caught:
        await asyncio.wait_for(client.start(sandbox.token), 10)
    await client.close()
    assert caught.value.status == 407
    assert "Proxy Authentication Required" in str(caught.value)
    assert forwarding.refused >= 1 and not forwarding.seen
    assert "wrong" not in repr(client.http) + str(caught.value)


async def test_http_trace_sees_the_gateway_connect_too(sandbox: Sandbox) -> None:
    started: list[str] = []

    async def on_start(session: object, context: object,
                       params: aiohttp.TraceRequestStartParams) -> None:
        started.append(f"{params.method} {params.url.path}")

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    client = tidecord.Client(api_url=sandbox.api_url, http_trace=trace,
                             connector=aiohttp.TCPConnector(limit=10))
    task = await start_client(client, sandbox.token)
    await client.close()
    await task
    assert any(s.startswith("GET /gateway") and "bot" not in s for s in started), started
    assert any(s.endswith("/gateway/bot") for s in started), started
