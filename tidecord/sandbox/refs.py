"""How people name what they act on: a user, channel or message by id, name or
model, and a file by path or ``(filename, bytes)``, read into an upload.
"""

from __future__ import annotations

import asyncio
import mimetypes
from pathlib import Path

from tidecord.models import Channel, Message, User

from .rest.context import UploadedFile

__all__ = ["ChannelRef", "FileLike", "MessageRef", "UserRef", "read_upload"]

UserRef = int | str | User
ChannelRef = int | str | Channel
MessageRef = int | Message
FileLike = str | Path | tuple[str, bytes]
"""A file to upload: a path, or ``(filename, bytes)``."""


async def read_upload(index: int, file: FileLike) -> UploadedFile:
    """``file`` as the ``index``-th upload of a request, its type guessed from its name."""
    if isinstance(file, tuple):
        name, data = file
    else:
        path = Path(file)
        # Reading a file is blocking I/O: keep it off the event loop.
        name, data = path.name, await asyncio.to_thread(path.read_bytes)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return UploadedFile(index=index, filename=name, content_type=content_type, data=data)
