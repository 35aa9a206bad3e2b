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

    __slots__ = ("_data", "_filename", "_fp", "_owned", "_path", "_start", "description",
                 "spoiler")

    def __init__(
        self,
        fp: str | os.PathLike[str] | bytes | io.IOBase | Any,
        filename: str | None = None,
        *,
        spoiler: bool | None = None,
        description: str | None = None,
    ) -> None:
        self._path: str | None = None
        self._data: bytes | None = None
        self._fp: Any = None
        self._owned = True  # a file object handed in is the caller's to close
        self._start = 0
        if isinstance(fp, (bytes, bytearray, memoryview)):
            self._data = bytes(fp)
            default_name = "untitled"
        elif isinstance(fp, (str, os.PathLike)):
            self._path = os.fspath(fp)
            default_name = os.path.basename(self._path)
            # A missing or unreadable path fails here with open()'s error, as in
            # discord.py (``try: File(path) except FileNotFoundError``), though it is
            # read only when sent.
            with open(self._path, "rb"):
                pass
        elif hasattr(fp, "read"):
            self._fp, self._owned = fp, False
            self._start = fp.tell() if hasattr(fp, "tell") else 0
            default_name = os.path.basename(str(getattr(fp, "name", "untitled")))
        else:
            raise TypeError(f"File needs a path, bytes or a file object, not {type(fp).__name__}")
        # As discord.py: the name is kept without its SPOILER_ prefix, which
        # ``spoiler`` (given, or read off the name) puts back.
        self.filename = default_name if filename is None else filename
        if spoiler is not None:
            self.spoiler = spoiler
        self.description = description

    @property
    def filename(self) -> str:
        """The name Discord shows, ``SPOILER_`` first when the file is a spoiler."""
        return "SPOILER_" + self._filename if self.spoiler else self._filename

    @filename.setter
    def filename(self, value: str) -> None:
        self.spoiler = value.startswith("SPOILER_")
        self._filename = value.removeprefix("SPOILER_")

    @property
    def uri(self) -> str:
        """``attachment://<filename>``: how an embed or a component names this file."""
        return f"attachment://{self.filename}"

    @property
    def fp(self) -> Any:
        """The file object read from (a path is opened when first asked for)."""
        if self._fp is None:
            self._fp = (io.BytesIO(self._data) if self._data is not None
                        else open(self._path or "", "rb"))  # close() closes it
        return self._fp

    def reset(self, *, seek: int | bool = True) -> None:
        """Go back to where the file object was when this ``File`` was made."""
        if seek and self._fp is not None and hasattr(self._fp, "seek"):
            self._fp.seek(self._start)

    def to_dict(self, index: int) -> dict[str, Any]:
        """The ``attachments`` entry naming this file as part ``files[index]``."""
        item: dict[str, Any] = {"id": index, "filename": self.filename}
        if self.description is not None:
            item["description"] = self.description
        return item

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
        """Close the file this ``File`` opened itself; one handed in is left open, as
        in discord.py."""
        if self._owned and self._fp is not None:
            self._fp.close()


def _read_path(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def attachments_payload(files: list[File]) -> list[dict[str, Any]]:
    """The ``attachments`` array that names each ``files[n]`` part."""
    return [f.to_dict(i) for i, f in enumerate(files)]


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
