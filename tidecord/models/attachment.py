"""A file attached to a message (or to a message snapshot)."""

from __future__ import annotations

import asyncio
import base64
import os
from pathlib import Path
from typing import Any

import msgspec

from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    none_if_unset,
    sent_true,
    to_builtins,
    viewed_field,
)
from .record_flags import AttachmentFlags

__all__ = ["Attachment"]


class Attachment(Model, gc=False, kw_only=True):
    """A file attached to a message."""

    id: Snowflake
    filename: str
    title: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    content_type: str | UnsetType = UNSET
    size: int
    url: str
    proxy_url: str
    height: int | UnsetType | None = UNSET
    width: int | UnsetType | None = UNSET
    ephemeral: bool | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    # Voice messages: their length (s) and base64 waveform.
    duration_secs: float | UnsetType = UNSET
    waveform_data: str | UnsetType = msgspec.field(default=UNSET, name="waveform")
    # The client that decoded this object; never on the wire.
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Attachment) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:  # as discord.py: the file's URL
        return self.url

    def __repr__(self) -> str:
        return f"<Attachment id={self.id} filename={self.filename!r} url={self.url!r}>"

    @property
    def duration(self) -> float | None:
        """A voice message's length in seconds."""
        return self.duration_secs if isinstance(self.duration_secs, float | int) else None

    @property
    def waveform(self) -> bytes | None:
        """A voice message's waveform (one byte a sample), as discord.py gives it."""
        if isinstance(self.waveform_data, UnsetType):
            return None
        return base64.b64decode(self.waveform_data)

    def is_voice_message(self) -> bool:
        """Whether it is a voice message (it has a waveform)."""
        return not isinstance(self.waveform_data, UnsetType)

    def to_dict(self) -> dict[str, Any]:
        """The attachment as Discord sent it, with discord.py's ``id`` (an int) and
        ``spoiler``."""
        out: dict[str, Any] = to_builtins(msgspec.structs.replace(self, _state=UNSET))
        out.update(id=int(self.id), spoiler=self.is_spoiler())
        return out

    def is_spoiler(self) -> bool:
        """Whether the file is hidden behind a spoiler."""
        return self.filename.startswith("SPOILER_")

    async def read(self, *, use_cached: bool = False) -> bytes:
        """Download the file (``NotFound``, ``Forbidden``... if the CDN refuses, as
        discord.py's); ``use_cached`` reads the media proxy's copy, which may outlive
        the message."""
        from ..rest.cdn import download  # rest imports the models

        url = self.proxy_url if use_cached else self.url
        return await download(url, self._state.http.session)

    async def to_file(self, *, filename: str | None = None, description: str | None = None,
                      use_cached: bool = False, spoiler: bool = False) -> Any:
        """Download the file as a :class:`File` to send again (its name and description
        kept unless given). As discord.py's, it is a spoiler only with ``spoiler=True``:
        a spoiler's ``SPOILER_`` prefix is dropped otherwise."""
        from ..rest.files import File  # rest imports the models

        return File(await self.read(use_cached=use_cached), filename=filename or self.filename,
                    description=description if description is not None else (
                        None if isinstance(self.description, UnsetType) else self.description),
                    spoiler=spoiler)

    async def save(self, fp: Any, *, seek_begin: bool = True, use_cached: bool = False) -> int:
        """Download the file into ``fp`` (a path or a binary file object); returns its size."""
        data = await self.read(use_cached=use_cached)
        if isinstance(fp, str | os.PathLike):
            # Writing a file blocks: keep it off the event loop.
            return await asyncio.to_thread(Path(fp).write_bytes, data)
        written = fp.write(data)
        if seek_begin:
            fp.seek(0)
        return int(written)


# Left-out fields read as discord.py's do (None, or False for ``ephemeral``); msgspec
# still sees what was sent, so a re-sent attachment carries no invented nulls.
for _name in ("title", "description", "content_type", "height", "width"):
    viewed_field(Attachment, _name, none_if_unset)
viewed_field(Attachment, "ephemeral", sent_true)
viewed_field(Attachment, "flags", lambda value: AttachmentFlags._from_value(
    0 if value is UNSET else value), int)
