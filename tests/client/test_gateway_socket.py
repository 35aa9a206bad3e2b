"""The gateway socket: whole messages out of fragments, pings answered, the close code
kept, and reading paused while a backlog waits.

The first tests talk to a WebSocket server written out byte by byte below, because
neither aiohttp's server nor the sandbox fragments messages, which Discord may do.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import hashlib
import ipaddress
import random
import ssl
import string
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import tidecord
from tidecord.gateway.socket import GatewaySocket, Text, open_socket
from tidecord.sandbox import Sandbox

from .client_helpers import Connect

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
Serve = Callable[[bytes], Awaitable[tuple[str, "RawServer"]]]


def frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """One server frame (unmasked), as RFC 6455 section 5.2 lays it out."""
    head = bytes([(0x80 if fin else 0) | opcode])
    if len(payload) < 126:
        return head + bytes([len(payload)]) + payload
    return head + bytes([126]) + struct.pack("!H", len(payload)) + payload


def client_frames(data: bytes) -> list[tuple[int, bytes]]:
    """The (opcode, unmasked payload) of each whole frame a client sent."""
    frames = []
    while len(data) >= 6:
        opcode, size = data[0] & 0x0F, data[1] & 0x7F
        at = 2
        if size == 126:
            size, at = struct.unpack("!H", data[2:4])[0], 4
        mask, at = data[at:at + 4], at + 4
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(data[at:at + size]))
        frames.append((opcode, payload))
        data = data[at + size:]
    return frames


class RawServer:
    """Accepts one WebSocket client, writes ``script`` to it, records what it sends."""

    def __init__(self, script: bytes) -> None:
        self.script = script
        self.received = b""
        self.done = asyncio.Event()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1(key + _GUID).digest())
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        writer.write(self.script)
        while chunk := await reader.read(65536):
            self.received += chunk
        writer.close()
        self.done.set()


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    servers: list[asyncio.Server] = []

    async def start(script: bytes) -> tuple[str, RawServer]:
        raw = RawServer(script)
        server = await asyncio.start_server(raw.serve, "127.0.0.1", 0)
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/?v=10", raw

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


async def _drain(socket: GatewaySocket) -> list[bytes | None]:
    out: list[bytes | None] = []
    async with asyncio.timeout(5):
        while not out or out[-1] is not None:
            if not socket.queue:
                await socket.wait()
            out.append(socket.queue.popleft())
    return out


@pytest.mark.parametrize("on_session", [False, True], ids=["picows", "aiohttp"])
async def test_fragments_come_out_whole_and_the_close_code_is_kept(
    serve: Serve, on_session: bool
) -> None:
    close = struct.pack("!H", 4004) + b"Authentication failed."
    url, raw = await serve(
        frame(0x2, b"ab", fin=False) + frame(0x9, b"are you there")  # a ping mid-message
        + frame(0x0, b"cd", fin=False) + frame(0x0, b"ef")
        + frame(0x1, b'{"op":', fin=False) + frame(0x0, b"11}")
        + frame(0x2, b"x" * 300)
        + frame(0x8, close))
    async with aiohttp.ClientSession() as session:
        socket = await open_socket(url, (lambda: session) if on_session else None)
        try:
            got = await _drain(socket)
        finally:
            await socket.close()
        async with asyncio.timeout(5):
            await raw.done.wait()
    assert got == [b"abcdef", b'{"op":11}', b"x" * 300, None]
    assert type(got[1]) is Text and type(got[0]) is bytes
    assert socket.close_code == 4004 and socket.closed
    sent = client_frames(raw.received)
    assert (0xA, b"are you there") in sent  # the ping answered
    assert sent[-1][0] == 0x8  # the close answered


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


async def test_wss_goes_over_tls_with_the_default_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord's gateway is wss://: the default context (here trusting a test authority
    through SSL_CERT_FILE, as OpenSSL reads it) verifies the server, then frames flow."""
    cert_file, key_file = await asyncio.to_thread(_self_signed, tmp_path)
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert_file, key_file)
    raw = RawServer(frame(0x2, b"over tls") + frame(0x8, struct.pack("!H", 4000)))
    server = await asyncio.start_server(raw.serve, "127.0.0.1", 0, ssl=server_side)
    port = server.sockets[0].getsockname()[1]
    try:
        # Untrusted first: the handshake must fail, not fall back to plain text.
        with pytest.raises(ssl.SSLCertVerificationError):
            await open_socket(f"wss://127.0.0.1:{port}/?v=10", None)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
        socket = await open_socket(f"wss://127.0.0.1:{port}/?v=10", None)
        try:
            assert await _drain(socket) == [b"over tls", None]
            assert socket.close_code == 4000
        finally:
            await socket.close()
    finally:
        server.close()
        await server.wait_closed()


async def test_a_connection_that_just_ends_reads_as_1006(
    serve: Serve
) -> None:
    url, _ = await serve(frame(0x2, b"only"))
    socket = await open_socket(url, None)
    try:
        async with asyncio.timeout(5):
            while not socket.queue:
                await socket.wait()
        assert socket.queue.popleft() == b"only"
        socket.abort()
        assert await _drain(socket) == [None]
        assert socket.close_code == 1006 and socket.closed
    finally:
        await socket.close()
    with pytest.raises(ConnectionResetError):
        await socket.send_bytes(b"{}")


async def test_reading_pauses_while_a_backlog_waits(sandbox: Sandbox, connect: Connect) -> None:
    """Handlers slower than the server: what waits unread stays in the kernel, not in a
    queue that grows with the whole burst."""
    deepest = seen = 0
    texts = ["".join(random.choices(string.ascii_letters, k=200)) for _ in range(1000)]

    class Bot(tidecord.Client):
        async def on_message(self, message: tidecord.Message) -> None:
            nonlocal deepest, seen
            seen += 1
            if seen % 250 == 0:  # bytes waiting in the queue now
                socket = self.shards[0]._ws
                assert socket is not None
                deepest = max(deepest, sum(len(m) for m in socket.queue if m is not None))
            sum(range(300))  # a little work for each message

    intents = tidecord.Intents.default()
    intents.message_content = True
    await connect(Bot, intents=intents, compress="zlib-stream")
    count = 20_000  # about 3 MB compressed: texts that do not repeat within zlib's window
    await sandbox.firehose("general", count, contents=texts)
    async with asyncio.timeout(30):
        while seen < count:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    # Reading pauses after 256 KiB, and what picows has read by then still arrives:
    # about 740 KB at the deepest here. Without the pause, 3.9 MB of the burst's 4 MB.
    assert 0 < deepest < 2 * 1024 * 1024, deepest
