"""A WebSocket server that writes one prepared burst over loopback, then closes.

For the replay's ``--socket`` rounds: a thread with a plain blocking socket accepts
one client, answers its upgrade, waits a moment for the client to be reading, then
writes every message of the round as binary frames in one ``sendall`` (so the client
always has a backlog, as on a busy gateway) and a close frame. The thread spends its
time in system calls, outside the GIL, and the replay times only the loop thread.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading
import time
from typing import Final

__all__ = ["BurstServer"]

_ACCEPT_GUID: Final = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 section 1.3
_CLOSE_1000: Final = b"\x88\x02\x03\xe8"
_SETTLE: Final = 0.2  # seconds between the upgrade and the burst


def _binary_frame(payload: bytes) -> bytes:
    size = len(payload)
    if size < 126:
        return bytes((0x82, size)) + payload
    if size < 1 << 16:
        return bytes((0x82, 126)) + struct.pack("!H", size) + payload
    return bytes((0x82, 127)) + struct.pack("!Q", size) + payload


class BurstServer:
    """``with BurstServer(messages) as server:`` connect to ``server.url`` once."""

    def __init__(self, messages: list[bytes]) -> None:
        self._burst = b"".join(map(_binary_frame, messages)) + _CLOSE_1000
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self._listener.getsockname()[1]}/"
        self._thread = threading.Thread(target=self._serve, name="burst-server", daemon=True)

    def __enter__(self) -> BurstServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        self._thread.join(10)

    def _serve(self) -> None:
        self._listener.settimeout(30)
        conn, _ = self._listener.accept()
        with conn:
            conn.settimeout(30)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                       if line.lower().startswith(b"sec-websocket-key:"))
            accept = base64.b64encode(hashlib.sha1(key + _ACCEPT_GUID).digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            time.sleep(_SETTLE)
            conn.sendall(self._burst)
            try:  # the client's answering close, or its hang-up
                conn.recv(4096)
            except OSError:
                pass
