"""Server-side transport compression: one stream context per connection.

- ``zlib-stream``: one deflate stream for the connection's lifetime; each gateway
  message is flushed with ``Z_SYNC_FLUSH`` so it ends in ``00 00 ff ff``.
- ``zstd-stream``: one zstd frame for the connection's lifetime; each gateway
  message is a flushed block, one WebSocket message each.
- neither: plain JSON text frames, or (with Identify's ``compress: true``) each
  payload zlib-compressed on its own, as Discord's payload compression does.
"""

from __future__ import annotations

import zlib

import zstandard

__all__ = ["Compressor", "make_compressor"]


class Compressor:
    """Plain JSON: text frames, unchanged."""

    name = "none"
    binary = False

    def compress(self, data: bytes) -> bytes:
        """The wire bytes of one gateway message."""
        return data


class ZlibStream(Compressor):
    """One deflate context; every message ends with a sync flush."""

    name = "zlib-stream"
    binary = True

    def __init__(self) -> None:
        self._ctx = zlib.compressobj()

    def compress(self, data: bytes) -> bytes:
        return self._ctx.compress(data) + self._ctx.flush(zlib.Z_SYNC_FLUSH)


class ZstdStream(Compressor):
    """One zstd frame for the connection; every message is a flushed block."""

    name = "zstd-stream"
    binary = True

    def __init__(self) -> None:
        self._ctx = zstandard.ZstdCompressor().compressobj()

    def compress(self, data: bytes) -> bytes:
        return self._ctx.compress(data) + self._ctx.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)


class PayloadZlib(Compressor):
    """Identify's ``compress: true`` without transport compression: one zlib per message."""

    name = "payload-zlib"
    binary = True

    def compress(self, data: bytes) -> bytes:
        return zlib.compress(data)


def make_compressor(name: str | None) -> Compressor | None:
    """The compressor for a ``compress`` query value; None when it is not supported."""
    if name is None or name == "":
        return Compressor()
    if name == "zlib-stream":
        return ZlibStream()
    if name == "zstd-stream":
        return ZstdStream()
    return None
