"""Uploaded attachments, kept in memory and served back at their URL.

An upload can hold anything, so it is served the way a careful file host does: a
filename reduced to one path component (no ``../`` into the control API), and
``X-Content-Type-Options: nosniff`` plus ``Content-Disposition: attachment`` so a
``text/html`` upload is downloaded, never run as a page of the sandbox's origin;
only raster images are shown inline (the chat page displays them).
"""

from __future__ import annotations

import mimetypes
import re
import struct
import urllib.parse

from aiohttp import web

__all__ = ["FileStore", "safe_filename", "sniff"]

MAX_STORED_BYTES = 256 * 1024 * 1024
# Shown in the page; anything else (HTML, SVG with scripts, ...) is a download.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FILENAME = 255
_MIME = re.compile(r"[\w.+-]+/[\w.+-]+")


def safe_filename(name: str) -> str:
    """``name`` as a stored attachment's filename: its last path component, without
    control characters or leading dots, at most 255 characters (``file`` if nothing
    is left)."""
    last = re.split(r"[/\\]", name)[-1]
    cleaned = _CONTROL.sub("", last).strip().lstrip(".").strip()
    return cleaned[:MAX_FILENAME] or "file"


def sniff(filename: str, data: bytes, declared: str | None
          ) -> tuple[str, int | None, int | None]:
    """Content type (and image size) as Discord derives them from the file itself.

    A declared type is kept unless it is missing or the generic octet-stream.
    """
    kind = declared if declared and declared != "application/octet-stream" else None
    width = height = None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        kind = kind or "image/png"
        width, height = struct.unpack(">II", data[16:24])
    elif data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        kind = kind or "image/gif"
        width, height = struct.unpack("<HH", data[6:10])
    elif data.startswith(b"\xff\xd8"):
        kind = kind or "image/jpeg"
        width, height = _jpeg_size(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = kind or "image/webp"
    if kind is None:
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return kind, width, height


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    # Walk the segments to the first start-of-frame marker, which holds the size.
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None, None
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None, None


class FileStore:
    """Attachment bytes by id; the oldest are forgotten past a total size."""

    def __init__(self) -> None:
        self.base_url = ""
        self._files: dict[int, tuple[str, str, bytes]] = {}
        self._size = 0

    def put(self, channel_id: int, attachment_id: int, filename: str, content_type: str,
            data: bytes) -> str:
        """Keep a file; returns its URL."""
        self._files[attachment_id] = (filename, content_type, data)
        self._size += len(data)
        while self._size > MAX_STORED_BYTES and len(self._files) > 1:
            oldest = next(iter(self._files))
            self._size -= len(self._files.pop(oldest)[2])
        name = urllib.parse.quote(safe_filename(filename), safe="")
        return f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{name}"

    def get(self, attachment_id: int) -> tuple[str, str, bytes] | None:
        """(filename, content type, bytes) of a stored file."""
        return self._files.get(attachment_id)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """GET /attachments/{channel_id}/{attachment_id}/{filename}."""
        raw = request.match_info["attachment_id"]
        found = self.get(int(raw)) if raw.isdigit() else None
        if found is None:
            raise web.HTTPNotFound()
        filename, content_type, data = found
        disposition = "inline" if content_type in INLINE_TYPES else "attachment"
        quoted = urllib.parse.quote(safe_filename(filename), safe="")
        response = web.Response(body=data, headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quoted}",
            # Even if a browser rendered it, it would run nothing and load nothing.
            "Content-Security-Policy": "default-src 'none'; sandbox",
        })
        mime = content_type.split(";")[0].strip()
        response.content_type = mime if _MIME.fullmatch(mime) else "application/octet-stream"
        return response
