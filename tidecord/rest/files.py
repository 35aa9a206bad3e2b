"""``File``: an attachment from a path, bytes or a file object, sent as multipart."""

from __future__ import annotations

import asyncio
import io
import os
from typing import Any

import aiohttp

__all__ = ["File", "build_fields_form", "build_form"]


class File:
    """A file to upload with a message.

    >>> File(b"hello", filename="hello.txt").filename
    'hello.txt'

    ``fp`` is a path, ``bytes``, or a binary file object. A path is read off the
    event loop when the message is sent.
    """

    __slots__ = ("_data", "_fp", "_path", "description", "filename", "spoiler")

    def __init__(
        self,
        fp: str | os.PathLike[str] | bytes | io.IOBase | Any,
        filename: str | None = None,
        *,
        spoiler: bool = False,
        description: str | None = None,
    ) -> None:
        self._path: str | None = None
        self._data: bytes | None = None
        self._fp: Any = None
        if isinstance(fp, (bytes, bytearray, memoryview)):
            self._data = bytes(fp)
            default_name = "file"
        elif isinstance(fp, (str, os.PathLike)):
            self._path = os.fspath(fp)
            default_name = os.path.basename(self._path)
        elif hasattr(fp, "read"):
            self._fp = fp
            default_name = os.path.basename(str(getattr(fp, "name", "file")))
        else:
            raise TypeError(f"File needs a path, bytes or a file object, not {type(fp).__name__}")
        name = filename or default_name
        if spoiler and not name.startswith("SPOILER_"):
            name = "SPOILER_" + name
        self.filename = name
        self.spoiler = spoiler or name.startswith("SPOILER_")
        self.description = description

    def __repr__(self) -> str:
        return f"<File filename={self.filename!r}>"

    async def read(self) -> bytes:
        """The file's bytes (a path is read in a worker thread)."""
        if self._data is None:
            if self._path is not None:
                self._data = await asyncio.to_thread(_read_path, self._path)
            else:
                raw = self._fp.read()
                self._data = raw.encode() if isinstance(raw, str) else bytes(raw)
        return self._data

    def close(self) -> None:
        """Close an underlying file object (discord.py compatibility)."""
        if self._fp is not None and hasattr(self._fp, "close"):
            self._fp.close()


def _read_path(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def attachments_payload(files: list[File]) -> list[dict[str, Any]]:
    """The ``attachments`` array that names each ``files[n]`` part."""
    out: list[dict[str, Any]] = []
    for i, f in enumerate(files):
        item: dict[str, Any] = {"id": i, "filename": f.filename}
        if f.description is not None:
            item["description"] = f.description
        out.append(item)
    return out


def build_form(payload_json: bytes, files: list[File], contents: list[bytes]) -> aiohttp.FormData:
    """A multipart body: ``payload_json`` then ``files[n]`` parts."""
    form = aiohttp.FormData(quote_fields=False)
    form.add_field("payload_json", payload_json.decode(), content_type="application/json")
    for i, (f, data) in enumerate(zip(files, contents, strict=True)):
        form.add_field(
            f"files[{i}]", data, filename=f.filename, content_type="application/octet-stream"
        )
    return form


def build_fields_form(fields: dict[str, Any], file: File, content: bytes) -> aiohttp.FormData:
    """A multipart body of plain form fields and one ``file`` part, as the sticker
    upload takes it (it reads no ``payload_json``)."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, str(value))
    form.add_field("file", content, filename=file.filename, content_type=_image_type(content))
    return form


def _image_type(content: bytes) -> str:
    if content.startswith(b"\x89PNG"):
        return "image/png"
    if content.startswith(b"GIF8"):
        return "image/gif"
    return "application/json" if content.lstrip().startswith(b"{") else "application/octet-stream"
