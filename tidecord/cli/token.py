"""Where a bot token comes from: ``--token``, then ``DISCORD_TOKEN``, then a ``.token`` file."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["TOKEN_ENV", "TOKEN_FILE", "find_token"]

TOKEN_ENV = "DISCORD_TOKEN"
TOKEN_FILE = ".token"


def find_token(explicit: str | None = None, directory: Path | None = None) -> str | None:
    """Return the first token found, or ``None`` when there is none.

    The order is the explicit value (``--token``), the ``DISCORD_TOKEN`` environment
    variable, then the ``.token`` file in ``directory`` (the working directory by
    default), read the way the guide reads it: surrounding whitespace stripped.
    """
    for candidate in (explicit, os.environ.get(TOKEN_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    path = (directory or Path.cwd()) / TOKEN_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, IsADirectoryError):
        return None
    return text or None
