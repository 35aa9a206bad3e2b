"""Transport decompression: one context per connection, fed WebSocket messages.

``zlib-stream``: a gateway message may span several WebSocket messages and is
complete when the bytes end with ``00 00 ff ff`` (a zlib sync flush).
``zstd-stream``: every WebSocket message is one whole gateway message.
"""

from __future__ import annotations

import zlib
from typing import Any, Final, Protocol

__all__ = [
    "INFLATE_ERRORS",
    "CorruptStream",
    "Inflater",
    "ZlibInflater",
    "ZstdInflater",
    "best_compression",
    "make_inflater",
]

_SUFFIX: Final = b"\x00\x00\xff\xff"

_zstd: Any
try:  # zstd-stream only when the package is present
    import zstandard as _zstd
except ImportError:  # pragma: no cover - zstandard is a dependency
    _zstd = None



class CorruptStream(Exception):
    """A whole compressed message that inflated to nothing: the stream is broken."""


# What a corrupt stream raises: the context is ruined, only a new connection helps.
INFLATE_ERRORS: Final[tuple[type[Exception], ...]] = (
    (zlib.error, CorruptStream, _zstd.ZstdError) if _zstd is not None
    else (zlib.error, CorruptStream)
)


class Inflater(Protocol):
    """Turns WebSocket messages into whole gateway messages."""

    def feed(self, data: bytes) -> bytes | None:
        """Decompress ``data``; the whole message, or ``None`` until one is complete.

        Raises one of :data:`INFLATE_ERRORS` when the stream is corrupt.
        """
        ...


class ZlibInflater:
    """The ``zlib-stream`` context of one connection.

    Inflated raw, past the stream's two-byte zlib header (checked here): the zlib
    wrapper's only other part is an Adler-32 of all the output, compared at the
    stream's end, which a zlib-stream never reaches. Keeping that sum anyway was
    about a fifth of the inflating.
    """

    __slots__ = ("_buffer", "_inflate", "_started")

    def __init__(self) -> None:
        self._inflate = zlib.decompressobj(-zlib.MAX_WBITS).decompress
        self._buffer: bytearray | None = None
        self._started = False  # whether the header has been read

    def feed(self, data: bytes) -> bytes | None:
        if data[-4:] != _SUFFIX:
            if self._buffer is None:
                self._buffer = bytearray(data)
            else:
                self._buffer += data
            return None
        if self._buffer is not None:
            self._buffer += data
            data = bytes(self._buffer)
            self._buffer = None
        if not self._started:
            data = _past_header(data)
            self._started = True
        out = self._inflate(data)
        if not out:
            # A flushed message always holds some text: this stream lost its way.
            raise CorruptStream("a complete zlib-stream message inflated to nothing")
        return out


def _past_header(data: bytes) -> bytes:
    """The first message of a zlib stream without its header (RFC 1950: deflate,
    a window of at most 32 KiB, no preset dictionary, and the check bits right)."""
    if len(data) < 2:
        raise CorruptStream("a zlib-stream that starts with no header")
    method, flags = data[0], data[1]
    if method & 0x0F != 8 or method >> 4 > 7 or flags & 0x20 or (method << 8 | flags) % 31:
        raise CorruptStream(f"a zlib-stream that starts with no zlib header ({data[:2].hex()})")
    return data[2:]


class ZstdInflater:
    """The ``zstd-stream`` context of one connection."""

    __slots__ = ("_obj",)

    def __init__(self) -> None:
        if _zstd is None:  # pragma: no cover
            raise RuntimeError("zstd-stream needs the zstandard package")
        # Across frames: a server may end a frame per message rather than flush one.
        self._obj = _zstd.ZstdDecompressor().decompressobj(read_across_frames=True)

    def feed(self, data: bytes) -> bytes | None:
        out: bytes = self._obj.decompress(data)
        if not out:
            # Each message is a whole gateway message: nothing out means bytes the
            # context swallowed (corruption), and every later message would be garbage.
            raise CorruptStream("a zstd-stream message inflated to nothing")
        return out


def best_compression() -> str:
    """``zstd-stream`` when zstandard is importable, else ``zlib-stream``."""
    return "zstd-stream" if _zstd is not None else "zlib-stream"


def make_inflater(compress: str | None) -> Inflater | None:
    """A fresh context for a new connection (``None``: plain JSON frames)."""
    if compress == "zlib-stream":
        return ZlibInflater()
    if compress == "zstd-stream":
        return ZstdInflater()
    if compress is None:
        return None
    raise ValueError(f"unknown transport compression {compress!r}")
